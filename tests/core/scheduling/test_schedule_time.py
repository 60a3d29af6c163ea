"""Wall-clock schedule math: the right UTC instant across both DST changes, west and east of UTC,
north and south; weekday masks; parsing times, timezones and days."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.kernel.errors import UsageError
from core.scheduling.recurrence import (
    ALL_DAYS,
    WEEKDAYS,
    describe_days,
    local_instant,
    next_occurrence,
    parse_days,
    parse_time,
)
from core.scheduling.timezones import parse_timezone

MON, TUE, WED, THU, FRI, SAT, SUN = (1 << i for i in range(7))


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def fires(
    at: time, zone: str, start: datetime, end: datetime, days: int = ALL_DAYS
) -> list[datetime]:
    """Every fire instant from `start` to `end`, walking occurrence to occurrence."""
    instants: list[datetime] = []
    after = start
    while True:
        occurrence = next_occurrence(at, ZoneInfo(zone), days, after)
        if occurrence.fire_at > end:
            return instants
        instants.append(occurrence.fire_at)
        after = occurrence.fire_at


# The expected instants below were worked out by hand from the 2026 rules, not computed:
#   New York  8 Mar 02:00 EST -> 03:00 EDT (07:00 UTC);  1 Nov 02:00 EDT -> 01:00 EST (06:00 UTC)
#   Berlin   29 Mar 02:00 CET -> 03:00 CEST (01:00 UTC); 25 Oct 03:00 CEST -> 02:00 CET (01:00 UTC)
#   Sydney    5 Apr 03:00 AEDT -> 02:00 AEST (16:00 UTC the day before);
#             4 Oct 02:00 AEST -> 03:00 AEDT (16:00 UTC the day before)
@pytest.mark.parametrize(
    ("zone", "at", "days", "expected"),
    [
        # west of UTC: 09:00 moves from 14:00 UTC (EST) to 13:00 UTC (EDT) and back
        (
            "America/New_York",
            time(9),
            [date(2026, 3, 7), date(2026, 3, 8), date(2026, 3, 9)],
            [utc(2026, 3, 7, 14), utc(2026, 3, 8, 13), utc(2026, 3, 9, 13)],
        ),
        (
            "America/New_York",
            time(9),
            [date(2026, 10, 31), date(2026, 11, 1), date(2026, 11, 2)],
            [utc(2026, 10, 31, 13), utc(2026, 11, 1, 14), utc(2026, 11, 2, 14)],
        ),
        # east of UTC
        (
            "Europe/Berlin",
            time(9),
            [date(2026, 3, 28), date(2026, 3, 29), date(2026, 10, 25), date(2026, 10, 26)],
            [utc(2026, 3, 28, 8), utc(2026, 3, 29, 7), utc(2026, 10, 25, 8), utc(2026, 10, 26, 8)],
        ),
        # southern hemisphere: summer time ends in April and starts in October
        (
            "Australia/Sydney",
            time(9),
            [date(2026, 4, 4), date(2026, 4, 5), date(2026, 10, 3), date(2026, 10, 4)],
            [utc(2026, 4, 3, 22), utc(2026, 4, 4, 23), utc(2026, 10, 2, 23), utc(2026, 10, 3, 22)],
        ),
    ],
)
def test_an_ordinary_time_follows_the_clock_change(
    zone: str, at: time, days: list[date], expected: list[datetime]
) -> None:
    assert [local_instant(d, at, ZoneInfo(zone)) for d in days] == expected


@pytest.mark.parametrize(
    ("zone", "day", "expected"),
    [
        ("America/New_York", date(2026, 3, 8), utc(2026, 3, 8, 7)),  # 03:00 EDT
        ("Europe/Berlin", date(2026, 3, 29), utc(2026, 3, 29, 1)),  # 03:00 CEST
        ("Australia/Sydney", date(2026, 10, 4), utc(2026, 10, 3, 16)),  # 03:00 AEDT
    ],
)
def test_a_time_in_the_spring_gap_fires_at_the_first_minute_after_it(
    zone: str, day: date, expected: datetime
) -> None:
    tz = ZoneInfo(zone)
    fire_at = local_instant(day, time(2, 30), tz)
    assert fire_at == expected
    assert fire_at.astimezone(tz).time() == time(3, 0)
    assert fire_at.astimezone(tz).date() == day
    # and the schedule, walked across that week, fires exactly once that day, then as usual
    start = datetime.combine(day - timedelta(days=2), time(0), tzinfo=tz)
    end = datetime.combine(day + timedelta(days=3), time(23, 59), tzinfo=tz)
    week = fires(time(2, 30), zone, start, end)
    assert len(week) == 6
    assert [f.astimezone(tz).date() for f in week] == [
        day + timedelta(days=n) for n in range(-2, 4)
    ]
    assert expected in week
    assert all(f.astimezone(tz).time() == time(2, 30) for f in week if f != expected)


@pytest.mark.parametrize(
    ("zone", "at", "day", "first", "second"),
    [
        # 01:30 happens twice in New York on 1 Nov: 05:30 UTC (EDT) and 06:30 UTC (EST)
        ("America/New_York", time(1, 30), date(2026, 11, 1), utc(2026, 11, 1, 5, 30),
         utc(2026, 11, 1, 6, 30)),
        # 02:30 happens twice in Berlin on 25 Oct: 00:30 UTC (CEST) and 01:30 UTC (CET)
        ("Europe/Berlin", time(2, 30), date(2026, 10, 25), utc(2026, 10, 25, 0, 30),
         utc(2026, 10, 25, 1, 30)),
        # 02:30 happens twice in Sydney on 5 Apr: 15:30 UTC (AEDT) and 16:30 UTC (AEST) on 4 Apr
        ("Australia/Sydney", time(2, 30), date(2026, 4, 5), utc(2026, 4, 4, 15, 30),
         utc(2026, 4, 4, 16, 30)),
    ],
)  # fmt: skip
def test_an_ambiguous_time_fires_once_at_its_first_occurrence(
    zone: str, at: time, day: date, first: datetime, second: datetime
) -> None:
    tz = ZoneInfo(zone)
    assert local_instant(day, at, tz) == first
    # both instants really are that wall time: the test's premise holds
    assert first.astimezone(tz).replace(tzinfo=None) == datetime.combine(day, at)
    assert second.astimezone(tz).replace(tzinfo=None) == datetime.combine(day, at)
    that_day = [
        f
        for f in fires(at, zone, first - timedelta(days=2), first + timedelta(days=2))
        if f.astimezone(tz).date() == day
    ]
    assert that_day == [first]
    # asked just after the first occurrence, the next one is the following day, not the repeat
    following = next_occurrence(at, tz, ALL_DAYS, first)
    assert following.local_date == day + timedelta(days=1)
    assert following.fire_at > second


def test_next_occurrence_is_strictly_after() -> None:
    tz = ZoneInfo("Europe/Berlin")
    exactly = utc(2026, 11, 23, 8)  # Monday 09:00 in Berlin
    assert next_occurrence(time(9), tz, ALL_DAYS, exactly).fire_at == utc(2026, 11, 24, 8)
    just_before = exactly - timedelta(seconds=1)
    occurrence = next_occurrence(time(9), tz, ALL_DAYS, just_before)
    assert occurrence.fire_at == exactly
    assert occurrence.local_date == date(2026, 11, 23)


def test_the_local_date_is_the_date_in_the_schedules_zone() -> None:
    # 07:00 in Sydney on Tuesday is 20:00 UTC on Monday
    occurrence = next_occurrence(time(7), ZoneInfo("Australia/Sydney"), TUE, utc(2026, 11, 23, 8))
    assert occurrence.local_date == date(2026, 11, 24)
    assert occurrence.fire_at == utc(2026, 11, 23, 20)


def test_weekday_masks() -> None:
    tz = ZoneInfo("America/New_York")
    friday_noon = utc(2026, 11, 27, 17)  # Fri 27 Nov 2026, 12:00 in New York
    weekdays = fires(time(9), "America/New_York", friday_noon, friday_noon + timedelta(days=7),
                     WEEKDAYS)  # fmt: skip
    assert [f.astimezone(tz).strftime("%a %d") for f in weekdays] == [
        "Mon 30", "Tue 01", "Wed 02", "Thu 03", "Fri 04",
    ]  # fmt: skip
    mwf = fires(time(9), "America/New_York", friday_noon, friday_noon + timedelta(days=14),
                MON | WED | FRI)  # fmt: skip
    assert [f.astimezone(tz).strftime("%a") for f in mwf] == ["Mon", "Wed", "Fri"] * 2
    sunday = next_occurrence(time(18), tz, SUN, friday_noon)
    assert sunday.local_date == date(2026, 11, 29)
    with pytest.raises(ValueError, match="weekday"):
        next_occurrence(time(9), tz, 0, friday_noon)


@given(
    zone=st.sampled_from(
        ["America/New_York", "Europe/Berlin", "Australia/Sydney", "Australia/Lord_Howe", "UTC"]
    ),
    at=st.times().map(lambda t: t.replace(second=0, microsecond=0)),
    days=st.integers(min_value=1, max_value=ALL_DAYS),
    after=st.datetimes(
        min_value=datetime(2026, 1, 1), max_value=datetime(2027, 12, 31), timezones=st.just(UTC)
    ),
)
@settings(max_examples=300, deadline=None)
def test_next_occurrence_is_the_first_allowed_day_at_or_just_after_the_wall_time(
    zone: str, at: time, days: int, after: datetime
) -> None:
    tz = ZoneInfo(zone)
    occurrence = next_occurrence(at, tz, days, after)
    local = occurrence.fire_at.astimezone(tz)
    assert occurrence.fire_at > after
    assert days & (1 << occurrence.local_date.weekday())
    assert local.date() == occurrence.local_date
    wall = datetime.combine(occurrence.local_date, at)
    # the wall time itself, or (in a gap) the first minute after the gap, within the gap's size
    assert wall <= local.replace(tzinfo=None) <= wall + timedelta(hours=1)
    if local.replace(tzinfo=None) != wall:
        assert local.replace(tzinfo=None) == _first_existing_minute(wall, tz)
    # no allowed day between `after` and the answer was skipped
    day = after.astimezone(tz).date()
    while day < occurrence.local_date:
        if days & (1 << day.weekday()):
            assert local_instant(day, at, tz) <= after
        day += timedelta(days=1)


def _first_existing_minute(wall: datetime, tz: ZoneInfo) -> datetime:
    while True:
        round_trip = wall.replace(tzinfo=tz).astimezone(UTC).astimezone(tz).replace(tzinfo=None)
        if round_trip == wall:
            return wall
        wall += timedelta(minutes=1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("9", time(9, 0)),
        ("9am", time(9, 0)),
        ("9 AM", time(9, 0)),
        ("09:00", time(9, 0)),
        ("21:30", time(21, 30)),
        ("7:30pm", time(19, 30)),
        ("12am", time(0, 0)),
        ("12pm", time(12, 0)),
        ("0:05", time(0, 5)),
        ("23:59", time(23, 59)),
    ],
)
def test_parse_time(text: str, expected: time) -> None:
    assert parse_time(text) == expected


@pytest.mark.parametrize(
    "text", ["24:00", "9:60", "25", "13pm", "0am", "9:5", "noon", "", "9.30", "-1", "21:30pm"]
)
def test_parse_time_refuses_with_what_to_type(text: str) -> None:
    with pytest.raises(UsageError) as raised:
        parse_time(text)
    assert "HH:MM" in (raised.value.hint or "")


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Europe/Berlin", "Europe/Berlin"),
        ("america/new_york", "America/New_York"),
        ("UTC", "UTC"),
        ("gmt", "UTC"),
        (" Asia/Kolkata ", "Asia/Kolkata"),
    ],
)
def test_parse_timezone(text: str, key: str) -> None:
    assert parse_timezone(text).key == key


@pytest.mark.parametrize(
    "text", ["Mars/Olympus", "Europe", "America/", "", "../../etc/passwd", "/etc/localtime", "EST5"]
)
def test_parse_timezone_refuses_with_examples(text: str) -> None:
    with pytest.raises(UsageError) as raised:
        parse_timezone(text)
    assert "Europe/London" in (raised.value.hint or "")


@pytest.mark.parametrize(
    ("text", "mask"),
    [
        ("daily", ALL_DAYS),
        ("weekdays", WEEKDAYS),
        ("weekends", SAT | SUN),
        ("mon,wed,fri", MON | WED | FRI),
        ("Tue", TUE),
        ("monday,thursday", MON | THU),
        ("sun", SUN),
        ("tues,weds,thurs", TUE | WED | THU),
    ],
)
def test_parse_days(text: str, mask: int) -> None:
    assert parse_days(text) == mask


@pytest.mark.parametrize(
    "text", ["09:00", "netflix-pm", "mon,,fri", "", "x", "mo", "mon,xyz", "monthly", "friends"]
)
def test_parse_days_is_none_for_words_that_are_not_days(text: str) -> None:
    assert parse_days(text) is None


def test_describe_days() -> None:
    assert describe_days(ALL_DAYS) == "daily"
    assert describe_days(WEEKDAYS) == "weekdays"
    assert describe_days(MON | WED | FRI) == "mon,wed,fri"
