"""The neutral reply as rich renderables for a terminal."""

from __future__ import annotations

import re

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.text import Text

from bot.console_adapter.buttons import choices
from bot.console_adapter.wrapping import Comparison, Fields, Flow, Hanging
from core.kernel.fitting import clip
from core.kernel.reply import ComparisonSection, FieldsSection, Reply, TextSection, Visibility

_CODE = re.compile(r"`([^`\n]+)`")
CODE_STYLE = "bold green"
CHECKLIST_ITEM_CHARS = 70


def plain(text: str) -> Text:
    """Terminal text with `code` styled as code, without its backticks; no other markup."""
    rendered = Text()
    end = 0
    for match in _CODE.finditer(text):
        rendered.append(text[end : match.start()])
        rendered.append(match.group(1), style=CODE_STYLE)
        end = match.end()
    rendered.append(text[end:])
    return rendered


def render(
    reply: Reply, where: str | None = None, *, letter: str = "", hint: str | None = None
) -> RenderableType:
    """A panel; buttons are numbered, after `letter` when given, with `hint` (by default, how
    to type one) below them."""
    parts: list[RenderableType] = []
    for section in reply.sections:
        if section.heading:
            parts.append(Text(section.heading, style="bold cyan"))
        if isinstance(section, TextSection):
            parts.append(Hanging(plain(section.rendered())))
        elif isinstance(section, FieldsSection):
            parts.append(Fields(section, plain))
        elif isinstance(section, ComparisonSection):
            parts.append(Comparison(section, plain))
    if reply.sources:
        # The heading shares the first note's line: a comparison whose two roles both speak on
        # every aspect needs that line to stay within one 40-line screen.
        parts.append(Text("Sources: " + "\n".join(reply.sources), style="dim"))
    checklist = reply.checklist
    if checklist:
        items = "\n".join(
            f"  {'✓ ' if i in checklist.ticked else ''}{i}. {clip(item, CHECKLIST_ITEM_CHARS)}"
            for i, item in enumerate(checklist.items, 1)
        )
        parts.append(Text(f"{checklist.prompt}:\n{items}", style="magenta"))
    labels = [b.label for b in reply.buttons]
    if checklist:
        ticked = " ".join(str(n) for n in checklist.ticked)
        already = f"; ✓ now: {ticked}" if ticked else ""
        labels.append(f"{checklist.submit} (then type the numbers covered{already})")
    if labels:
        keys = [f"[{letter}{i}] {label}" for i, label in enumerate(labels, 1)]
        parts.append(Flow(keys, style="bold magenta"))
        if hint is None:
            hint = f"(type {choices(len(labels), letter)} to choose)"
        if hint:
            parts.append(Text(hint, style="bold magenta"))
    if where is None:
        private = reply.visibility is Visibility.CALLER
        where = "only you can see this" if private else "shared in the channel"
    return Panel(Group(*parts), title=plain(reply.title), subtitle=where, title_align="left")
