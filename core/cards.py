"""Role cards, the role list and side-by-side comparisons."""

from __future__ import annotations

from core.aspects import COMPARED, TITLES, Aspect, rows_for
from core.catalog import Catalog
from core.chart import compensation_chart
from core.citations import Citations
from core.content.models import Role
from core.reply import (
    Button,
    ComparisonRow,
    ComparisonSection,
    FieldsSection,
    KeyValue,
    Reply,
    Section,
    TextSection,
)

SHARE_ACTION = "share"
MISSING = "—"


def role_list(catalog: Catalog) -> Reply:
    fields = tuple(
        KeyValue(name=f"{role.id}: {role.company} {role.title}", value=role.summary)
        for role in catalog.roles
    )
    hint = TextSection(text="Try `/role netflix-pm` or `/compare netflix-pm amazon-pm`.")
    return Reply(title="Roles", sections=(FieldsSection(fields=fields), hint))


def role_card(catalog: Catalog, role: Role, aspect: Aspect | None) -> Reply:
    cite = Citations(catalog.content.articles)
    aspects = (aspect,) if aspect else tuple(Aspect)
    sections: list[Section] = []
    for each in aspects:
        rows = rows_for(role, each, cite)
        if rows:
            fields = tuple(KeyValue(name=label, value=text) for label, text in rows)
            sections.append(FieldsSection(heading=TITLES[each], fields=fields))
    return Reply(
        title=f"{role.company} {role.title} ({role.id})",
        sections=tuple(sections),
        sources=cite.notes(),
        buttons=(_share_button(f"/role {role.id} {aspect or ''}"),),
        chart=compensation_chart((role,)) if aspect is Aspect.COMP else None,
    )


def comparison(catalog: Catalog, left: Role, right: Role, aspect: Aspect | None) -> Reply:
    cite = Citations(catalog.content.articles)
    aspects = (aspect,) if aspect else COMPARED
    sections: list[Section] = []
    for each in aspects:
        left_rows = dict(rows_for(left, each, cite))
        right_rows = dict(rows_for(right, each, cite))
        labels = list(dict.fromkeys([*left_rows, *right_rows]))
        rows = tuple(
            ComparisonRow(
                label=label,
                left=left_rows.get(label, MISSING),
                right=right_rows.get(label, MISSING),
            )
            for label in labels
        )
        sections.append(
            ComparisonSection(
                heading=TITLES[each], left_title=left.id, right_title=right.id, rows=rows
            )
        )
    chart = compensation_chart((left, right)) if aspect is Aspect.COMP else None
    if left.id == right.id:
        sections.insert(0, TextSection(text="Both names are the same role."))
    return Reply(
        title=f"{left.company} {left.title} vs {right.company} {right.title}",
        sections=tuple(sections),
        sources=cite.notes(),
        buttons=(_share_button(f"/compare {left.id} {right.id} {aspect or ''}"),),
        chart=chart,
    )


def _share_button(command: str) -> Button:
    return Button(action=SHARE_ACTION, label="Share in channel", payload=command.strip())
