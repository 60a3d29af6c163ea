"""What makes a mass mention live in chat text, and its inert form: `@` and a zero-width space
before the word, which reads the same and pings no one."""

from __future__ import annotations

import re

ZERO_WIDTH_SPACE = "\u200b"
_MASS_MENTION = re.compile(r"@(everyone|here|channel)\b", re.IGNORECASE)


def inert(text: str) -> str:
    """`@everyone`, `@here` and `@channel` made inert; the rest of the text as it is."""
    if "@" not in text:
        return text
    return _MASS_MENTION.sub(lambda m: f"@{ZERO_WIDTH_SPACE}{m.group(1)}", text)


def live(text: str) -> bool:
    """Whether the text holds a mass mention that would ping."""
    return _MASS_MENTION.search(text) is not None
