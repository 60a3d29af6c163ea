"""Grade buttons' payloads: the grader's suggestion travels in every button beside it, buttons
made before it did still press as they did, and the payloads stay within Discord's custom id."""

from __future__ import annotations

import pytest

from bot.discord_adapter.buttons import CUSTOM_ID_LIMIT, PLAIN, encode
from core.content.loader import Content
from core.kernel.errors import UsageError
from core.practice.bank import GRADE_ACTION
from core.practice.feedback import Feedback, PointVerdict
from core.practice.feedback_replies import feedback_reply
from core.practice.grading import GradePress, OtherGrade, ReviewRef, grade_buttons, ticks
from core.practice.srs import Grade, GradedBy

REF = ReviewRef("amzn-pm-lp-01", 3)
BY_GRADER = OtherGrade(GradedBy.GRADER, Grade.GOOD)
BY_PEER = OtherGrade(GradedBy.PEER, Grade.HARD)


@pytest.mark.parametrize(
    "press",
    [
        GradePress(REF, Grade.HARD),
        GradePress(REF, Grade.HARD, 1, 4),
        GradePress(REF, Grade.GOOD, 2, 4, GradedBy.GRADER),
        GradePress(ReviewRef(REF.question_id, REF.seq, BY_GRADER), Grade.EASY, 2, 4),
        GradePress(ReviewRef(REF.question_id, REF.seq, BY_GRADER), Grade.AGAIN),
        GradePress(ReviewRef(REF.question_id, 0, BY_PEER), Grade.EASY),
    ],
)
def test_a_press_reads_back_as_it_was_made(press: GradePress) -> None:
    assert GradePress.load(press.dump()) == press


@pytest.mark.parametrize(
    ("payload", "grade", "by", "other"),
    [
        ("amzn-pm-lp-01:3:2", Grade.HARD, GradedBy.SELF, None),
        ("amzn-pm-lp-01:3:2:1/4", Grade.HARD, GradedBy.SELF, None),
        # the suggested button as it was made before the suggestion travelled: the grade taken
        ("amzn-pm-lp-01:3:3:2/4:grader", Grade.GOOD, GradedBy.GRADER, BY_GRADER),
        ("amzn-pm-lp-01:3:2:peer", Grade.HARD, GradedBy.PEER, BY_PEER),
        # beside the suggestion, a grade of the member's own
        ("amzn-pm-lp-01:3:4:2/4:grader3", Grade.EASY, GradedBy.SELF, BY_GRADER),
        ("amzn-pm-lp-01:3:1:grader3", Grade.AGAIN, GradedBy.SELF, BY_GRADER),
    ],
)
def test_what_a_payload_says(
    payload: str, grade: Grade, by: GradedBy, other: OtherGrade | None
) -> None:
    press = GradePress.load(payload)
    assert (press.ref.question_id, press.ref.seq) == ("amzn-pm-lp-01", 3)
    assert (press.grade, press.by, press.other) == (grade, by, other)


@pytest.mark.parametrize(
    "payload",
    ["q:3:2:grader9", "q:3:2:grader33", "q:3:2:self", "q:3:2:judge3", "q:3:2:2/4:grader:x"],
)
def test_a_garbled_suggestion_is_refused(payload: str) -> None:
    with pytest.raises(UsageError):
        GradePress.load(payload)


def test_every_button_beside_the_graders_suggestion_carries_it() -> None:
    buttons = grade_buttons(REF, Grade.GOOD, 2, 4, GradedBy.GRADER)
    presses = {GradePress.load(b.payload).grade: GradePress.load(b.payload) for b in buttons}
    assert {g: p.by for g, p in presses.items()} == {
        Grade.AGAIN: GradedBy.SELF,
        Grade.HARD: GradedBy.SELF,
        Grade.GOOD: GradedBy.GRADER,
        Grade.EASY: GradedBy.SELF,
    }
    assert {p.other for p in presses.values()} == {BY_GRADER}


def test_ticks_of_the_members_own_carry_no_other_grade() -> None:
    for button in grade_buttons(REF, Grade.GOOD, 2, 4):
        press = GradePress.load(button.payload)
        assert (press.by, press.other) == (GradedBy.SELF, None)


def test_ticks_corrected_from_the_graders_keep_its_suggestion() -> None:
    ref, covered = ticks(f"{ReviewRef('q', 2, BY_GRADER).dump()}|1,2,3", 4)
    assert (ref, covered) == (ReviewRef("q", 2, BY_GRADER), 3)
    for button in grade_buttons(ref, Grade.GOOD, covered, 4):  # the ticks' own suggestion
        press = GradePress.load(button.payload)
        assert (press.by, press.other) == (GradedBy.SELF, BY_GRADER)


def test_the_feedback_replys_payloads_fit_a_discord_custom_id(content: Content) -> None:
    guild = "1" * 19  # a button in direct messages names its server too
    for question in content.questions:
        verdicts = tuple(PointVerdict(n, True, "") for n in range(1, len(question.rubric) + 1))
        ref = ReviewRef(question.id, 9999)
        reply = feedback_reply(question, ref, "An answer.", Feedback(verdicts, Grade.EASY, ""))
        assert reply.checklist is not None
        assert ReviewRef.load(reply.checklist.payload).other == OtherGrade(
            GradedBy.GRADER, Grade.EASY
        )
        items = [(b.action, b.payload, "p") for b in reply.buttons if b.action == GRADE_ACTION]
        items.append((reply.checklist.action, reply.checklist.payload, "c"))
        for action, payload, kind in items:
            custom_id = encode(action, payload, guild, kind=kind)
            assert custom_id.startswith(kind + PLAIN[1])  # plain, not packed
            assert len(custom_id) <= CUSTOM_ID_LIMIT
