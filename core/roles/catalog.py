"""Find roles by id, alias or a near miss."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

from core.content.loader import Content
from core.content.models import Role

# Punctuation separates words; letters of any script are kept, so that a word typed in
# another alphabet is not silently dropped from a role name.
_NON_WORD = re.compile(r"[\W_]+")


def normalise(name: str) -> str:
    return " ".join(_NON_WORD.sub(" ", name.lower()).split())


class UnknownRole(LookupError):
    def __init__(self, name: str, suggestions: list[str]) -> None:
        super().__init__(name)
        self.name = name
        self.suggestions = suggestions


class Catalog:
    def __init__(self, content: Content) -> None:
        self.content = content
        self._by_name: dict[str, str] = {}
        for role in content.roles.values():
            for name in (role.id, f"{role.company} {role.title}", *role.aliases):
                self._by_name.setdefault(normalise(name), role.id)

    @property
    def roles(self) -> list[Role]:
        return list(self.content.roles.values())

    def find(self, name: str) -> Role | None:
        words = name.split()
        if not words or not normalise(words[0]):
            return None  # "!!! amazon-pm" is not a name for amazon-pm
        role_id = self._by_name.get(normalise(name))
        return self.content.roles[role_id] if role_id else None

    def resolve(self, name: str) -> Role:
        role = self.find(name)
        if role is None:
            raise UnknownRole(name, self.suggest(name))
        return role

    def suggest(self, name: str, limit: int = 3) -> list[str]:
        key = normalise(name)
        close = difflib.get_close_matches(key, self._by_name, n=limit * 3, cutoff=0.6)
        if not close:
            close = [n for n in self._by_name if key and (key in n or n in key)]
        return _unique(self._by_name[n] for n in close)[:limit]

    def complete(self, prefix: str, limit: int = 25) -> list[Role]:
        """Roles whose id or any alias contains what was typed so far (for autocomplete)."""
        key = normalise(prefix)
        ids = _unique(role_id for name, role_id in self._by_name.items() if key in name)
        return [self.content.roles[i] for i in ids[:limit]]


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))
