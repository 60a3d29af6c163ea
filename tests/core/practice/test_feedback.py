"""Feedback on an answer in the core, with a grader double: off without a grader, consent
asked once, nothing sent without yes, the feedback read with suspicion, every fault back to the
rubric, the hourly limit, and who graded the review."""

from __future__ import annotations

import random

import pytest

from bot.compose import build_handler
from core.coaching.checkin import summary_reply
from core.coaching.profile import Consent
from core.commands.handler import CommandHandler
from core.kernel.identity import Caller
from core.kernel.reply import Reply, answered
from core.practice.bank import category_title
from core.practice.feedback import (
    Feedback,
    GraderUnavailable,
    GradingRequest,
    PointVerdict,
    Unavailable,
)
from core.practice.progress import week
from core.practice.srs import Grade, GradedBy
from core.roles.catalog import Catalog
from core.store.store import Store
from tests.conftest import FakeClock

QUESTION = "amzn-pm-lp-01"
ANSWER = "I would own the outcome, dig into the data and disagree then commit."


class FakeGrader:
    def __init__(self) -> None:
        self.requests: list[GradingRequest] = []
        self.fault: Exception | None = None
        self.verdicts = (PointVerdict(1, True, "own the OUTCOME"), PointVerdict(2, True, "nope"))
        self.grade_said = Grade.GOOD

    @property
    def where(self) -> str:
        return "grader.test"

    async def grade(self, request: GradingRequest) -> Feedback:
        self.requests.append(request)
        if self.fault is not None:
            raise self.fault
        return Feedback(self.verdicts, self.grade_said, "Put the metric first.")


@pytest.fixture
def grader() -> FakeGrader:
    return FakeGrader()


@pytest.fixture
def graded(catalog: Catalog, store: Store, clock: FakeClock, grader: FakeGrader) -> CommandHandler:
    return build_handler(catalog, store, clock, random.Random(7), grader=grader, grader_per_hour=2)


async def submit(handler: CommandHandler, caller: Caller, text: str = ANSWER) -> Reply:
    return await handler.press("practice.answer", answered(QUESTION, text), caller)


async def follow(handler: CommandHandler, caller: Caller, reply: Reply) -> Reply:
    assert reply.followup is not None
    return await handler.press(reply.followup.action, reply.followup.payload, caller)


def press(reply: Reply, label: str) -> tuple[str, str]:
    found = next(b for b in reply.buttons if b.label == label)
    return found.action, found.payload


async def test_without_a_grader_nothing_changes(handler: CommandHandler, caller: Caller) -> None:
    reply = await submit(handler, caller)
    assert reply.followup is None
    assert "Feedback" not in reply.plain_text()
    assert [b.label for b in reply.buttons] == ["Again", "Hard", "Good", "Easy"]


async def test_consent_is_asked_once_and_nothing_is_sent_until_yes(
    graded: CommandHandler, caller: Caller, grader: FakeGrader, store: Store, catalog: Catalog
) -> None:
    first = await submit(graded, caller)
    assert "grader.test" in first.plain_text()
    assert first.followup is None
    assert first.checklist is not None
    second = await submit(graded, caller)
    assert "Yes, send my answers" not in [b.label for b in second.buttons]  # asked once
    assert second.followup is None
    assert grader.requests == []
    profile = await store.users.user(caller.key)
    assert profile is not None
    assert profile.ai_feedback is Consent.ASKED

    on = await graded.press(*press(first, "Yes, send my answers"), caller)
    assert "Feedback is on" in on.plain_text()
    assert on.checklist is not None
    reading = await submit(graded, caller)
    assert "Reading your answer" in reading.plain_text()
    assert grader.requests == []  # only the followup sends it
    await follow(graded, caller, reading)
    [sent] = grader.requests
    question = next(q for q in catalog.content.questions if q.id == QUESTION)
    assert sent.answer == ANSWER
    assert sent.points == tuple(question.rubric)


