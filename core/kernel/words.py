"""Counting in words: `1 day`, `2 days`, `1 schedule`, `0 problems`."""

from __future__ import annotations


def plural(count: int, word: str, many: str | None = None) -> str:
    """The count and the word, in the plural unless the count is one; `many` is the plural
    when adding an `s` does not make it."""
    return f"{count} {word if count == 1 else many or word + 's'}"
