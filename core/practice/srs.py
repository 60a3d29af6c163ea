"""Spaced repetition: one FSRS card per member and question, graded Again, Hard, Good or Easy.

The scheduler is the `fsrs` package (the one Anki uses) with its default parameters, a desired
retention of 90 %, no learning steps (a chat bot asks at most daily, so every interval is whole
days) and no fuzz (due dates are reproducible, and every replica computes the same one).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from enum import IntEnum, StrEnum

from fsrs import Card as FsrsCard
from fsrs import Rating, Scheduler, State

SCHEDULER = Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)


class Grade(IntEnum):
    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4

    @property
    def title(self) -> str:
        return self.name.title()


def parse_grade(word: str) -> Grade | None:
    try:
        return Grade[word.strip().upper()]
    except KeyError:
        return None


def grade_for(covered: int, total: int) -> Grade:
    """The grade a share of rubric points suggests: all of them Easy, at least 70 % Good,
    at least 40 % Hard, less Again."""
    if total <= 0:
        return Grade.AGAIN
    share = covered / total
    if share >= 1:
        return Grade.EASY
    if share >= 0.7:
        return Grade.GOOD
    if share >= 0.4:
        return Grade.HARD
    return Grade.AGAIN


@dataclass(frozen=True)
class Card:
    """A member's card for one question. `reps` counts its reviews: the review a grade button
    is for is the card's `reps` when the button was made, so a second press finds it moved."""

    question_id: str
    category: str
    due: datetime
    stability: float | None = None
    difficulty: float | None = None
    last_review: datetime | None = None
    reps: int = 0
    lapses: int = 0

    @property
    def is_new(self) -> bool:
        return self.reps == 0

    def retrievability(self, now: datetime) -> float:
        """The chance of recalling it at `now` (0 for a card never reviewed)."""
        return float(SCHEDULER.get_card_retrievability(self._fsrs(), _utc(now)))

    def _fsrs(self) -> FsrsCard:
        return FsrsCard(
            card_id=1,
            state=State.Learning if self.is_new else State.Review,
            step=0 if self.is_new else None,
            stability=self.stability,
            difficulty=self.difficulty,
            due=_utc(self.due),
            last_review=_utc(self.last_review) if self.last_review else None,
        )


def new_card(question_id: str, category: str, now: datetime) -> Card:
    return Card(question_id=question_id, category=category, due=now)


def review(card: Card, grade: Grade, now: datetime) -> Card:
    """The card after a review graded `grade` at `now`."""
    after, _ = SCHEDULER.review_card(card._fsrs(), Rating(int(grade)), _utc(now))
    return replace(
        card,
        due=after.due,
        stability=after.stability,
        difficulty=after.difficulty,
        last_review=after.last_review,
        reps=card.reps + 1,
        lapses=card.lapses + (grade is Grade.AGAIN and not card.is_new),
    )


class GradedBy(StrEnum):
    """Who chose a review's grade: the member, the member taking the grader's suggestion, or
    the partner who interviewed them."""

    SELF = "self"
    GRADER = "grader"
    PEER = "peer"


@dataclass(frozen=True)
class Review:
    """One graded review, as logged: the card as it was left, and the rubric points ticked."""

    question_id: str
    category: str
    seq: int  # the card's reps before this review: unique per card
    grade: Grade
    reviewed_at: datetime
    local_date: date
    stability: float
    due: datetime
    covered: int | None = None
    total: int | None = None
    graded_by: GradedBy = GradedBy.SELF
    # Another's grade of the same answer (the grader's suggestion, a partner's form), when
    # there was one: what calibration compares the member's own grade with.
    other_grade: Grade | None = None
    other_by: GradedBy | None = None


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)
