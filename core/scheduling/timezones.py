"""Timezones as people type them: IANA names, cities, and abbreviations like `pst` or `ist`.

Names are tried in this order: `utc`, the abbreviations and short forms below (mapped to the
zone people mean, with its daylight-saving rules: `est` is New York, not the fixed-offset
`EST`), IANA names (`Europe/London`, or the city part alone, `new york`), then cities of the
world (`seattle`, `bangalore`) from `cities.tsv`, which is read once, on first use.
"""

from __future__ import annotations

import difflib
import functools
from dataclasses import dataclass
from importlib import resources
from zoneinfo import ZoneInfo, available_timezones

from core.kernel.errors import UsageError
from core.kernel.safety import defang, quoted
from core.scheduling.city_table import normalise

_UTC_NAMES = frozenset({"utc", "gmt", "z", "zulu"})
_IGNORED_AREAS = ("Etc/", "SystemV/", "posix/", "right/")

# What people mean by the abbreviations they type. Several are ambiguous worldwide (`ist`,
# `cst`, `bst`); each maps to its most common meaning among this bot's users.
ABBREVIATIONS: dict[str, str] = {
    **dict.fromkeys(("pst", "pdt", "pt", "pacific"), "America/Los_Angeles"),
    **dict.fromkeys(("mst", "mdt", "mt", "mountain"), "America/Denver"),
    **dict.fromkeys(("cst", "cdt", "ct", "central"), "America/Chicago"),
    **dict.fromkeys(("est", "edt", "et", "eastern"), "America/New_York"),
    **dict.fromkeys(("akst", "akdt", "alaska"), "America/Anchorage"),
    **dict.fromkeys(("hst", "hawaii"), "Pacific/Honolulu"),
    **dict.fromkeys(("bst", "uk"), "Europe/London"),
    **dict.fromkeys(("cet", "cest"), "Europe/Paris"),
    **dict.fromkeys(("eet", "eest"), "Europe/Athens"),
    **dict.fromkeys(("wet", "west"), "Europe/Lisbon"),
    "msk": "Europe/Moscow",
    "ist": "Asia/Kolkata",
    "pkt": "Asia/Karachi",
    "sgt": "Asia/Singapore",
    "hkt": "Asia/Hong_Kong",
    "jst": "Asia/Tokyo",
    "kst": "Asia/Seoul",
    **dict.fromkeys(("aest", "aedt"), "Australia/Sydney"),
    **dict.fromkeys(("acst", "acdt"), "Australia/Adelaide"),
    "awst": "Australia/Perth",
    **dict.fromkeys(("nzst", "nzdt"), "Pacific/Auckland"),
    "brt": "America/Sao_Paulo",
    "sast": "Africa/Johannesburg",
    "eat": "Africa/Nairobi",
    "wat": "Africa/Lagos",
    # short forms of places
    **dict.fromkeys(
        ("sf", "sfo", "bay area", "silicon valley", "la", "lax"), "America/Los_Angeles"
    ),
    **dict.fromkeys(("nyc", "ny", "dc", "philly"), "America/New_York"),
    "chi": "America/Chicago",
    "hk": "Asia/Hong_Kong",
    "blr": "Asia/Kolkata",
}

# Offered when nothing has been typed yet.
POPULAR = (
    "UTC",
    "America/Los_Angeles",
    "America/Denver",
    "America/Chicago",
    "America/New_York",
    "America/Sao_Paulo",
    "Europe/London",
    "Europe/Paris",
    "Europe/Berlin",
    "Asia/Kolkata",
    "Asia/Singapore",
    "Asia/Tokyo",
    "Australia/Sydney",
)


@dataclass(frozen=True)
class _Name:
    """A name a person can type (as shown in completions) and the zone it stands for."""

    shown: str
    zone: str


def maybe_timezone(name: str) -> ZoneInfo | None:
    """The zone a typed name stands for, or None when it stands for none."""
    found = _lookup(normalise(name))
    return ZoneInfo(found.zone) if found else None


