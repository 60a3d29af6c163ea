"""A parsed command: the typed value of each parameter given, and the form it took."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from datetime import date, time
from typing import TypeVar
from zoneinfo import ZoneInfo

from core.content.models import Category, Role
from core.roles.aspects import Aspect

T = TypeVar("T")


@dataclass(frozen=True)
class Zoned:
    """A timezone and the words that named it (`new york`), to say which zone they chose."""

    zone: ZoneInfo
    typed: str


@dataclass(frozen=True)
class Args:
    """What a route is given: `{parameter name: typed value}` for each parameter given, and
    the keyword of the form used (`off` in `/prep checkin off`), if any. `key` tells replies
    apart in the cache: the words typed, or the options picked."""

    values: Mapping[str, object] = field(default_factory=dict)
    keyword: str = ""
    key: tuple[Hashable, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.values or self.keyword)

    def has(self, name: str) -> bool:
        return self.values.get(name) is not None

    def _get(self, name: str, kind: type[T]) -> T | None:
        value = self.values.get(name)
        if value is None:
            return None
        assert isinstance(value, kind), (name, value)
        return value

    def role(self, name: str = "role") -> Role | None:
        return self._get(name, Role)

    def aspect(self, name: str = "aspect") -> Aspect | None:
        return self._get(name, Aspect)

    def category(self, name: str = "category") -> Category | None:
        return self._get(name, Category)

    def channel(self, name: str = "channel") -> str | None:
        return self._get(name, str)

    def time(self, name: str = "time") -> time | None:
        return self._get(name, time)

    def zone(self, name: str = "timezone") -> Zoned | None:
        return self._get(name, Zoned)

    def days(self, name: str = "days") -> int | None:
        return self._get(name, int)

    def date(self, name: str) -> date | None:
        return self._get(name, date)

    def number(self, name: str = "number") -> int | None:
        return self._get(name, int)

    def text(self, name: str) -> str | None:
        return self._get(name, str)

    def switch(self, name: str) -> bool | None:
        return self._get(name, bool)
