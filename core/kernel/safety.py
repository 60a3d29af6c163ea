"""Keep text a user typed from pinging a whole channel when it is echoed back."""

from __future__ import annotations

import re

_MASS_MENTIONS = re.compile(r"@(everyone|here|channel)\b", re.IGNORECASE)
_SLACK_SPECIAL = re.compile(r"<!(everyone|here|channel|subteam\^[^>]*)(\|[^>]*)?>", re.IGNORECASE)
_DISCORD_ROLE_OR_USER = re.compile(r"<@[!&]?(\d+)>")
_ZERO_WIDTH_SPACE = "\u200b"
MAX_ECHO = 80


def defang(text: str, limit: int = MAX_ECHO) -> str:
    """User text made safe to echo: no mass or role mention, no markup link, shortened."""
    text = _SLACK_SPECIAL.sub(lambda m: f"@{_ZERO_WIDTH_SPACE}{m.group(1).split('^')[0]}", text)
    text = _MASS_MENTIONS.sub(lambda m: f"@{_ZERO_WIDTH_SPACE}{m.group(1)}", text)
    text = _DISCORD_ROLE_OR_USER.sub(lambda m: f"@{_ZERO_WIDTH_SPACE}{m.group(1)}", text)
    text = text.replace("<", "‹").replace(">", "›").replace("`", "'")
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def quoted(text: str, limit: int = MAX_ECHO) -> str:
    """User text, defanged, in quotes, for messages like "I can't read 'x' as a date"."""
    return f"'{defang(text, limit)}'"
