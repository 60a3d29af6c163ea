"""Answering and grading a practice question: the answer form, the rubric as a checklist beside
the member's answer, the grade the ticks suggest, and what a recorded grade means.

A grade button's payload names its review, `question:seq:grade`, where seq is the card's review
count when the button was made; the store records each (member, question, seq) once. Beside
another's suggestion (the grader's), the buttons carry it too, so that the review keeps it
beside the member's grade whichever they press, after a restart as well.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from zoneinfo import ZoneInfo

from core.content.models import Article, PracticeQuestion
from core.kernel.errors import UsageError
from core.kernel.reply import Button, ButtonStyle, Checklist, Form, Reply, Section, TextSection
from core.kernel.safety import defang
from core.practice.bank import GRADE_ACTION, START_ACTION, TICKS_ACTION, category_title, source_line
from core.practice.deadline import Aim
from core.practice.srs import Card, Grade, GradedBy, grade_for

MAX_ANSWER = 3000
ANSWER_FORM = Form(
    title="Your answer",
    label="Answer as you would in the interview",
    placeholder="Structure first, then the detail…",
    max_chars=MAX_ANSWER,
)


def answer_form(grader: str = "") -> Form:
    """The answer form; with a grader at `grader` (its host), it says where answers go."""
    if not grader:
        return ANSWER_FORM
    return ANSWER_FORM.model_copy(
        update={"placeholder": f"Structure first. With ai-feedback=yes this goes to {grader}"}
    )


@dataclass(frozen=True)
class OtherGrade:
    """Someone else's grade of the same answer, kept beside the member's: the grader's
    suggestion, or a partner's. In a payload, `grader3` (who, then the grade)."""

    by: GradedBy
    grade: Grade

    def dump(self) -> str:
        return f"{self.by.value}{int(self.grade)}"


@dataclass(frozen=True)
class ReviewRef:
    """Which review a checklist or grade button is for, `question:seq`, then `:grader3` when
    someone else's grade of the answer goes with it."""

    question_id: str
    seq: int
    other: OtherGrade | None = None

    def dump(self) -> str:
        other = f":{self.other.dump()}" if self.other else ""
        return f"{self.question_id}:{self.seq}{other}"

    @classmethod
    def load(cls, text: str) -> ReviewRef:
        question_id, _, rest = text.partition(":")
        seq, _, tail = rest.partition(":")
        if not question_id or not seq.isdecimal():
            raise _stale()
        if not tail:
            return cls(question_id, int(seq))
        by, grade = _whose(tail)
        if by is None or grade is None:
            raise _stale()
        return cls(question_id, int(seq), OtherGrade(by, grade))


@dataclass(frozen=True)
class GradePress:
    """A grade button: `question:seq:grade`, then `:covered/total` when ticks suggested it,
    then `:grader` or `:peer` when the member takes someone else's suggestion, or `:grader3`
    when they grade beside it (here the grader suggested Good)."""

    ref: ReviewRef
    grade: Grade
    covered: int | None = None
    total: int | None = None
    by: GradedBy = GradedBy.SELF

    @property
    def other(self) -> OtherGrade | None:
        """Another's grade for the review to keep: a suggestion taken is the grade pressed."""
        if self.by is not GradedBy.SELF:
            return OtherGrade(self.by, self.grade)
        return self.ref.other

    def dump(self) -> str:
        ticks = f":{self.covered}/{self.total}" if self.total is not None else ""
        if self.by is not GradedBy.SELF:
            whose = f":{self.by.value}"
        else:
            whose = f":{self.ref.other.dump()}" if self.ref.other else ""
        return f"{self.ref.question_id}:{self.ref.seq}:{int(self.grade)}{ticks}{whose}"

    @classmethod
    def load(cls, text: str) -> GradePress:
        parts = text.split(":")
        by, other = GradedBy.SELF, None
        named, grade = _whose(parts[-1]) if len(parts) > 3 else (None, None)
        if named is not None:
            parts.pop()
            if grade is None:  # the suggestion itself, taken
                by = named
            else:
                other = OtherGrade(named, grade)
        if len(parts) not in (3, 4) or not parts[2].isdecimal() or not 1 <= int(parts[2]) <= 4:
            raise _stale()
        ref = replace(ReviewRef.load(f"{parts[0]}:{parts[1]}"), other=other)
        if len(parts) == 3:
            return cls(ref, Grade(int(parts[2])), by=by)
        covered, _, total = parts[3].partition("/")
        if not (covered.isdecimal() and total.isdecimal()):
            raise _stale()
        return cls(ref, Grade(int(parts[2])), int(covered), int(total), by)


_OTHERS = {b.value: b for b in GradedBy if b is not GradedBy.SELF}


def _whose(token: str) -> tuple[GradedBy | None, Grade | None]:
    """`grader3`: the grader, and Good; a bare `grader`: the grader alone; any other part of
    a payload: neither."""
    name = token.rstrip("0123456789")
    number = token[len(name) :]
    by = _OTHERS.get(name)
    if by is None or number not in ("", "1", "2", "3", "4"):
        return None, None
    return by, Grade(int(number)) if number else None


