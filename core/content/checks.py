"""Checks on one role's content that no single field can make: lines said twice (a gist
counts as a line, so it cannot copy the detail it sums up), disagreements recorded with only
one side, and gists that show a disagreement the detail does not record."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

_NON_WORD = re.compile(r"[\W_]+")

# Keys whose values are names, references or units rather than lines a reader sees.
_NOT_LINES = frozenset(
    {
        "id",
        "company",
        "title",
        "aliases",
        "article",
        "origin",
        "unit",
        "bound",
        "disputes",
        "versus",
        "tests",
    }
)


def repeated_lines(role: dict[str, Any]) -> list[tuple[str, str]]:
    """(field, field of the first occurrence) for each line a role says twice.

    Lines are compared after normalising case, punctuation and spacing, so a copy with a
    different full stop is still a copy.
    """
    first_at: dict[str, str] = {}
    repeats: list[tuple[str, str]] = []
    for field, text in _lines(role):
        key = " ".join(_NON_WORD.sub(" ", text.casefold()).split())
        if key in first_at:
            repeats.append((field, first_at[key]))
        else:
            first_at[key] = field
    return repeats


def disputes_with_one_side(role: dict[str, Any]) -> list[tuple[str, str]]:
    """(field, value) for each `disputes` value that only one item of the role carries. The
    gists are left out: a gist cannot be the second side of a disagreement in the detail."""
    found: dict[str, list[str]] = {}
    for field, value in _values_of(_detail(role), "disputes"):
        found.setdefault(value, []).append(field)
    return [(fields[0], value) for value, fields in found.items() if len(fields) == 1]


def gist_disputes(role: dict[str, Any]) -> list[tuple[str, str]]:
    """(field, reason) for each gist whose `disputes` value the role's detail does not record
    as a disagreement, or that no other gist of its aspect shares."""
    recorded = {value for _, value in _values_of(_detail(role), "disputes")}
    problems: list[tuple[str, str]] = []
    for aspect, gists in (role.get("gists") or {}).items():
        values = [gist.get("disputes") for gist in gists]
        for i, value in enumerate(values):
            field = f"gists.{aspect}.{i}.disputes"
            if value is None:
                continue
            if value not in recorded:
                problems.append((field, f"{value!r} is not a disagreement the detail records"))
            elif values.count(value) == 1:
                problems.append((field, f"{value!r} has no other gist in {aspect}"))
    return problems


def _detail(role: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in role.items() if key != "gists"}


def _lines(node: Any, path: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key not in _NOT_LINES:
                yield from _lines(value, f"{path}.{key}" if path else str(key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _lines(value, f"{path}.{i}")
    elif isinstance(node, str):
        yield path, node


def _values_of(node: Any, wanted: str, path: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(node, dict):
        for key, value in node.items():
            child = f"{path}.{key}" if path else str(key)
            if key == wanted and isinstance(value, str):
                yield child, value
            else:
                yield from _values_of(value, wanted, child)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _values_of(value, wanted, f"{path}.{i}")
