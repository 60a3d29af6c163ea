"""Calibration: a member's own grades against the grader's and their partners', worked out by
hand over a few reviews each."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import count

import pytest

from core.practice.calibration import (
    Calibration,
    calibration,
    calibration_line,
    calibration_lines,
    steps_words,
)
from core.practice.srs import Grade, GradedBy, Review

START = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)
AGAIN, HARD, GOOD, EASY = Grade.AGAIN, Grade.HARD, Grade.GOOD, Grade.EASY
SELF, GRADER, PEER = GradedBy.SELF, GradedBy.GRADER, GradedBy.PEER
_NUMBERS = count(1)


def graded(
    category: str,
    own: Grade,
    other: Grade | None,
    other_by: GradedBy | None = GRADER,
    graded_by: GradedBy = SELF,
) -> Review:
    number = next(_NUMBERS)
    at = START + timedelta(hours=number)
    return Review(
        question_id=f"q{number}",
        category=category,
        seq=0,
        grade=own,
        reviewed_at=at,
        local_date=at.date(),
        stability=3.0,
        due=at + timedelta(days=3),
        graded_by=graded_by,
        other_grade=other,
        other_by=other_by if other is not None else None,
    )


def test_a_step_higher_than_partners_in_execution() -> None:
    # Good over Hard, Easy over Good, Good over Hard: +1 each time.
    reviews = [
        graded("execution", GOOD, HARD, PEER),
        graded("execution", EASY, GOOD, PEER),
        graded("execution", GOOD, HARD, PEER),
    ]
    [found] = calibration(reviews)
    assert (found.category, found.other_by, found.samples, found.mean_gap) == (
        "execution",
        PEER,
        3,
        1.0,
    )
    assert calibration_lines(reviews) == [
        "You grade your execution answers one step higher than your partners do."
    ]


def test_half_a_step_lower_than_the_grader_counting_a_suggestion_taken_as_agreement() -> None:
    # Hard under Good (-1) twice, the suggested Good taken (0), Hard beside Hard (0): -2 / 4.
    reviews = [
        graded("product-sense", HARD, GOOD),
        graded("product-sense", HARD, GOOD),
        graded("product-sense", GOOD, GOOD, graded_by=GRADER),
        graded("product-sense", HARD, HARD),
    ]
    [found] = calibration(reviews)
    assert (found.samples, found.mean_gap) == (4, -0.5)
    assert calibration_lines(reviews) == [
        "You grade your product sense answers half a step lower than the grader does."
    ]


def test_reviews_without_a_grade_of_the_members_own_or_without_another_are_no_samples() -> None:
    reviews = [
        graded("execution", EASY, AGAIN, PEER, graded_by=PEER),  # the partner's form became it
        graded("execution", EASY, None),  # nobody else graded it
        graded("execution", EASY, AGAIN, SELF),  # "another" who is the member: not another
        graded("execution", EASY, AGAIN, PEER),
    ]
    [found] = calibration(reviews)
    assert (found.other_by, found.samples, found.mean_gap) == (PEER, 1, 3.0)


def test_too_few_samples_or_too_small_a_gap_says_nothing() -> None:
    two = [graded("culture", EASY, AGAIN), graded("culture", EASY, AGAIN)]
    # +1, 0, 0: a third of a step.
    slight = [
        graded("execution", GOOD, HARD),
        graded("execution", GOOD, GOOD),
        graded("execution", HARD, HARD),
    ]
    assert not calibration_lines(two)
    assert not calibration_lines(slight)
    assert [c.worth_saying for c in calibration([*two, *slight])] == [False, False]
    assert calibration_lines([]) == []


def test_each_category_and_each_other_is_its_own_group() -> None:
    # In execution the grader agrees (0, 0, 0) while partners are a step below (+1 each).
    reviews = [graded("execution", GOOD, GOOD, GRADER) for _ in range(3)]
    reviews += [graded("execution", GOOD, HARD, PEER) for _ in range(3)]
    reviews += [graded("culture", HARD, GOOD, GRADER) for _ in range(3)]
    groups = {(c.category, c.other_by): c.mean_gap for c in calibration(reviews)}
    assert groups == {("execution", GRADER): 0, ("execution", PEER): 1, ("culture", GRADER): -1}
    assert calibration_lines(reviews) == [  # a tie on size and samples: by category name
        "You grade your culture answers one step lower than the grader does.",
        "You grade your execution answers one step higher than your partners do.",
    ]


def test_at_most_three_lines_biggest_gap_first() -> None:
    gaps = {"culture": 1, "execution": 3, "behavioural": -2, "product-sense": 2}
    reviews = []
    for category, gap in gaps.items():
        own, other = (Grade(1 + gap), AGAIN) if gap > 0 else (AGAIN, Grade(1 - gap))
        reviews += [graded(category, own, other, PEER) for _ in range(3)]
    lines = calibration_lines(reviews)
    assert len(lines) == 3
    assert "execution answers three steps higher" in lines[0]
    # behavioural (-2) and product sense (+2) tie on size: by category name
    assert "behavioural answers two steps lower" in lines[1]
    assert "product sense answers two steps higher" in lines[2]


def test_the_grader_and_partners_are_alike_apart_from_the_words() -> None:
    for other_by, than in ((GRADER, "the grader does"), (PEER, "your partners do")):
        reviews = [graded("execution", EASY, HARD, other_by) for _ in range(3)]
        assert calibration_lines(reviews) == [
            f"You grade your execution answers two steps higher than {than}."
        ]


@pytest.mark.parametrize(
    ("mean_gap", "steps"),
    [(0.5, 0.5), (2 / 3, 0.5), (0.75, 1.0), (-1.2, 1.0), (1.25, 1.5), (-7 / 3, 2.5), (3, 3)],
)
def test_the_gap_is_told_to_the_nearest_half_step(mean_gap: float, steps: float) -> None:
    assert Calibration("execution", PEER, 3, mean_gap).steps == steps


@pytest.mark.parametrize(
    ("steps", "words"),
    [
        (0.5, "half a step"),
        (1.0, "one step"),
        (1.5, "one and a half steps"),
        (2.0, "two steps"),
        (2.5, "two and a half steps"),
        (3.0, "three steps"),
    ],
)
def test_steps_in_words(steps: float, words: str) -> None:
    assert steps_words(steps) == words


def test_an_unknown_category_is_named_as_it_is() -> None:
    line = calibration_line(Calibration("Whiteboard", GRADER, 4, -1.5))
    assert line == (
        "You grade your whiteboard answers one and a half steps lower than the grader does."
    )
