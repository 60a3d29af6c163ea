"""Every thing a role's content says, as one list of items, each under an aspect and a row.

The cards and comparisons are built from this list alone, so that every item is shown exactly
once: an item is placed by its aspect and row, and items that record competing accounts of one
point (the same `disputes` value) are gathered where the first of them stands.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from core.content.models import (
    CareerPath,
    Contrast,
    Fact,
    Figure,
    InterviewLoop,
    Role,
    Source,
    Stage,
)
from core.kernel.words import plural
from core.roles.aspects import Aspect, format_figure

_WORD = re.compile(r"[a-z0-9]+")
CONTRASTS = "Not X, but Y"


@dataclass(frozen=True)
class Item:
    """One thing the content says. `children` are shown beneath it (a loop's stages)."""

    aspect: Aspect
    row: str
    text: str
    source: Source | None = None
    disputes: str | None = None
    children: tuple[Item, ...] = ()


@dataclass(frozen=True)
class Dispute:
    """Competing accounts of one point, each with its own source."""

    accounts: tuple[Item, ...]

    @property
    def aspect(self) -> Aspect:
        return self.accounts[0].aspect

    @property
    def row(self) -> str:
        return self.accounts[0].row


Entry = Item | Dispute


def role_items(
    role: Role, versus: Role | None = None, leave_out: Sequence[Contrast] = ()
) -> list[Item]:
    """Everything the role says, in reading order. With `versus`, only the contrasts drawn
    against that role; without, every contrast. `leave_out`: contrasts said elsewhere."""
    items: list[Item] = [
        Item(Aspect.SCOPE, "Summary", role.summary, role.summary_source),
        *_facts(Aspect.SCOPE, "Focus", role.focus),
        *_facts(Aspect.SCOPE, "Responsibilities", role.responsibilities),
        *_figures(Aspect.SCOPE, "Key figures", role.figures),
    ]
    contrasts = [
        c
        for c in role.contrasts
        if (versus is None or c.versus == versus.id) and c not in leave_out
    ]
    items += [_contrast(c, with_role=versus is None) for c in contrasts]
    for loop in role.interview:
        items += _loop(loop)
    items += _figures(Aspect.COMP, "Figures", role.compensation.figures)
    items += _facts(Aspect.COMP, "Structure", role.compensation.notes)
    items += _career(role.career)
    items += _facts(Aspect.CULTURE, "Culture", role.culture)
    items += _facts(Aspect.SKILLS, "Skills", role.skills)
    items += _facts(Aspect.METRICS, "Success measures", role.metrics)
    items += _facts(Aspect.FIT, "Suits", role.suits)
    items += [
        Item(Aspect.MISTAKES, "Mistakes", f"✗ {m.bad}\n✓ {m.better}", m.source)
        for m in role.mistakes
    ]
    items += _facts(Aspect.CHECKLIST, "Checklist", role.checklist)
    items += [
        Item(Aspect.FAQ, "Questions", f"{f.question}\n{f.answer}", f.source) for f in role.faq
    ]
    return items


def entries(items: list[Item]) -> list[Entry]:
    """Items with each set of competing accounts gathered into one dispute, placed at the
    aspect and row of its first account."""
    groups: dict[str, list[Item]] = {}
    for item in items:
        if item.disputes is not None:
            groups.setdefault(item.disputes, []).append(item)
    placed: list[Entry] = []
    for item in items:
        group = groups.get(item.disputes or "")
        if group is None or len(group) < 2:
            placed.append(item)
        elif group[0] is item:
            first = group[0]
            moved = (first, *(_moved(other, first) for other in group[1:]))
            placed.append(Dispute(moved))
    return placed


def in_aspect(entries_: Sequence[Entry], aspect: Aspect) -> list[Entry]:
    return [e for e in entries_ if e.aspect is aspect]


def by_row(entries_: Sequence[Entry]) -> list[tuple[str, list[Entry]]]:
    """Entries grouped by row, rows in order of first appearance."""
    order = list(dict.fromkeys(e.row for e in entries_))
    rows = {row: [e for e in entries_ if e.row == row] for row in order}
    return list(rows.items())


def mirrored(a: Contrast, b: Contrast) -> bool:
    """Two roles' copies of one contrast, each told from its own side ("cash against equity"
    and "equity against cash")."""
    return a.source.article == b.source.article and _words(a.not_) == _words(b.not_)


def _moved(item: Item, to: Item) -> Item:
    return replace(item, aspect=to.aspect, row=to.row)


def _words(text: str) -> frozenset[str]:
    return frozenset(_WORD.findall(text.lower()))


def _facts(aspect: Aspect, row: str, facts: list[Fact]) -> list[Item]:
    return [Item(aspect, row, f.text, f.source, f.disputes) for f in facts]


def _figures(aspect: Aspect, row: str, figures: list[Figure]) -> list[Item]:
    return [
        Item(aspect, row, f"{f.label}: {format_figure(f)}", f.source, f.disputes) for f in figures
    ]


def _contrast(contrast: Contrast, *, with_role: bool) -> Item:
    against = f"vs {contrast.versus}: " if with_role else ""
    text = f"{against}not “{contrast.not_.rstrip('.')}” but “{contrast.but.rstrip('.')}”"
    return Item(Aspect.CONTRASTS, CONTRASTS, text, contrast.source)


def _loop(loop: InterviewLoop) -> list[Item]:
    """The loop with its stages beneath it; its notes follow it, each with its own source."""
    stages = tuple(Item(Aspect.INTERVIEW, "Loop", _stage_text(s)) for s in loop.stages)
    head = f"{plural(loop.rounds, 'round')} over {format_figure(loop.duration)}"
    notes = [n for n in loop.notes if n.disputes is None]
    kept = tuple(Item(Aspect.INTERVIEW, "Loop", n.text, n.source) for n in notes)
    loop_item = Item(Aspect.INTERVIEW, "Loop", head, loop.source, loop.disputes, stages + kept)
    # A note that competes with another account stands on its own, to be gathered with it.
    disputed = _facts(Aspect.INTERVIEW, "Loop", [n for n in loop.notes if n.disputes])
    return [loop_item, *disputed]


def _stage_text(stage: Stage) -> str:
    days = ""
    if stage.start_day is not None:
        if stage.end_day in (None, stage.start_day):
            days = f" (day {stage.start_day})"
        else:
            days = f" (days {stage.start_day}–{stage.end_day})"
    detail = f": {stage.detail}" if stage.detail else ""
    return f"{stage.name}{days}{detail}"


def _career(career: CareerPath) -> list[Item]:
    steps = [
        f"{step.title} ({step.detail.rstrip('.')})" if step.detail else step.title
        for step in career.ladder
    ]
    ladder = Item(Aspect.CAREER, "Ladder", " → ".join(steps), career.source, career.disputes)
    return [
        ladder,
        *_figures(Aspect.CAREER, "Figures", career.figures),
        *_facts(Aspect.CAREER, "Notes", career.notes),
    ]