def answered_to(payload: str) -> str:
    """The payload of the button a submitted form answers (or of the bare press)."""
    return payload.partition("\n")[0]


def answer_text(payload: str) -> tuple[str, str]:
    """The question id and the answer a submitted form carries."""
    question_id, _, text = payload.partition("\n")
    text = text.strip()
    if not text:
        raise UsageError("Your answer was empty.", "Write it in the box, then submit.")
    if len(text) > MAX_ANSWER:
        raise UsageError(
            f"Your answer is {len(text)} characters; I take up to {MAX_ANSWER}.",
            "Shorten it to the points you would make out loud.",
        )
    return question_id, text


def ticks(payload: str, total: int) -> tuple[ReviewRef, int]:
    """The review a submitted checklist is for, and how many of `total` points were ticked."""
    head, _, numbers = payload.rpartition("|")
    ref = ReviewRef.load(head)
    picked = {int(n) for n in numbers.split(",") if n.strip().isdecimal()}
    wrong = sorted(n for n in picked if not 1 <= n <= total)
    if wrong:
        raise UsageError(
            f"There is no point {wrong[0]}; the points are numbered 1 to {total}.",
            "Tick again with the numbers shown.",
        )
    return ref, len(picked)


def reveal_reply(
    question: PracticeQuestion,
    seq: int,
    answer: str | None = None,
    *,
    articles: Mapping[str, Article] | None = None,
) -> Reply:
    """The rubric as a checklist beside the member's answer; ticks or a grade record the
    review."""
    ref = ReviewRef(question.id, seq)
    sections: list[Section] = []
    if answer is not None:
        safe = "\n".join(defang(line, MAX_ANSWER) for line in answer.splitlines() if line.strip())
        sections.append(TextSection(heading="Your answer", text=safe))
    # the points are listed once, as the checklist each platform draws
    sections.append(
        TextSection(
            heading=question.prompt,
            text="Tick the points you covered for a suggested grade, or grade yourself: "
            "Again (I'd fail it today), Hard, Good, Easy.",
        )
    )
    sections.append(TextSection(text=source_line(question, articles)))
    return Reply(
        title="What a strong answer covers",
        sections=tuple(sections),
        checklist=Checklist(
            action=TICKS_ACTION,
            payload=ref.dump(),
            items=tuple(question.rubric),
            prompt="Tick the points your answer covered",
            submit="Grade my ticks",
        ),
        buttons=grade_buttons(ref),
    )


def grade_buttons(
    ref: ReviewRef,
    suggested: Grade | None = None,
    covered: int | None = None,
    total: int | None = None,
    by: GradedBy = GradedBy.SELF,
) -> tuple[Button, ...]:
    """Every grade, the suggested one marked; `by`: whose suggestion it is (pressing it
    records that), the other grades are the member's own, each carrying the suggestion of
    someone else (or `ref`'s other grade) for the review to keep beside it."""
    if suggested is not None and by is not GradedBy.SELF:
        ref = replace(ref, other=OtherGrade(by, suggested))
    return tuple(
        Button(
            action=GRADE_ACTION,
            label=grade.title + (" (suggested)" if grade is suggested else ""),
            payload=GradePress(
                ref, grade, covered, total, by if grade is suggested else GradedBy.SELF
            ).dump(),
            style=ButtonStyle.PRIMARY if grade is suggested else ButtonStyle.DEFAULT,
        )
        for grade in Grade
    )


def suggestion_reply(ref: ReviewRef, covered: int, total: int) -> Reply:
    suggested = grade_for(covered, total)
    return Reply(
        title=f"Suggested grade: {suggested.title}",
        sections=(
            TextSection(
                text=f"You covered {covered} of {total} point(s). Press a grade to record it; "
                "pick another if the suggestion is off."
            ),
        ),
        buttons=grade_buttons(ref, suggested, covered, total),
    )


def graded_reply(
    card: Card,
    grade: Grade,
    now: datetime,
    zone: ZoneInfo,
    again: bool,
    aim: Aim | None = None,
) -> Reply:
    """After a grade: when the question comes back, and whether that is before the member's
    interview. `again`: that review was graded before."""
    due = card.due.astimezone(zone)
    days = (due.date() - now.astimezone(zone).date()).days
    when = f"{due:%a %d %b}" + (
        " (tomorrow)" if days == 1 else f" (in {days} days)" if days > 1 else ""
    )
    if aim is not None and aim.deadline is not None and now.astimezone(zone).date() < aim.deadline:
        when += ", before your interview" if due.date() <= aim.deadline else ""
    text = f"This {category_title(card.category).lower()} question comes back on {when}."
    if again:
        text = "That review was already graded; nothing changed. " + text
    return Reply(
        title="Already graded" if again else f"Graded: {grade.title}",
        sections=(TextSection(text=text),),
        buttons=(Button(action=START_ACTION, label="Next question", style=ButtonStyle.PRIMARY),),
    )


def _stale() -> UsageError:
    return UsageError("That button is not valid any more.", "Run `/practice` for a fresh one.")
