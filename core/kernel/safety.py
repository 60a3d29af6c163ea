"""Keep text a user typed from pinging a whole channel when it is echoed back."""

from __future__ import annotations

import re

from core.kernel.fitting import clip
from core.kernel.mentions import ZERO_WIDTH_SPACE, inert

_SLACK_SPECIAL = re.compile(r"<!(everyone|here|channel|subteam\^[^>]*)(\|[^>]*)?>", re.IGNORECASE)
_DISCORD_ROLE_OR_USER = re.compile(r"<@[!&]?(\d+)>")
MAX_ECHO = 80


def defang(text: str, limit: int = MAX_ECHO) -> str:
    """User text made safe to echo: no mass or role mention, no markup link, shortened."""
    text = _SLACK_SPECIAL.sub(lambda m: f"@{ZERO_WIDTH_SPACE}{m.group(1).split('^')[0]}", text)
    text = inert(text)
    text = _DISCORD_ROLE_OR_USER.sub(lambda m: f"@{ZERO_WIDTH_SPACE}{m.group(1)}", text)
    text = text.replace("<", "‹").replace(">", "›").replace("`", "'")
    text = " ".join(text.split())
    return clip(text, limit)


def quoted(text: str, limit: int = MAX_ECHO) -> str:
    """User text, defanged, in quotes, for messages like "I can't read 'x' as a date"."""
    return f"'{defang(text, limit)}'"