async def test_no_and_forget(graded: CommandHandler, caller: Caller, grader: FakeGrader) -> None:
    first = await submit(graded, caller)
    await graded.press(*press(first, "No, thanks"), caller)
    assert (await submit(graded, caller)).followup is None
    await graded.handle("/prep profile ai-feedback=yes", caller)
    assert (await submit(graded, caller)).followup is not None
    profile = await graded.handle("/prep profile", caller)
    assert "Answers sent for feedback: yes" in profile.plain_text()
    confirm = await graded.handle("/prep forget", caller)
    await graded.press(*press(confirm, "Yes, delete it all"), caller)
    again = await submit(graded, caller)
    assert "Yes, send my answers" in [b.label for b in again.buttons]  # asked afresh
    assert grader.requests == []


async def consented(graded: CommandHandler, caller: Caller) -> None:
    await graded.handle("/prep profile ai-feedback=yes", caller)


async def test_the_feedback_marks_points_quotes_evidence_and_suggests_every_grade(
    graded: CommandHandler, caller: Caller, catalog: Catalog, store: Store
) -> None:
    await consented(graded, caller)
    feedback = await follow(graded, caller, await submit(graded, caller))
    text = feedback.plain_text()
    rubric = next(q.rubric for q in catalog.content.questions if q.id == QUESTION)
    assert f"✓ 1. {rubric[0]}" in text
    assert "“own the OUTCOME”" in text
    assert f"✓ 2. {rubric[1]}" in text
    assert "nope" not in text
    assert f"✗ 3. {rubric[2]}" in text  # not mentioned: not covered
    assert "Put the metric first." in text
    assert "Suggested grade: Good" in text
    assert feedback.replaces
    assert feedback.checklist is not None
    assert feedback.checklist.ticked == (1, 2)
    labels = [b.label for b in feedback.buttons]
    assert labels == ["Again", "Hard", "Good (suggested)", "Easy"]
    graded_reply = await graded.press(*press(feedback, "Good (suggested)"), caller)
    assert graded_reply.title == "Graded: Good"
    [review] = await store.cards.reviews(caller.key)
    assert review.graded_by is GradedBy.GRADER
    assert (review.other_by, review.other_grade) == (GradedBy.GRADER, Grade.GOOD)
    assert (review.covered, review.total) == (2, len(rubric))


async def test_a_grade_other_than_the_suggestion_is_the_members_own(
    graded: CommandHandler, caller: Caller, store: Store
) -> None:
    await consented(graded, caller)
    feedback = await follow(graded, caller, await submit(graded, caller))
    await graded.press(*press(feedback, "Hard"), caller)
    [review] = await store.cards.reviews(caller.key)
    assert (review.graded_by, review.grade) == (GradedBy.SELF, Grade.HARD)
    # the grader's suggestion is kept beside the member's grade
    assert (review.other_by, review.other_grade) == (GradedBy.GRADER, Grade.GOOD)


async def test_ticks_corrected_from_the_graders_keep_its_suggestion_beside_the_grade(
    graded: CommandHandler, caller: Caller, store: Store, grader: FakeGrader
) -> None:
    await consented(graded, caller)
    grader.grade_said = Grade.EASY
    feedback = await follow(graded, caller, await submit(graded, caller))
    assert feedback.checklist is not None
    untick = feedback.checklist.payload + "|1"  # the member covered one point, not two
    suggestion = await graded.press(feedback.checklist.action, untick, caller)
    assert "You covered 1 of" in suggestion.plain_text()
    await graded.press(*press(suggestion, "Again (suggested)"), caller)
    [review] = await store.cards.reviews(caller.key)
    assert (review.graded_by, review.grade, review.covered) == (GradedBy.SELF, Grade.AGAIN, 1)
    assert (review.other_by, review.other_grade) == (GradedBy.GRADER, Grade.EASY)


