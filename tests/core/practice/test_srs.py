"""FSRS scheduling against a hand-worked example, the grade the ticks suggest, and retention."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta

import pytest

from core.practice.progress import (
    due_by,
    practice_days,
    retention_at,
    retention_by_category,
    weakest,
    week,
)
from core.practice.srs import Card, Grade, Review, grade_for, new_card, review

T0 = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)


def test_good_three_times_then_again_falls_due_as_worked_out_by_hand() -> None:
    """Worked by hand from the FSRS-6 formulas with the default weights w0..w20 (decay
    w20 = 0.1542, so F = 0.9^(-1/0.1542) - 1 = 0.98044, and at 90 % retention the interval in
    days is the stability, rounded):

    1. new, Good:  S = w2 = 2.3065, D = w4 - e^(2 w5) + 1 = 2.1181   -> due in 2 days
    2. 2 days on, R = (1 + F 2/2.3065)^-0.1542 = 0.9095; Good:
       S = 2.3065 (1 + e^w8 (11 - D) S^-w9 (e^(w10 (1 - R)) - 1)) = 10.964 -> 11 days
    3. 11 days on, R = 0.8998; Good: S = 46.280 (D 2.1104 after mean reversion) -> 46 days
    4. 46 days on, R = 0.9004; Again: S = w11 D^-w12 ((S + 1)^w13 - 1) e^(w14 (1 - R))
       = 2.9326 (below the cap S / e^(w17 w18) = 44.05)                  -> 3 days
    """
    card = new_card("amzn-pm-lp-01", "leadership-principles", T0)
    expected = [(Grade.GOOD, 2, 2.3065), (Grade.GOOD, 11, 10.964), (Grade.GOOD, 46, 46.280)]
    expected.append((Grade.AGAIN, 3, 2.9326))
    now = T0
    for grade, days, stability in expected:
        card = review(card, grade, now)
        assert card.due == now + timedelta(days=days)
        assert card.stability == pytest.approx(stability, abs=5e-4)
        now = card.due
    assert (card.reps, card.lapses) == (4, 1)


def test_a_new_card_graded_again_comes_back_the_next_day_and_easy_in_eight() -> None:
    # S0 = w0 = 0.212 and w3 = 8.2956: rounded, and never under a day.
    assert review(new_card("q", "culture", T0), Grade.AGAIN, T0).due == T0 + timedelta(days=1)
    assert review(new_card("q", "culture", T0), Grade.EASY, T0).due == T0 + timedelta(days=8)


@pytest.mark.parametrize(
    ("covered", "total", "grade"),
    [
        (0, 4, Grade.AGAIN),
        (1, 4, Grade.AGAIN),
        (2, 4, Grade.HARD),
        (3, 4, Grade.GOOD),
        (4, 4, Grade.EASY),
        (2, 3, Grade.HARD),
        (0, 0, Grade.AGAIN),
    ],
)
def test_the_share_of_points_covered_suggests_a_grade(
    covered: int, total: int, grade: Grade
) -> None:
    assert grade_for(covered, total) is grade


def _card(question: str, category: str, stability: float, reviewed_days_ago: float) -> Card:
    last = T0 - timedelta(days=reviewed_days_ago)
    return Card(
        question_id=question,
        category=category,
        due=last + timedelta(days=round(stability)),
        stability=stability,
        last_review=last,
        reps=1,
    )


def test_retention_by_category_is_the_mean_recall_and_the_weakest_is_the_lowest() -> None:
    cards = [
        _card("a", "execution", 10.0, 0),  # just reviewed: recall 1
        _card("b", "execution", 10.0, 10),  # a stability's time ago: 0.9 by definition
        _card("c", "culture", 2.0, 20),
        new_card("d", "behavioural", T0),  # never reviewed: no retention yet
    ]
    retention = retention_by_category(cards, T0)
    assert set(retention) == {"execution", "culture"}
    assert retention["execution"] == pytest.approx((1 + 0.9) / 2, abs=1e-3)
    factor = 0.9 ** (-1 / 0.1542) - 1
    assert retention["culture"] == pytest.approx((1 + factor * 20 / 2) ** -0.1542, abs=1e-3)
    assert weakest(retention) == "culture"
    assert weakest({}) is None
    assert [c.question_id for c in due_by(cards, T0)] == ["c", "b"]  # most overdue first


def _entry(question: str, at: datetime, stability: float, seq: int = 0) -> Review:
    return Review(
        question_id=question,
        category="execution",
        seq=seq,
        grade=Grade.GOOD,
        reviewed_at=at,
        local_date=at.date(),
        stability=stability,
        due=at + timedelta(days=round(stability)),
    )


def test_retention_at_a_past_moment_uses_each_card_as_it_was_then() -> None:
    reviews = [
        _entry("a", T0 - timedelta(days=20), 5.0),
        _entry("a", T0 - timedelta(days=2), 30.0, seq=1),
    ]
    a_week_ago = T0 - timedelta(days=7)
    then = retention_at(reviews, a_week_ago)
    factor = 0.9 ** (-1 / 0.1542) - 1
    assert then == pytest.approx((1 + factor * 13 / 5.0) ** -0.1542, abs=1e-3)
    assert retention_at(reviews, T0) == pytest.approx((1 + factor * 2 / 30.0) ** -0.1542, abs=1e-3)
    assert retention_at(reviews, T0 - timedelta(days=30)) is None
    summary = week(reviews, [_card("a", "execution", 30.0, 2)], T0)
    assert summary.reviews == 1
    assert summary.change is not None
    assert math.isclose(summary.change, summary.retention - then)  # type: ignore[operator]
    assert summary.weakest == "execution"


def test_practice_days_count_reviews_and_check_ins_done() -> None:
    reviews = [_entry("a", T0, 2.0), _entry("b", T0, 2.0), _entry("c", T0 - timedelta(days=1), 2)]
    days = practice_days(reviews, [date(2026, 11, 23), date(2026, 11, 20)])
    assert days == {date(2026, 11, 23): 2, date(2026, 11, 22): 1, date(2026, 11, 20): 1}
