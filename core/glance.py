"""The short form of an aspect: a few words per role, with source marks and a flag where the
sources disagree, for the one-screen card and comparison."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from core.aspects import Aspect, format_figure
from core.cells import DISPUTED
from core.citations import Citations
from core.content.models import Article, Role
from core.items import Dispute, Entry, Item, role_items
from core.pay import KIND_WORDS, brief_usd, pay_kind, usd_figures
from core.words import plural

# Aspects told in prose: their short form counts what the articles say.
COUNTED = frozenset(
    {Aspect.CULTURE, Aspect.SKILLS, Aspect.METRICS, Aspect.FIT, Aspect.MISTAKES}
    | {Aspect.CHECKLIST, Aspect.FAQ}
)
_NOUNS = {
    Aspect.SCOPE: "point",
    Aspect.CULTURE: "point",
    Aspect.SKILLS: "skill",
    Aspect.METRICS: "measure",
    Aspect.FIT: "point",
    Aspect.MISTAKES: "mistake",
    Aspect.CHECKLIST: "step",
    Aspect.FAQ: "question",
    Aspect.INTERVIEW: "point",
    Aspect.COMP: "point",
    Aspect.CAREER: "point",
}


def disputed(entries: Sequence[Entry]) -> bool:
    return any(isinstance(e, Dispute) for e in entries)


def gist(role: Role, aspect: Aspect, entries: Sequence[Entry], cite: Citations) -> str:
    """A few words on what the role's entries in this aspect say, with bare source marks."""
    if aspect is Aspect.SCOPE:
        text = f"{headline(role.summary)} {cite.sign(role.summary_source.article)}"
    elif aspect is Aspect.INTERVIEW:
        text = " or ".join(
            f"{plural(loop.rounds, 'round')}, {format_figure(loop.duration)} "
            + cite.sign(loop.source.article)
            for loop in role.interview
        )
    elif aspect is Aspect.COMP and usd_figures(role):
        figures = usd_figures(role)
        # Competing accounts of one pay are alternatives; figures of one account add up.
        first = figures[0].disputes
        rivals = first is not None and all(f.disputes == first for f in figures)
        text = (" or " if rivals else "; ").join(
            f"{brief_usd(f)} {KIND_WORDS[pay_kind(f)]} {cite.sign(f.source.article)}"
            for f in figures
        )
    elif aspect is Aspect.CAREER:
        steps = [step.title for step in role.career.ladder]
        ladder = " → ".join(steps) if len(steps) <= 2 else f"{steps[0]} → … → {steps[-1]}"
        text = f"{ladder} {cite.sign(role.career.source.article)}"
    else:
        text = count(aspect, entries, cite)
    return text


def flagged(text: str, entries: Sequence[Entry]) -> str:
    """The text, flagged when the entries hold competing accounts."""
    return f"{DISPUTED} {text}" if disputed(entries) else text


def headline(summary: str) -> str:
    """The summary's first clause, up to a semicolon or colon, when it says something alone."""
    for stop in (";", ":"):
        head = summary.split(stop, 1)[0].strip()
        if head != summary.strip() and len(head.split()) >= 3:
            return head
    return summary.strip()


def count(aspect: Aspect, entries: Sequence[Entry], cite: Citations) -> str:
    """`6 skills ¹ ²`: how many, and from which articles."""
    items = [i for e in entries for i in _accounts(e)]
    if not items:
        return "none"
    articles = sorted({i.source.article for i in items if i.source}, key=cite.number)
    signs = " ".join(cite.sign(a) for a in articles)
    return f"{plural(len(items), _NOUNS[aspect])} {signs}".rstrip()


def direct_note(
    articles: Mapping[str, Article],
    roles: Mapping[str, Role],
    pair: tuple[Role, Role],
    cite: Citations,
) -> str:
    """Whether an article compares the two roles, up front, since the reader cannot tell."""
    left, right = pair
    direct = [a for a in articles.values() if {left.id, right.id} <= _speaks_of(a, roles)]
    if direct:
        names = " and ".join(cite.article(a.id) for a in direct)
        return f"Compared directly in {names}."
    return (
        "No article compares these two roles directly: each side comes from the articles "
        "about that role, so set them against each other with care."
    )


def _speaks_of(article: Article, roles: Mapping[str, Role]) -> set[str]:
    """The roles an article speaks of: as declared, or else every role that cites it."""
    if article.roles:
        return set(article.roles)
    return {
        role.id
        for role in roles.values()
        if any(i.source and i.source.article == article.id for i in role_items(role))
    }


def _accounts(entry: Entry) -> tuple[Item, ...]:
    return entry.accounts if isinstance(entry, Dispute) else (entry,)
