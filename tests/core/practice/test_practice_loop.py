"""The practice loop in the core: reviews first, grades recorded once, answers kept only on
request, the check-in's due count, the Sunday numbers, the plan's advice, charts off the loop."""

from __future__ import annotations

import asyncio
import os
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.charts import PooledCharts
from bot.compose import build_handler
from core.commands.handler import CommandHandler
from core.content.loader import Content
from core.dispatch.dispatcher import Dispatcher
from core.kernel.identity import Caller, UserKey
from core.kernel.platform import Platform
from core.kernel.reply import Reply, answered
from core.practice.srs import Grade, Review, new_card, review
from core.roles.catalog import Catalog
from core.store.store import Store
from tests.conftest import FakeClock
from tests.fakes import FakeMessenger, person


def button(reply: Reply, label: str) -> tuple[str, str]:
    found = next(b for b in reply.buttons if b.label == label)
    return found.action, found.payload


async def grade(handler: CommandHandler, caller: Caller, question_id: str, label: str) -> Reply:
    revealed = await handler.press("practice.reveal", question_id, caller)
    return await handler.press(*button(revealed, label), caller)


async def test_due_reviews_come_first_most_overdue_first(
    handler: CommandHandler, caller: Caller, clock: FakeClock
) -> None:
    assert (await grade(handler, caller, "amzn-pm-lp-01", "Again")).title == "Graded: Again"
    clock.advance(hours=1)
    await grade(handler, caller, "amzn-pm-lp-02", "Again")
    clock.advance(days=2)  # both due: the first was due an hour earlier
    first = await handler.handle("/practice", caller)
    assert first.title.startswith("Review: ")
    assert button(first, "Write my answer")[1] == "amzn-pm-lp-01"
    assert "2 due now" in first.plain_text()


async def test_new_questions_come_from_the_target_role_and_weakest_category(
    handler: CommandHandler, caller: Caller, content: Content
) -> None:
    await handler.handle("/prep profile role=netflix-pm", caller)
    culture = next(
        q for q in content.questions if "netflix-pm" in q.roles and q.category.value == "culture"
    )
    execution = next(
        q for q in content.questions if "netflix-pm" in q.roles and q.category.value == "execution"
    )
    await grade(handler, caller, culture.id, "Again")  # the weakest category now
    await grade(handler, caller, execution.id, "Easy")
    for _ in range(3):
        question_id = button(await handler.handle("/practice", caller), "Write my answer")[1]
        question = next(q for q in content.questions if q.id == question_id)
        assert "netflix-pm" in question.roles
        assert question.category.value == "culture"
        assert question_id != culture.id


async def test_a_grade_is_recorded_once_even_when_pressed_together(
    handler: CommandHandler, caller: Caller, store: Store
) -> None:
    revealed = await handler.press("practice.reveal", "amzn-pm-lp-01", caller)
    good = button(revealed, "Good")
    replies = await asyncio.gather(*(handler.press(*good, caller) for _ in range(4)))
    assert sorted(r.title for r in replies) == ["Already graded"] * 3 + ["Graded: Good"]
    assert len(await store.cards.reviews(caller.key)) == 1
    [card] = await store.cards.cards(caller.key)
    assert card.reps == 1


async def test_the_store_refuses_a_second_recording_of_one_review(store: Store) -> None:
    key = UserKey(Platform.CONSOLE, "local", "ada")
    now = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
    card = review(new_card("q1", "execution", now), Grade.GOOD, now)
    entry = Review("q1", "execution", 0, Grade.GOOD, now, now.date(), 2.3, card.due)
    assert await store.cards.record(key, card, entry, "execution", now)
    assert not await store.cards.record(key, card, entry, "execution", now)
    user = await store.users.user(key)
    assert user is not None
    assert user.weakest_category == "execution"
    stale = review(card, Grade.AGAIN, now)
    later = Review("q1", "execution", 5, Grade.AGAIN, now, now.date(), 0.2, stale.due)
    assert not await store.cards.record(key, stale, later, None, now)  # the card is at 1, not 5
    assert [c.reps for c in await store.cards.cards(key)] == [1]


async def test_answers_are_kept_only_when_asked_and_forget_removes_them(
    handler: CommandHandler, caller: Caller, store: Store
) -> None:
    await handler.press("practice.answer", answered("amzn-pm-lp-01", "first try"), caller)
    assert await store.cards.answers(caller.key) == []
    profile = await handler.handle("/prep profile keep-answers=yes", caller)
    assert "Answers kept: yes" in profile.plain_text()
    shown = await handler.press("practice.answer", answered("amzn-pm-lp-01", "second"), caller)
    assert "second" in shown.plain_text()
    assert await store.cards.answers(caller.key) == [("amzn-pm-lp-01", "second")]
    await handler.press("prep.forget", "", caller)
    assert await store.cards.answers(caller.key) == []
    assert await store.cards.cards(caller.key) == []


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ("amzn-pm-lp-01\n   ", "Your answer was empty."),
        ("amzn-pm-lp-01\n" + "x" * 3001, "Your answer is 3001 characters; I take up to 3000."),
        ("amzn-pm-lp-01", "Your answer was empty."),
    ],
)
async def test_a_bad_answer_says_what_was_wrong(
    handler: CommandHandler, caller: Caller, payload: str, message: str
) -> None:
    reply = await handler.press("practice.answer", payload, caller)
    assert reply.title == "Sorry, I couldn't do that"
    assert message in reply.plain_text()


async def test_ticks_beyond_the_rubric_are_refused(handler: CommandHandler, caller: Caller) -> None:
    reply = await handler.press("practice.ticks", "amzn-pm-lp-01:0|1,9", caller)
    assert "There is no point 9" in reply.plain_text()
    garbled = await handler.press("practice.grade", "amzn-pm-lp-01:x:3", caller)
    assert "not valid any more" in garbled.plain_text()


