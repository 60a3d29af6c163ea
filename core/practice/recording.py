"""One grade on one card, whoever gave it: the card FSRS leaves (landed before the member's
interview and on a day with room) and the review that logs it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from core.content.models import PracticeQuestion
from core.practice.deadline import Aim, day_loads, land
from core.practice.grading import OtherGrade
from core.practice.progress import retention_by_category, weakest
from core.practice.srs import Card, Grade, GradedBy, Review, new_card, review


@dataclass(frozen=True)
class Graded:
    card: Card  # the card as the grade leaves it
    entry: Review  # the review to log
    weakest: str | None  # the member's weakest category afterwards


def grade_card(
    cards: Sequence[Card],
    question: PracticeQuestion,
    grade: Grade,
    now: datetime,
    aim: Aim,
    *,
    before: Card | None = None,
    covered: int | None = None,
    total: int | None = None,
    by: GradedBy = GradedBy.SELF,
    other: OtherGrade | None = None,
) -> Graded:
    """Grade `question` among the member's `cards`. `before`: the card to grade from, when
    it is not the stored one (a grade that replaces the last review)."""
    card = before or next((c for c in cards if c.question_id == question.id), None)
    seq = card.reps if card else 0
    after = review(card or new_card(question.id, question.category.value, now), grade, now)
    others = [c for c in cards if c.question_id != question.id]
    today = now.astimezone(aim.zone).date()
    after = replace(after, due=land(after.due, now, aim, day_loads(others, aim.zone, today)).due)
    entry = Review(
        question_id=question.id,
        category=question.category.value,
        seq=seq,
        grade=grade,
        reviewed_at=now,
        local_date=today,
        stability=after.stability or 0.0,
        due=after.due,
        covered=covered,
        total=total,
        graded_by=by,
        other_grade=other.grade if other else None,
        other_by=other.by if other else None,
    )
    return Graded(after, entry, weakest(retention_by_category([*others, after], now)))