async def test_without_feedback_a_review_has_no_other_grade(
    handler: CommandHandler, caller: Caller, store: Store
) -> None:
    reply = await submit(handler, caller)
    await handler.press(*press(reply, "Good"), caller)
    [review] = await store.cards.reviews(caller.key)
    assert (review.other_by, review.other_grade) == (None, None)


async def test_grading_above_the_grader_shows_in_stats(
    graded: CommandHandler, caller: Caller, clock: FakeClock, catalog: Catalog
) -> None:
    await consented(graded, caller)
    for round_ in range(3):
        if round_:
            clock.advance(days=1)  # past the hourly limit, and the card's next review
        feedback = await follow(graded, caller, await submit(graded, caller))
        assert (await graded.press(*press(feedback, "Easy"), caller)).title == "Graded: Easy"
    stats = (await graded.handle("/prep stats", caller)).plain_text()
    category = next(q.category for q in catalog.content.questions if q.id == QUESTION)
    title = category_title(category.value).lower()
    assert f"You grade your {title} answers one step higher than the grader does." in stats


@pytest.mark.parametrize(
    "fault",
    [GraderUnavailable(Unavailable.TIMEOUT), GraderUnavailable(Unavailable.BUSY), KeyError("x")],
)
async def test_any_fault_gives_back_the_rubric_and_the_answer(
    graded: CommandHandler, caller: Caller, grader: FakeGrader, fault: Exception
) -> None:
    await consented(graded, caller)
    grader.fault = fault
    reply = await follow(graded, caller, await submit(graded, caller))
    assert "Feedback is unavailable" in reply.plain_text()
    assert ANSWER[:30] in reply.plain_text()
    assert reply.checklist is not None
    assert reply.checklist.ticked == ()
    assert reply.problem is None
    assert reply.replaces
    assert [b.label for b in reply.buttons] == ["Again", "Hard", "Good", "Easy"]


async def test_the_hourly_limit_says_when_the_next_can_go(
    graded: CommandHandler, caller: Caller, clock: FakeClock
) -> None:
    await consented(graded, caller)
    assert (await submit(graded, caller)).followup is not None
    clock.advance(minutes=10)
    assert (await submit(graded, caller)).followup is not None
    clock.advance(minutes=10)
    third = await submit(graded, caller)
    assert third.followup is None
    assert third.checklist is not None
    assert "Feedback paused" in third.plain_text()
    assert "08:00" not in third.plain_text()
    assert "09:00" in third.plain_text()  # an hour after the first, at 08:00 UTC
    clock.advance(minutes=41)
    assert (await submit(graded, caller)).followup is not None


async def test_consent_withdrawn_before_the_followup_sends_nothing(
    graded: CommandHandler, caller: Caller, grader: FakeGrader
) -> None:
    await consented(graded, caller)
    reading = await submit(graded, caller)
    await graded.handle("/prep profile ai-feedback=no", caller)
    reply = await follow(graded, caller, reading)
    assert grader.requests == []
    assert reply.checklist is not None


async def test_stats_and_the_weekly_summary_say_who_chose_each_grade(
    graded: CommandHandler, caller: Caller, store: Store, clock: FakeClock
) -> None:
    await consented(graded, caller)
    feedback = await follow(graded, caller, await submit(graded, caller))
    await graded.press(*press(feedback, "Good (suggested)"), caller)
    revealed = await graded.press("practice.reveal", "amzn-pm-lp-02", caller)
    await graded.press(*press(revealed, "Hard"), caller)
    stats = (await graded.handle("/prep stats", caller)).plain_text()
    assert "Of 2 reviews: 1 by you, 1 the grader's suggestion." in stats

    reviews = await store.cards.reviews(caller.key)
    summary = summary_reply(None, 1, week(reviews, await store.cards.cards(caller.key), clock()))
    assert "Graded: 1 by you, 1 the grader's suggestion" in summary.plain_text()
    clock.advance(days=8)
    later = summary_reply(None, 0, week(reviews, [], clock()))
    assert "Graded" not in later.plain_text()  # only the week's reviews are counted
