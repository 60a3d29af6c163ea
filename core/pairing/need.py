"""What a member needs from a weekly partner, as the costs the pairing search weighs.

The rules, in the order they count (each one outweighs all the ones below it together):

- Waking hours that overlap: a member is awake 08:00–22:00 in their own IANA zone (UTC when
  they set none, or one that is not known) on the pairing's local date, counted with the
  zone's daylight saving time of that date. Two members meet this rule when those windows
  overlap by at least two hours; a trio meets it when every pair of it does, which is the
  same as the three windows sharing two hours.
- Weakest categories that complement each other: both members have a weakest category, they
  differ, and each recalls the other's weakest category better than the other does (mean
  chance of recall over the category's reviewed cards). Where either has reviewed no card of
  that category, differing weakest categories are enough. A member without a weakest
  category (no reviews yet) complements nobody. The weakest category is the profile's, which
  card reviews and mock runs keep up to date.
- The same target role, both set.

A miss of a rule costs the two members' weights added up, so those whose interviews come
soonest are served first. A member's weight is `2 + max(0, 56 - days to the interview)`:
from 2 (interview eight weeks or more away) to 58 (interview today); 1 with no date or one
that has passed. On top of that, each of the last four weeks in which the member's group had
no two-hour window adds 20, so after three such weeks a member outweighs even an interview
today, and nobody is left without a shared window week after week just because others
interview sooner. Past weeks are taken to be seven days apart, with today's profiles of the
members then (a partner since forgotten is left out of the reckoning)."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from itertools import combinations
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

WAKE, SLEEP = time(8), time(22)
SHARED = timedelta(hours=2)  # the waking time two members need in common
URGENT_DAYS = 56  # an interview nearer than this raises its member's weight day by day
SHORT_WEEK = 20  # the weight a recent week without a shared window adds


@dataclass(frozen=True)
class Candidate:
    """One opted-in member, as far as choosing their partner goes."""

    role: str | None = None
    zone: str | None = None  # an IANA zone; None counts as UTC
    interview: date | None = None
    weakest: str | None = None  # a category
    recall: tuple[tuple[str, float], ...] = ()  # (category, retention) from their cards

    def recall_in(self, category: str) -> float | None:
        return next((value for name, value in self.recall if name == category), None)


@dataclass(frozen=True)
class Window:
    """A stretch of time, in UTC."""

    start: datetime
    end: datetime

    @property
    def length(self) -> timedelta:
        return max(self.end - self.start, timedelta(0))


def zone_of(candidate: Candidate) -> tzinfo:
    if candidate.zone is None:
        return UTC
    try:
        return ZoneInfo(candidate.zone)
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def waking(candidate: Candidate, day: date) -> Window:
    """The member's waking hours on their own `day`."""
    zone = zone_of(candidate)
    start = datetime.combine(day, WAKE, tzinfo=zone).astimezone(UTC)
    return Window(start, datetime.combine(day, SLEEP, tzinfo=zone).astimezone(UTC))


def common(windows: Iterable[Window]) -> Window | None:
    """The time all the windows share; None when they share none."""
    listed = list(windows)
    shared = Window(max(w.start for w in listed), min(w.end for w in listed))
    return shared if shared.end > shared.start else None


def shares_enough(windows: Iterable[Window]) -> bool:
    shared = common(windows)
    return shared is not None and shared.length >= SHARED


def complementary(a: Candidate, b: Candidate) -> bool:
    if a.weakest is None or b.weakest is None or a.weakest == b.weakest:
        return False
    return _stronger(b, a, a.weakest) and _stronger(a, b, b.weakest)


def _stronger(partner: Candidate, member: Candidate, category: str) -> bool:
    """Whether `partner` recalls `category` better than `member` (yes when either is not
    known)."""
    theirs, mine = partner.recall_in(category), member.recall_in(category)
    return theirs is None or mine is None or theirs > mine


def same_role(a: Candidate, b: Candidate) -> bool:
    return a.role is not None and a.role == b.role


def urgency(candidate: Candidate, day: date) -> int:
    """How much a poor match weighs for this member, for their interview alone."""
    if candidate.interview is None or candidate.interview < day:
        return 1
    return 2 + max(0, URGENT_DAYS - (candidate.interview - day).days)


def short_weeks(
    members: Collection[str],
    known: Mapping[str, Candidate],
    weeks: Sequence[Sequence[Sequence[str]]],
    day: date,
) -> dict[str, int]:
    """For each of `members`, how many of `weeks` (the latest last) put them in a group
    without a two-hour window, reckoned among the group's members `known` describes."""
    short = dict.fromkeys(members, 0)
    for age, week in enumerate(reversed(weeks)):
        then = day - timedelta(weeks=age + 1)
        for group in week:
            seen = [m for m in group if m in known]
            if len(seen) >= 2 and not shares_enough(waking(known[m], then) for m in seen):
                for member in seen:
                    if member in short:
                        short[member] += 1
    return short


def weight(candidate: Candidate, short: int, day: date) -> int:
    """How much a poor match weighs for this member, with `short` recent weeks without a
    shared window."""
    return urgency(candidate, day) + SHORT_WEEK * short


@dataclass(frozen=True)
class NeedCosts:
    """The cost of each pair of members under the rules, on one scale: `pair[i][j]` for the
    members in the order given. Any grouping's total stays below `ceiling`, so a rule placed
    above these (repeats, the trio's turn) counts in multiples of it."""

    pair: Sequence[Sequence[int]]
    ceiling: int


def need_costs(members: Sequence[Candidate], short: Sequence[int], day: date) -> NeedCosts:
    """The costs for `members`, each with their recent weeks without a window in `short`."""
    count = len(members)
    weights = [weight(c, s, day) for c, s in zip(members, short, strict=True)]
    # A grouping has at most (count + 3) // 2 pairs, each weighing at most twice the most.
    base = 2 * max(weights, default=1) * ((count + 3) // 2) + 1
    awake = [waking(c, day) for c in members]
    pair = [[0] * count for _ in range(count)]
    for i, j in combinations(range(count), 2):
        a, b = members[i], members[j]
        misses = (
            base * base * (not shares_enough((awake[i], awake[j])))
            + base * (not complementary(a, b))
            + (not same_role(a, b))
        )
        pair[i][j] = pair[j][i] = (weights[i] + weights[j]) * misses
    return NeedCosts(pair, base**3)
