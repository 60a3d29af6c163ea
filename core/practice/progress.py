"""What a member's cards and reviews say about them: retention by category, the weakest one,
what falls due, days practised, who chose the grades, and the week in numbers."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from core.practice.srs import Card, GradedBy, Review

CONSISTENCY_DAYS = 28


def retention_by_category(cards: Iterable[Card], now: datetime) -> dict[str, float]:
    """Mean chance of recall at `now` over each category's reviewed cards."""
    recall: dict[str, list[float]] = defaultdict(list)
    for card in cards:
        if not card.is_new:
            recall[card.category].append(card.retrievability(now))
    return {category: sum(values) / len(values) for category, values in sorted(recall.items())}


def weakest(retention: dict[str, float]) -> str | None:
    """The category with the lowest retention (the first by name on a tie)."""
    if not retention:
        return None
    return min(sorted(retention), key=lambda category: retention[category])


def due_by(cards: Iterable[Card], until: datetime) -> list[Card]:
    """Reviewed cards due by `until`, most overdue first."""
    return sorted(
        (c for c in cards if not c.is_new and c.due <= until),
        key=lambda c: (c.due, c.question_id),
    )


def retention_at(reviews: Sequence[Review], moment: datetime) -> float | None:
    """Mean chance of recall at `moment` over the cards reviewed before it, each as its
    latest review before `moment` left it; None if none had been reviewed."""
    latest: dict[str, Review] = {}
    for entry in reviews:
        if entry.reviewed_at <= moment:
            known = latest.get(entry.question_id)
            if known is None or entry.reviewed_at >= known.reviewed_at:
                latest[entry.question_id] = entry
    if not latest:
        return None
    values = [_as_card(entry).retrievability(moment) for entry in latest.values()]
    return sum(values) / len(values)


def practice_days(reviews: Iterable[Review], done_days: Iterable[date] = ()) -> dict[date, int]:
    """Reviews per local day; a check-in marked done counts a day with no review as one."""
    days: dict[date, int] = defaultdict(int)
    for entry in reviews:
        days[entry.local_date] += 1
    for day in done_days:
        days[day] = max(days[day], 1)
    return dict(days)


@dataclass(frozen=True)
class Week:
    """The Sunday summary's numbers."""

    reviews: int
    retention: float | None
    retention_before: float | None
    weakest: str | None
    due_next_week: int
    graded_by: Mapping[GradedBy, int] = field(default_factory=dict)  # the week's reviews

    @property
    def change(self) -> float | None:
        if self.retention is None or self.retention_before is None:
            return None
        return self.retention - self.retention_before


def graded_by(reviews: Sequence[Review]) -> dict[GradedBy, int]:
    """How many of the reviews each kind of grader chose the grade of, in GradedBy's order."""
    counts = Counter(r.graded_by for r in reviews)
    return {by: counts[by] for by in GradedBy if counts[by]}


def graded_by_line(counts: Mapping[GradedBy, int]) -> str:
    """`5 by you, 2 the grader's suggestion, 1 by a peer`; empty for no reviews."""
    words = {GradedBy.SELF: "by you", GradedBy.GRADER: "the grader's suggestion"}
    words[GradedBy.PEER] = "by a peer"
    return ", ".join(f"{n} {words[by]}" for by, n in counts.items())


def week(reviews: Sequence[Review], cards: Sequence[Card], now: datetime) -> Week:
    since = now - timedelta(days=7)
    recent = [r for r in reviews if r.reviewed_at > since]
    return Week(
        reviews=len(recent),
        retention=retention_at(reviews, now),
        retention_before=retention_at(reviews, since),
        weakest=weakest(retention_by_category(cards, now)),
        due_next_week=len(due_by(cards, now + timedelta(days=7))),
        graded_by=graded_by(recent),
    )


def _as_card(entry: Review) -> Card:
    return Card(
        question_id=entry.question_id,
        category=entry.category,
        due=entry.due,
        stability=entry.stability,
        last_review=entry.reviewed_at,
        reps=entry.seq + 1,
    )
