"""The words commands understand, offered as choices: for autocomplete, pickers and forms."""

from __future__ import annotations

from dataclasses import dataclass

from core.commands.surface import SURFACE
from core.content.models import Category
from core.practice.bank import CATEGORY_TITLES
from core.roles.aspects import COMPARED, TITLES, Aspect
from core.roles.catalog import Catalog
from core.scheduling.recurrence import DAY_NAMES, WEEKDAYS
from core.scheduling.timezones import complete_timezones

_DAY_TITLES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
DAY_PATTERNS = ("weekdays", "daily", "weekends", "mon,wed,fri")


@dataclass(frozen=True)
class Choice:
    value: str  # what the command takes
    title: str  # what a person reads


class Vocabulary:
    """The choices that depend on the content (roles); the rest are functions below."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog

    def roles(self, typed: str = "", limit: int = 25) -> list[Choice]:
        """Roles whose id or any alias contains what was typed so far."""
        found = self.catalog.complete(typed, limit)
        return [Choice(r.id, f"{r.id}: {r.company} {r.title}") for r in found]


def aspects(compared_only: bool = False) -> list[Choice]:
    return [Choice(a.value, TITLES[a]) for a in (COMPARED if compared_only else tuple(Aspect))]


def categories() -> list[Choice]:
    return [Choice(c.value, CATEGORY_TITLES[c]) for c in Category]


def weekdays() -> list[Choice]:
    """Each day of the week, Monday first, marked by whether it is a working day."""
    return [Choice(name, title) for name, title in zip(DAY_NAMES, _DAY_TITLES, strict=True)]


def working_days() -> list[str]:
    return [name for i, name in enumerate(DAY_NAMES) if WEEKDAYS & (1 << i)]


def day_patterns(typed: str = "") -> list[str]:
    """Ways to name a schedule's days that start with what was typed (and it, if new)."""
    key = typed.strip().lower()
    found = [d for d in DAY_PATTERNS if d.startswith(key)]
    if key and key not in found:
        found.append(key)
    return found


def timezones(typed: str = "", limit: int = 25) -> list[str]:
    """Zone names matching what was typed, cities included."""
    return complete_timezones(typed, limit)


def commands() -> list[Choice]:
    return [Choice(c.name, c.summary) for c in SURFACE.commands]


def prep_subcommands() -> list[Choice]:
    return [Choice(c.name, c.summary) for c in SURFACE.group().subcommands]
