"""Role cards, the role list and comparisons: a one-screen overview with a row per aspect,
which opens into one aspect at a time in place of itself."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from core.content.models import Role
from core.kernel.reply import (
    Button,
    ButtonStyle,
    Chart,
    ComparisonRow,
    ComparisonSection,
    FieldsSection,
    KeyValue,
    Reply,
    Section,
    TextSection,
    error_reply,
)
from core.ports import ChartRenderer
from core.roles.aspects import OVERVIEW, SHORT_TITLES, TITLES, Aspect
from core.roles.catalog import Catalog
from core.roles.cells import DISPUTED, cell
from core.roles.chart import roles_named
from core.roles.citations import Citations
from core.roles.comparing import Pair, pair_entries, readers_section, shared_split
from core.roles.glance import direct_articles, direct_note, disputed, gist, row
from core.roles.items import Entry, by_row, entries, in_aspect, role_items

SHARE_ACTION = "share"
OPEN_ACTION = "open"
SILENT = "The articles say nothing on this."
LEGEND = f"{DISPUTED} = the sources disagree."


def role_list(catalog: Catalog) -> Reply:
    fields = tuple(
        KeyValue(name=f"{role.id}: {role.company} {role.title}", value=role.summary)
        for role in catalog.roles
    )
    hint = TextSection(text="Try `/role netflix-pm` or `/compare netflix-pm amazon-pm`.")
    return Reply(title="Roles", sections=(FieldsSection(fields=fields), hint))


def role_card(catalog: Catalog, role: Role, aspect: Aspect | None) -> Reply:
    """`/role A`: a row per aspect; `/role A aspect`: everything the role says on it."""
    cite = Citations(catalog.content.articles)
    placed = entries(role_items(role))
    flags = {a for a in Aspect if disputed(in_aspect(placed, a))}
    sections: list[Section]
    if aspect is None:
        fields = tuple(KeyValue(name=_label(a, flags), value=gist(role, a, cite)) for a in OVERVIEW)
        sections = [TextSection(text=LEGEND)] if flags else []
        sections.append(FieldsSection(fields=fields))
    elif aspect is Aspect.CONTRASTS:
        sections = [_contrasts(in_aspect(placed, aspect), cite)]
    else:
        rows = by_row(in_aspect(placed, aspect))
        fields = tuple(KeyValue(name=row, value=cell(group, cite)) for row, group in rows)
        sections = [
            FieldsSection(heading=TITLES[aspect], fields=fields)
            if fields
            else TextSection(heading=TITLES[aspect], text=SILENT)
        ]
        if aspect is Aspect.FIT:
            sections += readers_section(catalog.content.articles, (role,), cite)
    return Reply(
        title=f"{role.company} {role.title} ({role.id})",
        sections=tuple(sections),
        sources=cite.notes(),
        buttons=_buttons(f"role {role.id}", aspect, flags),
    )


def comparison(catalog: Catalog, left: Role, right: Role, aspect: Aspect | None) -> Reply:
    """`/compare A B`: a row per aspect; `/compare A B aspect`: that aspect side by side."""
    if left.id == right.id:
        card = role_card(catalog, left, aspect)
        note = TextSection(text="Both names are the same role, so here is its card.")
        return card.model_copy(update={"sections": (note, *card.sections)})
    cite = Citations(catalog.content.articles)
    pair = pair_entries(left, right)
    flags = {
        a for a in Aspect if disputed(in_aspect(pair.left, a)) or disputed(in_aspect(pair.right, a))
    }
    articles, roles = catalog.content.articles, catalog.content.roles
    lead = [direct_note(articles, roles, (left, right), cite)]
    if aspect is None:
        sections = _overview(pair, flags, cite, direct_articles(articles, roles, (left, right)))
        lead += [LEGEND] if flags else []
    else:
        sections = _aspect(catalog, pair, aspect, cite)
    return Reply(
        title=f"{left.company} {left.title} vs {right.company} {right.title}",
        sections=(TextSection(text=" ".join(lead)), *sections),
        sources=cite.notes(),
        buttons=_buttons(f"compare {left.id} {right.id}", aspect, flags),
    )


async def comparison_reply(
    catalog: Catalog, charts: ChartRenderer, left: Role, right: Role, aspect: Aspect | None
) -> Reply:
    """`comparison`, with the compensation chart on its pay view."""
    reply = comparison(catalog, left, right, aspect)
    roles = (left,) if left.id == right.id else (left, right)  # the same role: its card
    return await _charted(reply, catalog, charts, roles, aspect)


async def role_card_reply(
    catalog: Catalog, charts: ChartRenderer, role: Role, aspect: Aspect | None
) -> Reply:
    """`role_card`, with the compensation chart on its pay view."""
    return await _charted(role_card(catalog, role, aspect), catalog, charts, (role,), aspect)


async def chart_named(catalog: Catalog, charts: ChartRenderer, filename: str) -> Chart | None:
    """The chart a role card or comparison carries under this file name, drawn as theirs is;
    None when no card or comparison has a chart of that name."""
    roles = roles_named(filename, catalog.content.roles)
    if roles is None:
        return None
    return await charts.compensation(roles, catalog.content.articles)


def opener(catalog: Catalog, charts: ChartRenderer) -> Callable[[str, object], Awaitable[Reply]]:
    """The handler of the aspect buttons: the view its payload names, in place of the one
    the button was on."""

    async def open_view(payload: str, caller: object) -> Reply:
        reply = await view_of(catalog, charts, payload)
        return reply.model_copy(update={"replaces": True}) if reply else _stale()

    return open_view


async def view_of(catalog: Catalog, charts: ChartRenderer, payload: str) -> Reply | None:
    """The view a button names, `compare A B [aspect]` or `role A [aspect]` with exact role
    ids; None when it names none (the content changed since the button was sent)."""
    kind, *words = payload.split() or [""]
    count = {"compare": 2, "role": 1}.get(kind)
    if count is None or len(words) not in (count, count + 1):
        return None
    roles = [catalog.content.roles.get(word) for word in words[:count]]
    found = [role for role in roles if role is not None]
    aspect = _exact_aspect(words[count]) if len(words) > count else None
    if len(found) < count or (len(words) > count and aspect is None):
        return None
    if kind == "role":
        return await role_card_reply(catalog, charts, found[0], aspect)
    return await comparison_reply(catalog, charts, found[0], found[1], aspect)


def _exact_aspect(word: str) -> Aspect | None:
    try:
        return Aspect(word)
    except ValueError:
        return None


def _overview(
    pair: Pair, flags: set[Aspect], cite: Citations, direct: frozenset[str]
) -> list[Section]:
    # The row's title is flagged when either role's sources disagree; each role's line says
    # which.
    sides = {a: (in_aspect(pair.left, a), in_aspect(pair.right, a)) for a in OVERVIEW}
    fields = tuple(
        KeyValue(name=_label(a, flags), value=row(pair.roles, a, sides[a], cite, direct))
        for a in OVERVIEW
    )
    return [FieldsSection(fields=fields)]


def _aspect(catalog: Catalog, pair: Pair, aspect: Aspect, cite: Citations) -> list[Section]:
    left, right = pair.roles
    mine, theirs = in_aspect(pair.left, aspect), in_aspect(pair.right, aspect)
    if aspect is Aspect.CONTRASTS:
        # One list: a pair's contrast is drawn between the two, not said of either alone.
        return [_contrasts([*mine, *theirs], cite)]
    both, mine, theirs = shared_split(mine, theirs)
    sections: list[Section] = []
    if mine or theirs:
        rows = tuple(
            ComparisonRow(
                label=row,
                left=cell(_in_row(mine, row), cite),
                right=cell(_in_row(theirs, row), cite),
            )
            for row in dict.fromkeys(e.row for e in [*mine, *theirs])
        )
        sections.append(
            ComparisonSection(
                heading=TITLES[aspect], left_title=left.id, right_title=right.id, rows=rows
            )
        )
    if both:
        fields = tuple(KeyValue(name=row, value=cell(group, cite)) for row, group in by_row(both))
        sections.append(FieldsSection(heading="Said of both roles", fields=fields))
    if aspect is Aspect.FIT:
        sections += readers_section(catalog.content.articles, pair.roles, cite)
    return sections or [TextSection(heading=TITLES[aspect], text=SILENT)]


def _contrasts(found: list[Entry], cite: Citations) -> TextSection:
    text = cell(found, cite) if found else SILENT
    return TextSection(heading=TITLES[Aspect.CONTRASTS], text=text)


def _in_row(group: list[Entry], row: str) -> list[Entry]:
    return [e for e in group if e.row == row]


def _label(aspect: Aspect, flags: set[Aspect]) -> str:
    return SHORT_TITLES[aspect] + (f" {DISPUTED}" if aspect in flags else "")


def _buttons(view: str, current: Aspect | None, flags: set[Aspect]) -> tuple[Button, ...]:
    """A button per aspect (the overview's button too, in an aspect's view), then Share."""
    buttons: list[Button] = []
    if current is not None:
        buttons.append(Button(action=OPEN_ACTION, label="◂ All aspects", payload=view))
    for aspect in Aspect:
        if aspect is not current:
            label = _label(aspect, flags)
            buttons.append(Button(action=OPEN_ACTION, label=label, payload=f"{view} {aspect}"))
    command = f"/{view} {current or ''}".strip()
    buttons.append(
        Button(
            action=SHARE_ACTION,
            label="Share in channel",
            payload=command,
            style=ButtonStyle.PRIMARY,
        )
    )
    return tuple(buttons)


async def _charted(
    reply: Reply,
    catalog: Catalog,
    charts: ChartRenderer,
    roles: tuple[Role, ...],
    aspect: Aspect | None,
) -> Reply:
    if aspect is not Aspect.COMP:
        return reply
    chart = await charts.compensation(roles, catalog.content.articles)
    return reply.model_copy(update={"chart": chart})


def _stale() -> Reply:
    return error_reply(
        "That button belongs to a view that no longer exists.", "Run the command again."
    )
