"""Reading the words of a command: roles, aspects, categories, channels, times and dates."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time, timedelta

from core.coaching.plan import MAX_DAYS_AHEAD
from core.content.models import Category, Role
from core.kernel.errors import UsageError
from core.kernel.safety import quoted
from core.practice.bank import parse_category
from core.roles.aspects import Aspect, parse_aspect
from core.roles.catalog import Catalog
from core.scheduling.recurrence import parse_time

_CHANNEL = re.compile(r"^<#([A-Za-z0-9]+)(?:\|[^>]*)?>$|^#([\w-]{1,80})$")


@dataclass(frozen=True)
class RoleWords:
    """A role found at the start of a list of words, and the words left after it."""

    role: Role
    rest: list[str]


def find_role(catalog: Catalog, words: list[str]) -> RoleWords | None:
    """The longest run of leading words that names a role."""
    for end in range(len(words), 0, -1):
        role = catalog.find(" ".join(words[:end]))
        if role is not None:
            return RoleWords(role, words[end:])
    return None


def leading_category(words: list[str]) -> tuple[Category, list[str]] | None:
    """The longest run of leading words that names a category ("leadership principles"),
    and the words after it."""
    for end in range(len(words), 0, -1):
        category = parse_category(" ".join(words[:end]))
        if category is not None:
            return category, words[end:]
    return None


def aspect_in(words: list[str]) -> Aspect | None:
    if not words:
        return None
    aspect = parse_aspect(" ".join(words))
    if aspect is None:
        raise UsageError(
            f"I don't know the aspect {quoted(' '.join(words))}.",
            "Aspects: " + ", ".join(a.value for a in Aspect) + ".",
        )
    return aspect


def channel_named(word: str) -> str | None:
    """The channel in `#study` or Slack's `<#C123|study>`; None for any other word."""
    match = _CHANNEL.match(word)
    return (match.group(1) or match.group(2)) if match else None


def settings_in(words: list[str], example: str) -> list[tuple[str, str]]:
    """`name=value` pairs, each value running to the next `name=`: `tz=new york role=amazon pm`
    gives (`tz`, `new york`) and (`role`, `amazon pm`). Names come back in lower case."""
    found: list[tuple[str, str]] = []
    for word in words:
        name, sep, value = word.partition("=")
        if sep and name:
            found.append((name.lower(), value))
        elif found and not sep:
            name, value = found[-1]
            found[-1] = (name, f"{value} {word}".strip())
        else:
            raise UsageError(
                f"I can't read {quoted(word)}.", f"Use `name=value`, e.g. `{example}`."
            )
    for name, value in found:
        if not value.strip():
            raise UsageError(
                f"{quoted(name)} needs a value after the `=`.", f"For example `{example}`."
            )
    return found


def time_and_rest(words: list[str]) -> tuple[time, list[str]]:
    """The time of day the words start with (`9`, `9am`, or `9 am`) and the words after it."""
    if len(words) > 1 and words[1].lower() in ("am", "pm"):
        return parse_time(words[0] + words[1]), words[2:]
    return parse_time(words[0]), words[1:]


def parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(
            f"I can't read {quoted(text)} as a date.", "Use YYYY-MM-DD, like 2027-01-15."
        ) from None


def check_interview(interview: date, today: date) -> None:
    """An interview date a plan can be built to: not past, and within MAX_DAYS_AHEAD."""
    if interview < today:
        raise UsageError(
            f"{interview:%d %B %Y} is in the past.",
            "Give your interview date as YYYY-MM-DD, today or later.",
        )
    if (interview - today).days > MAX_DAYS_AHEAD:
        raise UsageError(
            f"{interview:%d %B %Y} is more than {MAX_DAYS_AHEAD} days away.",
            f"Give a date up to {today + timedelta(days=MAX_DAYS_AHEAD):%Y-%m-%d}; "
            "set the exact one once it is nearer.",
        )
