"""Counts in words."""

from __future__ import annotations

from core.kernel.words import plural


def test_one_is_singular_and_every_other_count_plural() -> None:
    assert [plural(n, "day") for n in (0, 1, 2)] == ["0 days", "1 day", "2 days"]
    assert plural(1, "body", "bodies") == "1 body"
    assert plural(3, "body", "bodies") == "3 bodies"
