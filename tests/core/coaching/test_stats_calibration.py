"""/prep stats says how a member's own grades compare with their partners' and the grader's,
from the reviews the store holds, and says nothing when there is nothing to say."""

from __future__ import annotations

from itertools import count

from core.commands.handler import CommandHandler
from core.kernel.identity import Caller
from core.kernel.reply import Reply, TextSection
from core.practice.srs import Grade, GradedBy, Review, new_card, review
from core.store.store import Store
from tests.conftest import FakeClock

HEADING = "How your grades compare"
_QUESTIONS = count(1)


async def record(
    store: Store,
    caller: Caller,
    clock: FakeClock,
    category: str,
    own: Grade,
    other: Grade | None,
    other_by: GradedBy | None,
    graded_by: GradedBy = GradedBy.SELF,
) -> None:
    now = clock.advance(minutes=5)
    question_id = f"q{next(_QUESTIONS)}"
    card = review(new_card(question_id, category, now), own, now)
    entry = Review(
        question_id=question_id,
        category=category,
        seq=0,
        grade=own,
        reviewed_at=now,
        local_date=now.date(),
        stability=card.stability or 0.0,
        due=card.due,
        graded_by=graded_by,
        other_grade=other,
        other_by=other_by,
    )
    assert await store.cards.record(caller.key, card, entry, None, now)


def section(reply: Reply, heading: str) -> str | None:
    found = [s for s in reply.sections if isinstance(s, TextSection) and s.heading == heading]
    return found[0].text if found else None


async def test_stats_tell_the_biggest_gaps_from_the_stored_reviews(
    handler: CommandHandler, store: Store, caller: Caller, clock: FakeClock
) -> None:
    peer, grader = GradedBy.PEER, GradedBy.GRADER
    # execution, against partners: Good over Hard three times, +1 each
    for _ in range(3):
        await record(store, caller, clock, "execution", Grade.GOOD, Grade.HARD, peer)
    # a partner's form that became the review is not the member's grade: left out
    await record(store, caller, clock, "execution", Grade.AGAIN, Grade.EASY, peer, peer)
    # product sense, against the grader: Hard under Good twice, the suggested Good taken: -2/3
    await record(store, caller, clock, "product-sense", Grade.HARD, Grade.GOOD, grader)
    await record(store, caller, clock, "product-sense", Grade.HARD, Grade.GOOD, grader)
    await record(store, caller, clock, "product-sense", Grade.GOOD, Grade.GOOD, grader, grader)
    # culture: a big gap, but two samples only
    for _ in range(2):
        await record(store, caller, clock, "culture", Grade.EASY, Grade.AGAIN, grader)
    # nobody else's grade
    await record(store, caller, clock, "culture", Grade.EASY, None, None)

    reply = await handler.handle("/prep stats", caller)
    assert section(reply, HEADING) == (
        "You grade your execution answers one step higher than your partners do.\n"
        "You grade your product sense answers half a step lower than the grader does."
    )
    assert "Of 10 reviews" in reply.plain_text()  # every review still counts elsewhere


async def test_stats_say_nothing_about_grades_that_agree(
    handler: CommandHandler, store: Store, caller: Caller, clock: FakeClock
) -> None:
    # 0, +1, 0: a third of a step
    for own, other in ((Grade.GOOD, Grade.GOOD), (Grade.GOOD, Grade.HARD), (Grade.HARD,) * 2):
        await record(store, caller, clock, "execution", own, other, GradedBy.PEER)
    reply = await handler.handle("/prep stats", caller)
    assert section(reply, "Who chose the grades") is not None
    assert section(reply, HEADING) is None
