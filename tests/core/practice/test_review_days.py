"""Review days through the commands: `/prep profile reviews-a-day=N`, setting an interview
date brings stored cards before it, and a grade on a full day lands on an earlier one."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from core.commands.handler import CommandHandler
from core.content.loader import Content
from core.kernel.identity import Caller
from core.practice.srs import Card, Grade, Review, new_card, review
from core.store.store import Store
from tests.conftest import FakeClock


async def seed(store: Store, caller: Caller, content: Content, due: datetime, count: int) -> None:
    """`count` reviewed cards of the bank's first questions, all due at `due`."""
    for question in content.questions[:count]:
        card = Card(question.id, question.category.value, due, 20.0, 5.0, due, 1, 0)
        entry = Review(question.id, card.category, 0, Grade.GOOD, due, due.date(), 20.0, due)
        assert await store.cards.record(caller.key, card, entry, None, due - timedelta(days=20))


async def test_reviews_a_day_is_a_profile_setting(
    handler: CommandHandler, store: Store, caller: Caller
) -> None:
    shown = await handler.handle("/prep profile", caller)
    assert "Nothing set yet" in shown.plain_text()
    reply = await handler.handle("/prep profile reviews-a-day=12", caller)
    assert "at most 12" in reply.plain_text()
    profile = await store.users.user(caller.key)
    assert profile is not None
    assert profile.reviews_a_day == 12
    for wrong in ("0", "501"):
        refused = await handler.handle(f"/prep profile reviews-a-day={wrong}", caller)
        assert "reviews-a-day takes a number from 1 to 500" in refused.plain_text()
    for wrong in ("many", "-3"):  # not a number: the spec's reader refuses it
        refused = await handler.handle(f"/prep profile reviews-a-day={wrong}", caller)
        assert "needs a number" in refused.plain_text()
    profile = await store.users.user(caller.key)
    assert profile is not None
    assert profile.reviews_a_day == 12
    default = await handler.handle("/prep profile tz=UTC", Caller(caller.platform, "w2", "bob"))
    assert "at most 20 (the default" in default.plain_text()


async def test_setting_an_interview_brings_the_cards_before_it_a_day_at_a_time(
    handler: CommandHandler, store: Store, caller: Caller, content: Content
) -> None:
    # Today is Monday 23 November 2026; 45 cards are due on 20 December.
    await seed(store, caller, content, datetime(2026, 12, 20, 8, tzinfo=UTC), 45)
    await handler.handle("/prep profile interview=2026-12-04", caller)  # a Friday
    days = sorted(c.due.date() for c in await store.cards.cards(caller.key))
    assert days == [date(2026, 12, 1)] * 5 + [date(2026, 12, 2)] * 20 + [date(2026, 12, 3)] * 20
    # A limit of 10: each day keeps 10, and what is over moves at most a day earlier (a sixth of a
    # 9 or 10 days' interval), to the less full day, the later on a tie: 5 + 7 on the 1st,
    # 10 + 6 on the 2nd, 10 + 7 on the 3rd. Nothing passes the interview.
    await handler.handle("/prep profile reviews-a-day=10", caller)
    per_day: dict[date, int] = {}
    for card in await store.cards.cards(caller.key):
        per_day[card.due.date()] = per_day.get(card.due.date(), 0) + 1
    assert per_day == {date(2026, 12, 1): 12, date(2026, 12, 2): 16, date(2026, 12, 3): 17}


async def test_a_grade_on_a_full_day_lands_on_an_earlier_one(
    handler: CommandHandler, store: Store, caller: Caller, content: Content, clock: FakeClock
) -> None:
    await handler.handle("/prep profile reviews-a-day=3", caller)
    question = next(q for q in content.questions[3:] if q.roles)
    reveal = await handler.handle(f"/practice {question.roles[0]} {question.category}", caller)
    shown = next(b for b in reveal.buttons if b.label == "What a strong answer covers")
    rubric = await handler.press(shown.action, shown.payload, caller)
    easy = next(b for b in rubric.buttons if b.label == "Easy")
    graded_id = easy.payload.split(":")[0]
    # What FSRS alone gives an Easy new card today, filled to the limit beforehand.
    fsrs_due = review(new_card(graded_id, "x", clock.now), Grade.EASY, clock.now).due
    await seed(store, caller, content, fsrs_due, 3)
    await handler.press(easy.action, easy.payload, caller)
    [graded] = [c for c in await store.cards.cards(caller.key) if c.question_id == graded_id]
    assert graded.due == datetime.combine(
        fsrs_due.date() - timedelta(days=1), datetime.min.time(), UTC
    )
