"""Aiming reviews at the interview, and keeping review days light.

Two rules on the day a card comes back, both pure functions of the member's cards, their
interview date and their daily limit, in whole days of the member's own timezone:

- The deadline rule. With an interview date, a card whose FSRS interval would end after the
  interview comes back on the day before it instead, so every card gets a final review in the
  last days (the countdown's "reviews only" days, core/coaching/countdown.py). A card graded
  on the day before the interview or later is left to FSRS: it cannot come back before.
- The balance rule. When the day a card would come back already holds the member's limit of
  due reviews (default 20), it comes back on the latest earlier day with room, at most a
  sixth of its interval earlier (or anywhere in the final days, for a card the deadline moved),
  never before tomorrow. Never later: later would pass the interview, or let the chance of
  recalling it fall below what FSRS aims for. With no day free in reach, the least full one.

A card that comes back on a day of its own rather than FSRS's is due from the start of that
day, so it is there whenever the member practises that day.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from core.coaching.countdown import REVIEW_ONLY_FROM
from core.practice.srs import Card

REVIEWS_A_DAY = 20  # the default daily limit of due reviews
MAX_REVIEWS_A_DAY = 500
EARLIER_SHARE = 6  # a card may come back up to 1/6 of its interval early, to spare a full day


@dataclass(frozen=True)
class Aim:
    """What a member's review days are planned around."""

    zone: ZoneInfo
    interview: date | None = None
    per_day: int = REVIEWS_A_DAY

    @property
    def deadline(self) -> date | None:
        """The last day a review can land before the interview."""
        return self.interview - timedelta(days=1) if self.interview else None

    @property
    def final_days_from(self) -> date | None:
        return self.interview - timedelta(days=REVIEW_ONLY_FROM) if self.interview else None


@dataclass(frozen=True)
class Landing:
    """When a card comes back, and whether the interview date decided it."""

    due: datetime
    before_interview: bool = False


def day_loads(cards: Iterable[Card], zone: ZoneInfo, after: date) -> Counter[date]:
    """How many cards fall due on each local day after `after`."""
    days = (card.due.astimezone(zone).date() for card in cards)
    return Counter(day for day in days if day > after)


def land(due: datetime, now: datetime, aim: Aim, loads: Mapping[date, int]) -> Landing:
    """The day a card FSRS schedules for `due`, reviewed at `now`, comes back on."""
    today = now.astimezone(aim.zone).date()
    ideal = due.astimezone(aim.zone).date()
    capped = False
    deadline = aim.deadline
    if deadline is not None and today < deadline < ideal:
        ideal, capped = deadline, True
    if ideal <= today:
        return Landing(due)
    earliest = max(
        today + timedelta(days=1), ideal - timedelta(days=(ideal - today).days // EARLIER_SHARE)
    )
    if capped and aim.final_days_from is not None:
        earliest = max(today + timedelta(days=1), min(earliest, aim.final_days_from))
    day = _roomiest(ideal, earliest, aim.per_day, loads)
    before = deadline is not None and today < deadline and day <= deadline
    if day == ideal and not capped:
        return Landing(due, before)
    return Landing(_start_of(day, aim.zone), before)


def _roomiest(ideal: date, earliest: date, per_day: int, loads: Mapping[date, int]) -> date:
    """The latest day from `ideal` back to `earliest` under the limit; else the least full."""
    days = [ideal - timedelta(days=n) for n in range((ideal - earliest).days + 1)]
    for day in days:
        if loads.get(day, 0) < per_day:
            return day
    return min(days, key=lambda d: (loads.get(d, 0), -d.toordinal()))


def replan(cards: Iterable[Card], now: datetime, aim: Aim) -> dict[str, datetime]:
    """Cards that should come back on another day under the aim (question id to due), after
    the interview date or the limit changed: each card past the deadline is brought before
    it, and each day over the limit is relieved, the latest-due cards moving first. Cards
    already due stay as they are."""
    today = now.astimezone(aim.zone).date()
    future = sorted(
        (c for c in cards if c.due.astimezone(aim.zone).date() > today),
        key=lambda c: (c.due, c.question_id),
    )
    loads: Counter[date] = Counter()
    moved: dict[str, datetime] = {}
    for card in future:
        day = card.due.astimezone(aim.zone).date()
        over = aim.deadline is not None and today < aim.deadline < day
        if over or loads[day] >= aim.per_day:
            landing = land(card.due, now, aim, loads)
            if landing.due != card.due:
                moved[card.question_id] = landing.due
                day = landing.due.astimezone(aim.zone).date()
        loads[day] += 1
    return moved


def _start_of(day: date, zone: ZoneInfo) -> datetime:
    """The first instant of a local day, in UTC: where clocks jump at midnight, the local
    midnight does not exist, and an instant in a gap never equals one in another zone."""
    return datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC)
