"""Core text to Slack mrkdwn: escaped, no mass mention, cut to a limit without breaking markup."""

from __future__ import annotations

import re

from core.kernel.reply import Ref, RefKind, fill

_MASS_MENTION = re.compile(r"@(channel|here|everyone)\b", re.IGNORECASE)
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*", re.DOTALL)
_ZERO_WIDTH_SPACE = "\u200b"
ELLIPSIS = "…"


def escape(text: str) -> str:
    """Text Slack shows as typed: `&`, `<`, `>` escaped, `@here` and the like made inert."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _inert(text)


def to_mrkdwn(text: str, refs: tuple[Ref, ...] = ()) -> str:
    """Core Markdown-ish text as mrkdwn, escaped, with its references drawn as live links."""
    converted = escape(text)
    converted = _BOLD.sub(r"*\1*", converted) if "**" in converted else converted
    return fill(converted, refs, reference)


def reference(ref: Ref) -> str:
    """A channel or user as Slack links it (`<#C123>`, `<@U123>`)."""
    return f"<#{ref.id}>" if ref.kind is RefKind.CHANNEL else f"<@{ref.id}>"


def plain(text: str) -> str:
    """Text for a plain_text object. Slack does not parse those, but a special mention
    is made inert here too rather than trusted to that."""
    return _inert(text.replace("<!", f"<{_ZERO_WIDTH_SPACE}!"))


def _inert(text: str) -> str:
    if "@" not in text:
        return text
    return _MASS_MENTION.sub(lambda m: f"@{_ZERO_WIDTH_SPACE}{m.group(1)}", text)


def shorten(text: str, limit: int) -> str:
    """At most `limit` characters, ending in an ellipsis when something was cut."""
    if len(text) <= limit:
        return text
    return text[: safe_cut(text, limit - 1)].rstrip() + ELLIPSIS


def split(text: str, limit: int) -> list[str]:
    """Pieces of at most `limit` characters, cut at line breaks, then spaces, then anywhere."""
    pieces: list[str] = []
    rest = text
    while len(rest) > limit:
        # A line break in the first half would leave a stub; a space nearer the limit is better.
        cut = rest.rfind("\n", limit // 2, limit + 1)
        if cut <= 0:
            cut = rest.rfind(" ", 0, limit + 1)
        if cut <= 0:
            cut = safe_cut(rest, limit)
        pieces.append(rest[:cut])
        rest = rest[cut:].lstrip("\n ")
    if rest or not pieces:
        pieces.append(rest)
    return pieces


def safe_cut(text: str, limit: int) -> int:
    """An index at most `limit` that does not fall inside an `&amp;` entity or a `<…>` reference."""
    cut = limit
    entity = text.rfind("&", max(0, cut - 5), cut)
    if entity != -1 and text.find(";", entity, cut) == -1:
        cut = entity
    opened = text.rfind("<", 0, cut)
    if opened != -1 and text.find(">", opened, cut) == -1 and cut - opened < 100:
        cut = opened
    return cut if cut > 0 else limit


def typed_command(text: str) -> str:
    """A message's text as the command it spells: Slack's escapes undone, a leading `/` added."""
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").strip()
    return text if not text or text.startswith("/") else "/" + text
