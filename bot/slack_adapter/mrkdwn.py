"""Core text to Slack mrkdwn: escaped, no mass mention, references drawn as Slack links them."""

from __future__ import annotations

import re

from core.kernel.mentions import ZERO_WIDTH_SPACE, inert
from core.kernel.reply import Ref, RefKind, fill

_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*", re.DOTALL)


def escape(text: str) -> str:
    """Text Slack shows as typed: `&`, `<`, `>` escaped, `@here` and the like made inert."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return inert(text)


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
    return inert(text.replace("<!", f"<{ZERO_WIDTH_SPACE}!"))


def typed_command(text: str) -> str:
    """A message's text as the command it spells: Slack's escapes undone, a leading `/` added."""
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").strip()
    return text if not text or text.startswith("/") else "/" + text
