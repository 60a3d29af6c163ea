"""Choosing practice questions: by role and category, never repeating until the pool is used."""

from __future__ import annotations

import random
from collections.abc import Collection, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from core.content.models import Article, Category, PracticeQuestion, Role
from core.kernel.reply import Button, ButtonStyle, Reply, TextSection
from core.roles.catalog import normalise

REVEAL_ACTION = "practice.reveal"
NEXT_ACTION = "practice.next"
ANSWER_ACTION = "practice.answer"  # opens a form; the answer comes back with the press
TICKS_ACTION = "practice.ticks"
GRADE_ACTION = "practice.grade"
START_ACTION = "practice.start"
SAMPLE_ABOVE = 500  # candidates beyond which `pick` draws rather than lists the unseen
# The source of a workspace's own question: the group, not an article.
GROUP_ARTICLE = "group"

CATEGORY_TITLES: dict[Category, str] = {
    Category.PRODUCT_SENSE: "Product sense",
    Category.EXECUTION: "Execution",
    Category.LEADERSHIP_PRINCIPLES: "Leadership principles",
    Category.MARKET_STRATEGY: "Market strategy",
    Category.BEHAVIOURAL: "Behavioural",
    Category.CULTURE: "Culture",
}

_CATEGORY_SYNONYMS = {
    "product": Category.PRODUCT_SENSE,
    "sense": Category.PRODUCT_SENSE,
    "ps": Category.PRODUCT_SENSE,
    "exec": Category.EXECUTION,
    "metrics": Category.EXECUTION,
    "leadership": Category.LEADERSHIP_PRINCIPLES,
    "lp": Category.LEADERSHIP_PRINCIPLES,
    "principles": Category.LEADERSHIP_PRINCIPLES,
    "market": Category.MARKET_STRATEGY,
    "strategy": Category.MARKET_STRATEGY,
    "marketing": Category.MARKET_STRATEGY,
    "behavioral": Category.BEHAVIOURAL,
    "behaviour": Category.BEHAVIOURAL,
    "behavior": Category.BEHAVIOURAL,
    "fit": Category.CULTURE,
}


def category_title(value: str) -> str:
    """`Leadership principles` for `leadership-principles`; an unknown value as it is."""
    try:
        return CATEGORY_TITLES[Category(value)]
    except ValueError:
        return value


def parse_category(word: str) -> Category | None:
    key = normalise(word).replace(" ", "-")
    try:
        return Category(key)
    except ValueError:
        return _CATEGORY_SYNONYMS.get(key.replace("-", ""))


def pool(
    questions: Sequence[PracticeQuestion], role_id: str | None, category: Category | None
) -> list[PracticeQuestion]:
    return [
        q
        for q in questions
        if (role_id is None or role_id in q.roles) and (category is None or q.category is category)
    ]


def pick(
    candidates: Sequence[PracticeQuestion], seen: Collection[str], rng: random.Random
) -> PracticeQuestion | None:
    """A question not yet seen; once every candidate has been seen, any but the latest."""
    if not candidates:
        return None
    if len(candidates) > SAMPLE_ABOVE and len(seen) <= len(candidates) // 2:
        # A large pool (a workspace's own bank beside the shipped one), mostly unseen: draw
        # until an unseen one comes (as uniform over them as the list below), not scan it all.
        for _ in range(32):
            drawn = rng.choice(candidates)
            if drawn.id not in seen:
                return drawn
    fresh = [q for q in candidates if q.id not in seen]
    return rng.choice(fresh or list(candidates))


def current_round(history_newest_first: list[str], pool_ids: AbstractSet[str]) -> set[str]:
    """Questions seen since the pool was last used up, so that the pool is cycled through.

    Rounds are counted from the oldest entry: one ends when every question in the pool has
    been seen (or, if the pool changed, when one repeats). Counting from the newest entry
    cannot tell where the current round began (after a, b, c | a, b it would take c, a, b for
    the round and offer `a` again). When a round has just ended, only the latest question is
    excluded, so that the next round does not open with it.
    """
    seen: set[str] = set()
    latest: str | None = None
    for question_id in reversed(history_newest_first):
        if question_id not in pool_ids:
            continue
        if question_id in seen or seen == pool_ids:
            seen = set()
        seen.add(question_id)
        latest = question_id
    if latest is not None and seen == pool_ids:
        return {latest}
    return seen


@dataclass(frozen=True)
class Rotation:
    """Where a channel (or a member) is in its cycle through the questions: the ones asked
    since the pool was last used up, and the latest. Kept as state, so that choosing today's
    question never reads the whole history."""

    asked: frozenset[str] = frozenset()
    last: str | None = None

    @classmethod
    def of(cls, history_oldest_first: list[str], pool_ids: AbstractSet[str]) -> Rotation:
        """The state a history leads to (for a target that has none stored yet)."""
        seen = current_round(list(reversed(history_oldest_first)), pool_ids)
        last = history_oldest_first[-1] if history_oldest_first else None
        return cls(frozenset(seen), last)

    def seen(self, pool_ids: AbstractSet[str]) -> AbstractSet[str]:
        """What not to ask next from this pool: this round's questions, or only the latest
        once every question in the pool has been asked."""
        seen = self.asked & pool_ids
        if len(seen) == len(pool_ids):
            return {self.last} & pool_ids if self.last else set()
        return seen

    def after(self, question_id: str, pool_ids: AbstractSet[str]) -> Rotation:
        """The state once `question_id` is asked: a new round starts when the pool was used
        up or the question repeats."""
        if question_id in self.asked or len(self.asked & pool_ids) == len(pool_ids):
            return Rotation(frozenset({question_id}), question_id)
        return Rotation(self.asked | {question_id}, question_id)


def source_line(question: PracticeQuestion, articles: Mapping[str, Article] | None) -> str:
    """The article a question comes from, by its full title (its id if the title is unknown);
    for a group's own question, that it is the group's and where it came from."""
    if question.source.article == GROUP_ARTICLE:
        return f"Source: this group's own question ({question.source.origin or 'a member'})"
    article = articles.get(question.source.article) if articles is not None else None
    return f"Source: {article.title if article else question.source.article}"


def question_reply(
    question: PracticeQuestion,
    roles: dict[str, Role],
    role_id: str | None,
    heading: str = "",
    note: str | None = None,
    *,
    articles: Mapping[str, Article] | None = None,
) -> Reply:
    names = ", ".join(f"{roles[r].company} {roles[r].title}" for r in question.roles)
    follow = f"{role_id or ''}|{question.category.value if role_id else ''}"
    sections = [
        TextSection(text=question.prompt),
        TextSection(
            text=f"For: {names} · question {question.id}\n{source_line(question, articles)}"
        ),
    ]
    if note:
        sections.append(TextSection(text=note))
    return Reply(
        title=heading or f"Practice: {CATEGORY_TITLES[question.category]}",
        sections=tuple(sections),
        buttons=(
            Button(
                action=ANSWER_ACTION,
                label="Write my answer",
                payload=question.id,
                style=ButtonStyle.PRIMARY,
            ),
            Button(action=REVEAL_ACTION, label="What a strong answer covers", payload=question.id),
            Button(action=NEXT_ACTION, label="Another question", payload=follow),
        ),
    )
