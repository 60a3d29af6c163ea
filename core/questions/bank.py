"""What one workspace's bank is: the shipped questions it has not hidden and its own, with
ids (`ws-<n>`) that no shipped question can take; pools by role and category kept once."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from core.content.models import Category, PracticeQuestion, Source
from core.kernel.platform import Platform
from core.kernel.safety import defang
from core.practice.bank import GROUP_ARTICLE

BankKey = tuple[Platform, str]  # a workspace: platform and workspace (or server) id
PREFIX = "ws-"
MAX_SHOWN = 1500  # at most what core.questions.limits lets in
_OWN_ID = re.compile(r"ws-([1-9][0-9]*)")


class Status(StrEnum):
    PENDING = "pending"  # suggested, waiting for a moderator
    ACTIVE = "active"  # served
    RETIRED = "retired"  # never served again; members' cards for it stay reviewable
    REJECTED = "rejected"


def own_id(number: int) -> str:
    return f"{PREFIX}{number}"


def own_number(question_id: str) -> int | None:
    """The number of a workspace question's id (`ws-12` is 12); None for any other id."""
    match = _OWN_ID.fullmatch(question_id.strip())
    return int(match.group(1)) if match else None


@dataclass(frozen=True)
class Draft:
    """A question as a member or a file gives it, checked (see core.questions.limits)."""

    prompt: str
    category: Category
    roles: tuple[str, ...]
    rubric: tuple[str, ...]
    origin: str = "suggested by a member"

    def question(self, number: int) -> PracticeQuestion:
        return PracticeQuestion(
            id=own_id(number),
            roles=list(self.roles),
            category=self.category,
            prompt=self.prompt,
            rubric=list(self.rubric),
            source=Source(article=GROUP_ARTICLE, origin=self.origin),
        )


@dataclass(frozen=True)
class GroupQuestion:
    """One of a workspace's questions, in whatever state it is."""

    number: int
    question: PracticeQuestion
    status: Status
    proposer: str

    @property
    def id(self) -> str:
        return self.question.id


@dataclass(frozen=True)
class StoredBank:
    """What the store holds of one workspace's bank."""

    revision: int
    questions: list[GroupQuestion]
    hidden: frozenset[str]


def shown_question(question: PracticeQuestion) -> PracticeQuestion:
    """A member's question as every view shows it: no mass mention, no markup."""
    return question.model_copy(
        update={
            "prompt": defang(question.prompt, MAX_SHOWN),
            "rubric": [defang(point, MAX_SHOWN) for point in question.rubric],
        }
    )


def prompt_key(prompt: str) -> str:
    """What two prompts share when one repeats the other: case, spacing and punctuation aside."""
    return " ".join(re.sub(r"[\W_]+", " ", prompt.casefold()).split())


@dataclass
class Bank:
    """One workspace's view of the questions. Built once per change of its stored revision
    and shared, so that choosing a question filters a pool that is already there."""

    shipped: Sequence[PracticeQuestion]
    own: Sequence[GroupQuestion] = ()
    hidden: frozenset[str] = frozenset()
    revision: int = 0
    served: tuple[PracticeQuestion, ...] = field(init=False)
    _by_id: dict[str, PracticeQuestion] = field(init=False, repr=False)
    _pools: dict[tuple[str | None, str | None], tuple[PracticeQuestion, ...]] = field(
        init=False, repr=False, default_factory=dict
    )
    _ids: dict[tuple[str | None, str | None], frozenset[str]] = field(
        init=False, repr=False, default_factory=dict
    )

    def __post_init__(self) -> None:
        kept = [g for g in self.own if g.status in (Status.ACTIVE, Status.RETIRED)]
        shown = {g.id: shown_question(g.question) for g in kept}
        self.served = tuple(q for q in self.shipped if q.id not in self.hidden) + tuple(
            shown[g.id] for g in kept if g.status is Status.ACTIVE
        )
        self._by_id = {q.id: q for q in self.shipped}
        self._by_id.update(shown)

    def get(self, question_id: str) -> PracticeQuestion | None:
        """A question by id, retired or hidden ones included (a member's card may need it)."""
        return self._by_id.get(question_id)

    def reviewable(self, question_id: str, role: str | None, category: Category | None) -> bool:
        """Whether a member's card for this question belongs to these filters: served,
        retired or hidden alike."""
        question = self._by_id.get(question_id)
        return (
            question is not None
            and (role is None or role in question.roles)
            and (category is None or question.category is category)
        )

    def pool(self, role: str | None, category: str | None) -> tuple[PracticeQuestion, ...]:
        """The served questions for a role and a category (None: any)."""
        key = (role, category)
        found = self._pools.get(key)
        if found is None:
            found = self._pools[key] = tuple(
                q
                for q in self.served
                if (role is None or role in q.roles)
                and (category is None or q.category.value == category)
            )
        return found

    def pool_ids(self, role: str | None, category: str | None) -> frozenset[str]:
        key = (role, category)
        found = self._ids.get(key)
        if found is None:
            found = self._ids[key] = frozenset(q.id for q in self.pool(role, category))
        return found

    def in_state(self, statuses: Iterable[Status]) -> list[GroupQuestion]:
        wanted = set(statuses)
        return [g for g in self.own if g.status in wanted]

    def own_question(self, number: int) -> GroupQuestion | None:
        return next((g for g in self.own if g.number == number), None)
