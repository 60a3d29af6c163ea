"""Timezones by IANA name in any case, or by a city's name."""

from __future__ import annotations

import difflib
import functools
from zoneinfo import ZoneInfo, available_timezones

from core.errors import UsageError
from core.safety import quoted


def maybe_timezone(name: str) -> ZoneInfo | None:
    """An IANA zone by its name in any case, or by its city (`london`, `new york`)."""
    key = "_".join(name.strip().lower().split())
    if key in ("utc", "gmt", "z"):
        return ZoneInfo("UTC")
    canonical = _zone_names().get(key)
    return ZoneInfo(canonical) if canonical else None


def parse_timezone(name: str) -> ZoneInfo:
    zone = maybe_timezone(name)
    if zone is not None:
        return zone
    key = "_".join(name.strip().lower().split())
    close = [_zone_names()[k] for k in difflib.get_close_matches(key, _zone_names(), n=3)]
    guess = (
        "Did you mean " + " or ".join(f"`{z}`" for z in dict.fromkeys(close)) + "? "
        if close
        else ""
    )
    raise UsageError(
        f"I don't know the timezone {quoted(name)}.",
        guess + "Use an IANA name like `Europe/London`, `America/New_York` or `UTC`.",
    )


def complete_timezones(prefix: str, limit: int = 25) -> list[str]:
    """Zone names containing what was typed so far, cities included (for autocomplete)."""
    key = "_".join(prefix.strip().lower().split())
    names = _zone_names()
    starts = [zone for name, zone in names.items() if name.startswith(key)]
    contains = [zone for name, zone in names.items() if key in name]
    return list(dict.fromkeys(starts + contains))[:limit]


@functools.cache
def _zone_names() -> dict[str, str]:
    zones = sorted(available_timezones())
    names = {zone.lower(): zone for zone in zones}
    for zone in zones:
        if "/" in zone and not zone.startswith(("Etc/", "SystemV/", "posix/", "right/")):
            names.setdefault(zone.rsplit("/", 1)[-1].lower(), zone)
    return names
