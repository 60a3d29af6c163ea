"""The short form of an aspect: a few words per role, with source marks and a flag where the
sources disagree, for the one-screen card and comparison.

A role's gists say it where the content has them; the interview loop, and pay where it has
USD figures, are otherwise told from their figures. In a comparison, a role's gists from an
article that speaks of both roles are shown before any other: the articles are themselves
comparisons, and their account is the difference that matters for the pair.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from core.content.models import Article, AspectName, Gist, Role
from core.roles.aspects import Aspect, format_figure
from core.roles.cells import DISPUTED
from core.roles.citations import Citations
from core.roles.items import Dispute, Entry, role_items
from core.roles.pay import KIND_WORDS, brief_usd, pay_kind, usd_figures

NONE = "none"
BOTH = "both"


def disputed(entries: Sequence[Entry]) -> bool:
    return any(isinstance(e, Dispute) for e in entries)


def gist(
    role: Role,
    aspect: Aspect,
    cite: Citations,
    prefer: frozenset[str] = frozenset(),
    joint: str = "\n",
) -> str:
    """A few words on the role's aspect with bare source marks: its gists, those from the
    `prefer` articles where there are any (each on its own line, or joined by `joint`), or
    else what its figures say; `none` where the role says nothing on it."""
    chosen = chosen_gists(role, aspect, prefer)
    if chosen:
        return said(chosen, cite, joint)
    if aspect is Aspect.INTERVIEW:
        return " or ".join(
            f"{loop.rounds}{' rounds' if i == 0 else ''} in {_brief(format_figure(loop.duration))}"
            f" {cite.sign(loop.source.article)}"
            for i, loop in enumerate(role.interview)
        )
    if aspect is Aspect.COMP and (figures := usd_figures(role)):
        # Competing accounts of one pay are alternatives; figures of one account add up.
        first = figures[0].disputes
        rivals = first is not None and all(f.disputes == first for f in figures)
        return (" or " if rivals else "; ").join(
            f"{brief_usd(f)} {KIND_WORDS[pay_kind(f)]} {cite.sign(f.source.article)}"
            for f in figures
        )
    return NONE


def chosen_gists(role: Role, aspect: Aspect, prefer: frozenset[str]) -> list[Gist]:
    """The role's gists on the aspect that a reader of this view is shown: each side of a
    disagreement always, and of the rest those from the preferred articles if there are any."""
    gists = role.gists.get(AspectName(aspect.value), [])
    plain = [g for g in gists if g.disputes is None]
    kept = [g for g in plain if g.source.article in prefer] or plain
    return [g for g in gists if g.disputes is not None or g in kept]


def said(gists: Sequence[Gist], cite: Citations, joint: str) -> str:
    """The gists with their marks; the sides of a disagreement on one line, joined by `or`."""
    parts: list[str] = []
    for gist_ in gists:
        if gist_.disputes is None:
            parts.append(_marked(gist_, cite))
        elif gist_ is next(g for g in gists if g.disputes == gist_.disputes):
            sides = [g for g in gists if g.disputes == gist_.disputes]
            parts.append(" or ".join(_marked(g, cite) for g in sides))
    return joint.join(parts)


def row(
    roles: tuple[Role, Role],
    aspect: Aspect,
    sides: tuple[Sequence[Entry], Sequence[Entry]],
    cite: Citations,
    prefer: frozenset[str],
) -> str:
    """One aspect of two roles: a line per role, each flagged where its sources disagree;
    one line when both say the same, or when one of them says nothing."""
    one, other = (
        flagged(gist(role, aspect, cite, prefer, joint="; "), entries)
        for role, entries in zip(roles, sides, strict=True)
    )
    if one == other:
        return f"{BOTH}: {one}"
    joint = " · " if NONE in (one, other) else "\n"
    return f"{roles[0].id}: {one}{joint}{roles[1].id}: {other}"


def flagged(text: str, entries: Sequence[Entry]) -> str:
    """The text, flagged when the entries hold competing accounts."""
    return f"{DISPUTED} {text}" if disputed(entries) else text


def direct_articles(
    articles: Mapping[str, Article], roles: Mapping[str, Role], pair: tuple[Role, Role]
) -> frozenset[str]:
    """The articles that speak of both roles of a pair."""
    ids = {pair[0].id, pair[1].id}
    return frozenset(a.id for a in articles.values() if ids <= _speaks_of(a, roles))


def direct_note(
    articles: Mapping[str, Article],
    roles: Mapping[str, Role],
    pair: tuple[Role, Role],
    cite: Citations,
) -> str:
    """Whether an article compares the two roles, up front, since the reader cannot tell."""
    direct = direct_articles(articles, roles, pair)
    if direct:
        names = " and ".join(cite.article(a) for a in articles if a in direct)
        return f"Compared directly in {names}."
    return "No article compares these two roles directly."


def _speaks_of(article: Article, roles: Mapping[str, Role]) -> set[str]:
    """The roles an article speaks of: as declared, or else every role that cites it."""
    if article.roles:
        return set(article.roles)
    return {
        role.id
        for role in roles.values()
        if any(i.source and i.source.article == article.id for i in role_items(role))
    }


def _marked(gist_: Gist, cite: Citations) -> str:
    return f"{gist_.text} {cite.sign(gist_.source.article)}"


def _brief(duration: str) -> str:
    """`~45 days` for `about 45 days`: the loop's line holds two accounts."""
    return duration.replace("about ", "~")
