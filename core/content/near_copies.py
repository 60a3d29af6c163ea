"""Practice prompts that ask nearly the same thing in nearly the same words.

Two prompts are compared by their word sets: a word is a run of letters and digits, case-folded
(so "Amazon's" gives "amazon" and "s", and "A/B" gives "a" and "b"). Their overlap is

    |A ∩ B| / min(|A|, |B|)

the share of the shorter prompt's words that the other prompt also uses. Dividing by the
shorter set, not the union, means that a prompt copied into a longer one with a clause added
is still a copy. A pair whose overlap is `NEAR_COPY` (four words in five) or more is a near
copy. The share is kept as a fraction, so a pair at exactly four in five is refused with no
rounding in the way.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import combinations

NEAR_COPY = Fraction(4, 5)

_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> frozenset[str]:
    """The set of a text's words, as the overlap counts them."""
    return frozenset(_WORD.findall(text.casefold()))


def overlap(first: frozenset[str], second: frozenset[str]) -> Fraction:
    """The share of the smaller set that the other holds too; 0 if either set is empty."""
    smaller = min(len(first), len(second))
    return Fraction(len(first & second), smaller) if smaller else Fraction(0)


@dataclass(frozen=True)
class NearCopy:
    """Prompts `first` and `second` (positions in the list checked, `first` the earlier)."""

    first: int
    second: int
    shared: Fraction

    @property
    def percent(self) -> int:
        return int(self.shared * 100)


def near_copies(prompts: Sequence[str], threshold: Fraction = NEAR_COPY) -> list[NearCopy]:
    """Every pair of prompts whose overlap reaches `threshold`, in the order of the list."""
    sets = [words(prompt) for prompt in prompts]
    found: list[NearCopy] = []
    for (i, first), (j, second) in combinations(enumerate(sets), 2):
        shared = overlap(first, second)
        if shared >= threshold:
            found.append(NearCopy(first=i, second=j, shared=shared))
    return found
