"""How a member's own grades compare with someone else's grade of the same answers: the
grader's suggestion, or a partner's after a mock interview.

A sample is a review with another's grade beside a grade the member chose (themselves, or by
taking the grader's suggestion, which counts as agreeing); a review that a partner's form
became has no grade of the member's own and is left out. Its gap is the member's grade minus
the other's, in grade steps (Hard to Good is one). Samples are grouped by category and by whose
the other grade was; a group is worth a line once it has at least `MIN_SAMPLES` and its mean
gap is at least half a step either way, told to the nearest half step. The grader and partners
are treated alike apart from the words.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from core.practice.bank import category_title
from core.practice.srs import GradedBy, Review

MIN_SAMPLES = 3
MIN_GAP = 0.5  # grade steps
MOST_LINES = 3  # the stats reply is read on a phone

OWN = (GradedBy.SELF, GradedBy.GRADER)  # whose grade is the member's own choice
OTHERS = (GradedBy.GRADER, GradedBy.PEER)  # whose grade can stand beside it
_THAN = {GradedBy.GRADER: "the grader does", GradedBy.PEER: "your partners do"}
_NUMBERS = ("one", "two", "three")  # Again to Easy is three steps


@dataclass(frozen=True)
class Calibration:
    """The member's grades against one other's, in one category."""

    category: str
    other_by: GradedBy
    samples: int
    mean_gap: float  # the member's grade minus the other's, in grade steps

    @property
    def steps(self) -> float:
        """The size of the gap, to the nearest half step (a quarter rounds up)."""
        return math.floor(abs(self.mean_gap) * 2 + 0.5) / 2

    @property
    def worth_saying(self) -> bool:
        return self.samples >= MIN_SAMPLES and abs(self.mean_gap) >= MIN_GAP


def calibration(reviews: Iterable[Review]) -> list[Calibration]:
    """Every category and other with at least one sample, the biggest gap first (then the
    most samples, then by category, the grader before partners)."""
    gaps: dict[tuple[str, GradedBy], list[int]] = defaultdict(list)
    for review in reviews:
        if review.other_grade is None or review.other_by not in OTHERS:
            continue
        if review.graded_by not in OWN:
            continue
        gaps[(review.category, review.other_by)].append(int(review.grade) - int(review.other_grade))
    found = [
        Calibration(category, by, len(values), sum(values) / len(values))
        for (category, by), values in gaps.items()
    ]
    return sorted(
        found,
        key=lambda c: (-abs(c.mean_gap), -c.samples, c.category, OTHERS.index(c.other_by)),
    )


def calibration_lines(reviews: Iterable[Review]) -> list[str]:
    """At most `MOST_LINES` lines for the groups worth saying something about, biggest gap
    first; none when the member grades about as the others do."""
    worth = [c for c in calibration(reviews) if c.worth_saying]
    return [calibration_line(c) for c in worth[:MOST_LINES]]


def calibration_line(found: Calibration) -> str:
    """`You grade your execution answers one step higher than your partners do.`"""
    direction = "higher" if found.mean_gap > 0 else "lower"
    category = category_title(found.category).lower()
    return (
        f"You grade your {category} answers {steps_words(found.steps)} {direction} "
        f"than {_THAN[found.other_by]}."
    )


def steps_words(steps: float) -> str:
    """`half a step`, `one step`, `one and a half steps`, `two steps`… for half steps."""
    whole, half = int(steps), steps % 1 >= 0.5
    if whole == 0:
        return "half a step"
    number = _NUMBERS[whole - 1] if whole <= len(_NUMBERS) else str(whole)
    if half:
        return f"{number} and a half steps"
    return f"{number} step" if whole == 1 else f"{number} steps"