def parse_timezone(name: str) -> ZoneInfo:
    """The zone a typed name stands for; a UsageError with the nearest names when none."""
    zone = maybe_timezone(name)
    if zone is not None:
        return zone
    shown = dict.fromkeys(_describe(_lookup(key)) for key in _suggestions(normalise(name)))
    guess = "Did you mean " + " or ".join(shown) + "? " if shown else ""
    raise UsageError(
        f"I don't know the timezone {quoted(name)}.",
        guess + "Use an IANA name like `Europe/London`, `America/New_York` or `UTC`, "
        "or a city like `seattle`.",
    )


def describe_zone_choice(text: str, zone: ZoneInfo) -> str | None:
    """`seattle → America/Los_Angeles` when the text was not the zone's own name, else None."""
    if normalise(text) == normalise(zone.key):
        return None
    return f"{defang(text)} → {zone.key}"


def complete_timezones(prefix: str, limit: int = 25) -> list[str]:
    """Names starting with `prefix` that `parse_timezone` accepts: abbreviations, IANA names,
    cities (the most populous first), then IANA names whose city part starts so."""
    key = normalise(prefix)
    if not key:
        return list(POPULAR[:limit])
    found: dict[str, None] = {}
    exact = _lookup(key)
    if exact is not None:
        found[exact.shown] = None
    zones = _zone_names()
    for names in (
        (e.shown for k, e in _abbreviations().items() if k.startswith(key)),
        (e.shown for k, e in zones.items() if k.startswith(key) and "/" in k),
        (e.shown for k, e in _cities().items() if k.startswith(key)),
        (e.shown for k, e in zones.items() if k.split("/")[-1].startswith(key)),
    ):
        for shown in names:
            if len(found) >= limit:
                return list(found)
            found.setdefault(shown, None)
    return list(found)


def _lookup(key: str) -> _Name | None:
    if key in _UTC_NAMES:
        return _Name("UTC", "UTC")
    for table in (_abbreviations, _zone_names, _cities):  # the city table only if needed
        found = table().get(key)
        if found is not None:
            return found
    return None


def _suggestions(key: str) -> list[str]:
    """Names the typed one may have meant: those it begins (`new` → `America/New_York`), else
    the closest spellings, those about as close as the best."""
    begun = [normalise(shown) for shown in complete_timezones(key, 3)] if len(key) >= 3 else []
    if begun:
        return begun
    matcher = difflib.SequenceMatcher(b=key)
    scored = []
    for candidate in _candidates(key):
        matcher.set_seq1(candidate)
        if matcher.real_quick_ratio() >= 0.7 and matcher.quick_ratio() >= 0.7:
            score = matcher.ratio()
            if score >= 0.7:
                scored.append((score, candidate))
    scored.sort(key=lambda item: -item[0])
    return [c for score, c in scored[:3] if score >= scored[0][0] - 0.1]


def _describe(found: _Name | None) -> str:
    if found is None:
        return ""
    if found.shown == found.zone:
        return f"`{found.zone}`"
    return f"`{found.shown}` ({found.zone})"


def _candidates(key: str) -> list[str]:
    """Names to suggest from: every zone and abbreviation, and the cities that share the typed
    name's first letter (comparing against every city would take a noticeable moment)."""
    cities = [name for name in _cities() if name[:1] == key[:1]]
    return [*_abbreviations(), *_zone_names(), *cities]


@functools.cache
def _abbreviations() -> dict[str, _Name]:
    return {
        key: _Name(key.upper() if len(key) <= 4 else key, zone)
        for key, zone in ABBREVIATIONS.items()
    }


@functools.cache
def _zone_names() -> dict[str, _Name]:
    """IANA names by their whole name, then by their city part (`new york`)."""
    zones = sorted(available_timezones())
    names = {normalise(zone): _Name(zone, zone) for zone in zones}
    for zone in zones:
        if "/" in zone and not zone.startswith(_IGNORED_AREAS):
            names.setdefault(normalise(zone.rsplit("/", 1)[-1]), _Name(zone, zone))
    return names


@functools.cache
def _cities() -> dict[str, _Name]:
    """The city table, read on first use; zones this machine's tz database lacks are left out."""
    known = available_timezones()
    text = resources.files("core.scheduling").joinpath("cities.tsv").read_text(encoding="utf-8")
    cities: dict[str, _Name] = {}
    for line in text.splitlines():
        if line.startswith("#") or "\t" not in line:
            continue
        city, zone = line.split("\t", 1)
        if zone in known:
            cities.setdefault(normalise(city), _Name(city, zone))
    return cities
