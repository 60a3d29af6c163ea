"""Items as the text of one cell: a bullet per item, its source mark, disputes flagged."""

from __future__ import annotations

from collections.abc import Sequence

from core.roles.citations import Citations
from core.roles.items import Dispute, Entry, Item

DISPUTED = "⚑"
DISAGREE = f"{DISPUTED} The sources disagree:"
NOTHING = "—"


def cell(entries: Sequence[Entry], cite: Citations) -> str:
    lines: list[str] = []
    for entry in entries:
        if isinstance(entry, Dispute):
            lines.append(DISAGREE)
            for account in entry.accounts:
                lines += item_lines(account, cite)
        else:
            lines += item_lines(entry, cite)
    return "\n".join(lines) or NOTHING


def item_lines(item: Item, cite: Citations, bullet: str = "•", indent: str = "") -> list[str]:
    """The item's text under a bullet, its source mark after its last word, then its children
    indented beneath it."""
    text = item.text.strip()
    if item.source is not None:
        text = f"{text} {cite.mark(item.source)}"
    first, *rest = text.split("\n")
    lines = [f"{indent}{bullet} {first}", *(f"{indent}  {line}" for line in rest)]
    for child in item.children:
        lines += item_lines(child, cite, "◦", indent + "  ")
    return lines
