"""When a schedule fires: a local time in a timezone on chosen weekdays, and its next UTC instant.

A local time that does not exist (spring forward) fires at the first minute after the gap;
an ambiguous one (fall back) fires once, at its first occurrence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from core.kernel.errors import UsageError
from core.kernel.safety import quoted

ALL_DAYS = 0b1111111
WEEKDAYS = 0b0011111
DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_FULL_DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_TIME = re.compile(r"^(\d{1,2})(?::(\d{2}))?\s*(am|pm)?$")
_MAX_GAP_MINUTES = 24 * 60


@dataclass(frozen=True)
class Occurrence:
    local_date: date
    fire_at: datetime


def parse_time(text: str) -> time:
    match = _TIME.match(text.strip().lower())
    if match:
        hour, minute = int(match.group(1)), int(match.group(2) or 0)
        meridiem = match.group(3)
        if meridiem and 1 <= hour <= 12:
            hour = hour % 12 + (12 if meridiem == "pm" else 0)
        elif meridiem:
            hour = 99
        if hour < 24 and minute < 60:
            return time(hour, minute)
    raise UsageError(
        f"I can't read {quoted(text)} as a time of day.",
        "Use 24-hour `HH:MM` like `09:00` or `21:30`, or `9am` / `7:30pm`.",
    )


def parse_days(text: str) -> int | None:
    """`daily`, `weekdays`, `weekends` or a list like `mon,wed,fri`; None when not days."""
    word = text.strip().lower()
    named = {"daily": ALL_DAYS, "everyday": ALL_DAYS, "weekdays": WEEKDAYS, "weekends": 0b1100000}
    if word in named:
        return named[word]
    mask = 0
    for part in word.split(","):
        key = part.strip()
        # `mon`, `tues`, `thursday`, but not any word that merely starts like a day (`monthly`)
        day = next((i for i, full in enumerate(_FULL_DAY_NAMES) if full.startswith(key)), None)
        day = 2 if key == "weds" else day
        if len(key) < 3 or day is None:
            return None
        mask |= 1 << day
    return mask or None


def describe_days(mask: int) -> str:
    if mask == ALL_DAYS:
        return "daily"
    if mask == WEEKDAYS:
        return "weekdays"
    return ",".join(name for i, name in enumerate(DAY_NAMES) if mask & (1 << i))


def local_instant(day: date, at: time, tz: ZoneInfo) -> datetime:
    """The UTC instant of a wall time on a day; past the gap if the time does not exist."""
    wall = datetime.combine(day, at)
    for _ in range(_MAX_GAP_MINUTES):
        candidate = wall.replace(tzinfo=tz, fold=0)
        if candidate.astimezone(UTC).astimezone(tz).replace(tzinfo=None) == wall:
            return candidate.astimezone(UTC)
        wall += timedelta(minutes=1)
    raise ValueError(f"no valid local time near {day} {at} in {tz}")


def next_occurrence(at: time, tz: ZoneInfo, weekdays: int, after: datetime) -> Occurrence:
    """The first occurrence strictly after `after` (an aware datetime)."""
    if not weekdays & ALL_DAYS:
        raise ValueError("a schedule needs at least one weekday")
    day = after.astimezone(tz).date() - timedelta(days=1)
    while True:
        if weekdays & (1 << day.weekday()):
            fire_at = local_instant(day, at, tz)
            if fire_at > after:
                return Occurrence(day, fire_at)
        day += timedelta(days=1)


@dataclass(frozen=True)
class Recurrence:
    """A wall-clock time in a timezone on a set of weekdays (bit 0 is Monday)."""

    at: time
    zone: ZoneInfo
    weekdays: int

    def next_after(self, instant: datetime) -> Occurrence:
        """The first occurrence strictly after `instant`."""
        return next_occurrence(self.at, self.zone, self.weekdays, instant)

    def upcoming(self, after: datetime, count: int) -> list[Occurrence]:
        """The next `count` occurrences after `after`."""
        found: list[Occurrence] = []
        for _ in range(count):
            after = self.next_after(after).fire_at
            found.append(Occurrence(after.astimezone(self.zone).date(), after))
        return found

    def describe(self) -> str:
        """`09:00 Europe/London weekdays`."""
        return f"{self.at:%H:%M} {self.zone.key} {describe_days(self.weekdays)}"


def describe_instant(instant: datetime, zone: ZoneInfo) -> str:
    """`Mon 23 Nov 09:00 Europe/London (09:00 UTC)`: local time, with UTC beside it."""
    local = instant.astimezone(zone)
    utc = "" if zone.key == "UTC" else f" ({instant:%H:%M} UTC)"
    return f"{local:%a %d %b %H:%M} {zone.key}{utc}"
