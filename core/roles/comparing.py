"""Two roles' items made ready to set side by side: each contrast once, what both roles say
apart from what each says alone, and the articles' intended readers."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from core.content.models import Article, Role
from core.kernel.reply import Section, TextSection
from core.roles.cells import DISPUTED
from core.roles.citations import Citations
from core.roles.items import Dispute, Entry, Item, entries, mirrored, role_items

SHARED_ACCOUNT = "The account given below for both roles"
ALSO = "Also, for this role:"


@dataclass(frozen=True)
class Pair:
    roles: tuple[Role, Role]
    left: list[Entry]
    right: list[Entry]


def pair_entries(left: Role, right: Role) -> Pair:
    """Each role's entries; a contrast both roles record, each from its own side, is kept
    once, as the first role tells it."""
    mine = [c for c in left.contrasts if c.versus == right.id]
    copies = [
        c for c in right.contrasts if c.versus == left.id and any(mirrored(c, m) for m in mine)
    ]
    return Pair(
        (left, right),
        entries(role_items(left, versus=right)),
        entries(role_items(right, versus=left, leave_out=copies)),
    )


def shared_split(
    mine: Sequence[Entry], theirs: Sequence[Entry]
) -> tuple[list[Item], list[Entry], list[Entry]]:
    """(said of both, left to the first role, left to the second). Both roles say an item
    when both hold it from the same source; where they share an item's first line but not
    all it holds beneath (one loop with an extra round), the shared part is said of both and
    each role keeps only what is its own."""
    both: list[Item] = []
    left: dict[int, Item | None] = {}
    right: dict[int, Item | None] = {}
    for a in _items(mine):
        for b in _items(theirs):
            if id(b) in right or (a.row, a.text, a.source) != (b.row, b.text, b.source):
                continue
            common = tuple(c for c in a.children if c in b.children)
            both.append(replace(a, disputes=None, children=common))
            left[id(a)] = _rest(a, common, disputed=a.disputes is not None)
            right[id(b)] = _rest(b, common, disputed=b.disputes is not None)
            break
    return both, _without(mine, left), _without(theirs, right)


def _items(entries_: Sequence[Entry]) -> list[Item]:
    return [i for e in entries_ for i in (e.accounts if isinstance(e, Dispute) else (e,))]


def _rest(item: Item, common: tuple[Item, ...], *, disputed: bool) -> Item | None:
    """What is left of an item once its shared part is said of both roles. An account in a
    dispute stays, pointing to the shared part, so that the dispute still shows both sides."""
    extra = tuple(c for c in item.children if c not in common)
    if disputed:
        text = SHARED_ACCOUNT + (", and for this role:" if extra else "")
        return replace(item, text=text, children=extra)
    return replace(item, text=ALSO, source=None, children=extra) if extra else None


def _without(entries_: Sequence[Entry], changed: dict[int, Item | None]) -> list[Entry]:
    kept: list[Entry] = []
    for entry in entries_:
        if isinstance(entry, Dispute):
            accounts = tuple(changed.get(id(a), a) for a in entry.accounts)
            kept.append(Dispute(tuple(a for a in accounts if a is not None)))
        elif (now := changed.get(id(entry), entry)) is not None:
            kept.append(now)
    return kept


def readers_section(
    articles: Mapping[str, Article], roles: Sequence[Role], cite: Citations
) -> list[Section]:
    """Who each article about these roles says it was written for, which is not who a role
    suits; shown with its source, and flagged when the articles address different readers."""
    ids = {role.id for role in roles}
    about = [a for a in articles.values() if a.readers and ids & set(a.roles)]
    if not about:
        return []
    lines = [f"• {a.readers} {cite.sign(a.id)}" for a in about]
    if len({a.readers for a in about}) > 1:
        lines.insert(0, f"{DISPUTED} The articles address different readers:")
    return [TextSection(heading="Who the articles were written for", text="\n".join(lines))]