async def test_the_check_in_counts_reviews_due_today_and_names_the_weakest(
    handler: CommandHandler, store: Store, clock: FakeClock, content: Content
) -> None:
    ada, bob = person("ada"), person("bob")
    for who in (ada, bob):
        await handler.handle("/prep checkin 08:30 Europe/London", who)
    await grade(handler, ada, "amzn-pm-lp-01", "Again")  # due tomorrow morning
    await grade(handler, ada, "amzn-pm-lp-02", "Easy")  # due in 8 days
    messenger = FakeMessenger()
    dispatcher = Dispatcher(store, content, {Platform.CONSOLE: messenger}, clock)
    clock.now = datetime(2026, 11, 23, 8, 30, 5, tzinfo=UTC)
    assert (await dispatcher.tick()).sent == 2
    assert "1 due today" not in messenger.direct_posts[0].reply.plain_text()  # due tomorrow
    clock.now = datetime(2026, 11, 24, 8, 30, 5, tzinfo=UTC)
    assert (await dispatcher.tick()).sent == 2
    checkins = {p.target: p.reply for p in messenger.direct_posts[2:]}
    text = checkins["ada"].plain_text()
    assert "1 due today" in text
    assert "leadership principles answers are the shakiest" in text
    start = button(checkins["ada"], "Start 1 review(s)")
    assert "due today" not in checkins["bob"].plain_text()
    assert not [b for b in checkins["bob"].buttons if b.action == "practice.start"]
    served = await handler.press(*start, ada)
    assert button(served, "Write my answer")[1] == "amzn-pm-lp-01"


async def test_the_sunday_summary_adds_reviews_retention_weakest_and_next_week(
    handler: CommandHandler, store: Store, clock: FakeClock, content: Content
) -> None:
    ada = person("ada")
    await handler.handle("/prep checkin 07:00 UTC", ada)
    await grade(handler, ada, "amzn-pm-lp-01", "Good")
    clock.advance(days=2)
    await grade(handler, ada, "amzn-pm-lp-01", "Again")
    await grade(handler, ada, "nflx-pm-cu-01", "Easy")
    messenger = FakeMessenger()
    dispatcher = Dispatcher(store, content, {Platform.CONSOLE: messenger}, clock)
    clock.now = datetime(2026, 11, 29, 18, 0, 10, tzinfo=UTC)
    await dispatcher.tick()
    (summary,) = [p.reply for p in messenger.direct_posts if p.reply.title == "Your week"]
    text = summary.plain_text()
    assert "Reviews done: 3" in text
    assert "Weakest category: Leadership principles" in text
    assert "Due next week: 2" in text
    assert "Retention: " in text


async def test_the_plan_starts_with_the_weakest_category(
    handler: CommandHandler, caller: Caller
) -> None:
    await grade(handler, caller, "amzn-pm-lp-01", "Again")
    plan = await handler.handle("/prep plan amazon-pm 2026-12-20", caller)
    assert plan.sections[0].heading == "Next, from your reviews"
    assert "Weakest: Leadership principles" in plan.plain_text()


async def test_stats_render_the_charts_in_another_process(
    store: Store, clock: FakeClock, catalog: Catalog, caller: Caller, pooled_charts: PooledCharts
) -> None:
    handler = build_handler(catalog, store, clock, charts=pooled_charts)
    assert await pooled_charts.in_worker(os.getpid) != os.getpid()
    await grade(handler, caller, "amzn-pm-lp-01", "Hard")
    reply = await handler.handle("/prep stats", caller)
    assert [c.filename for c in reply.charts] == ["practice-days.png", "retention.png"]
    assert all(c.png.startswith(b"\x89PNG") for c in reply.charts)
    text = reply.plain_text()
    assert "Reviews due this week: 1" in text
    assert "Leadership principles: " in text


async def test_the_leaderboard_counts_days_practised_in_the_last_28(
    handler: CommandHandler, clock: FakeClock
) -> None:
    ada, bob = person("ada"), person("bob")
    for day in range(5):
        clock.now = datetime(2026, 11, 1, 9, 0, tzinfo=UTC) + timedelta(days=day)
        await handler.press(
            "checkin.done", (date(2026, 11, 1) + timedelta(days=day)).isoformat(), bob
        )
    clock.now = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    await grade(handler, ada, "amzn-pm-lp-01", "Good")
    board = (await handler.handle("/prep stats", ada)).plain_text()
    assert "1. @bob: 5 of the last 28 days (streak 5)\n2. @ada: 1 of the last 28 days" in board


async def test_a_question_graded_today_is_a_day_practised_for_the_streak_and_the_board(
    handler: CommandHandler, store: Store, clock: FakeClock
) -> None:
    ada = person("ada")
    await grade(handler, ada, "amzn-pm-lp-01", "Good")
    stats = (await handler.handle("/prep stats", ada)).plain_text()
    assert "Streak: 1 day (best 1)" in stats
    assert "1. @ada: 1 of the last 28 days (streak 1)" in stats
    assert await store.users.done_since(ada.key, date(2026, 11, 23)) == 1
    clock.advance(days=1)
    await grade(handler, ada, "amzn-pm-lp-02", "Good")
    # a rest day noted on a day already practised leaves the day practised
    await handler.press("checkin.done", "2026-11-24", ada)
    await handler.press("checkin.skip", "2026-11-24", ada)
    stats = (await handler.handle("/prep stats", ada)).plain_text()
    assert "Streak: 2 days (best 2)" in stats
    assert "1. @ada: 2 of the last 28 days (streak 2)" in stats
