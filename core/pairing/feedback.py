"""Feedback between partners after a pairing: who interviewed whom, the form an interviewer
fills in (the rubric points the partner covered, one note), and the store that keeps it.

In a group's order each member is interviewed by the next one, the last by the first: in a
pair each interviews the other. A form's button payloads name the group and the question,
`group:question`, then `|1,3` for the points ticked, so a form survives a restart.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from pydantic import TypeAdapter

from core.kernel.errors import UsageError
from core.kernel.identity import UserKey
from core.pairing.week import FORGOTTEN, Group
from core.practice.srs import Card, Review

MAX_NOTE = 500
_CARD = TypeAdapter(Card)


def interviewee_of(group: Group, interviewer: str) -> str | None:
    """Whom `interviewer` interviews in `group`: the member before them in the order."""
    if interviewer not in group or len(group) < 2:
        return None
    partner = group[group.index(interviewer) - 1]
    return None if partner == FORGOTTEN else partner


@dataclass(frozen=True)
class FormRef:
    """Which form a press is for: the group, and the question the interviewer asked."""

    group_id: int
    question_id: str

    def dump(self) -> str:
        return f"{self.group_id}:{self.question_id}"

    @classmethod
    def load(cls, text: str) -> FormRef:
        group, _, question = text.partition(":")
        if not group.isdecimal() or not question:
            raise UsageError("That feedback form is not valid any more.", "Ask your partner.")
        return cls(int(group), question)


def points_ticked(numbers: str, total: int) -> tuple[bool, ...]:
    """The ticks a checklist's `1,3` gives over `total` points (numbers past it ignored)."""
    picked = {int(n) for n in numbers.split(",") if n.strip().isdecimal()}
    return tuple(n in picked for n in range(1, total + 1))


@dataclass(frozen=True)
class PeerFeedback:
    """A partner's form on one answer. `seq` is the review it put on the member's card (None
    when the member had graded that answer themselves); `card_before`, that card before it."""

    interviewee: UserKey
    group_id: int
    interviewer: str | None  # None once they asked to be forgotten
    question_id: str
    points: tuple[bool, ...]
    note: str | None
    grade: int
    seq: int | None = None
    card_before: Card | None = None
    id: int = 0

    @property
    def covered(self) -> int:
        return sum(self.points)


def dump_card(card: Card | None) -> str | None:
    return None if card is None else _CARD.dump_json(card).decode()


def load_card(text: str | None) -> Card | None:
    return None if text is None else _CARD.validate_json(text)


class PeerFeedbackStore(Protocol):
    """The forms partners gave each other, each with what it did to the member's card."""

    async def give(
        self,
        feedback: PeerFeedback,
        now: datetime,
        graded: tuple[Card, Review] | None = None,
        own_seq: int | None = None,
    ) -> int | None:
        """Keep the form and, in the same transaction, either log the `graded` review and store
        its card, or note the partner's grade on the member's own review `own_seq` of that
        question. The form's id; None if this form was given already."""
        ...

    async def feedback(self, feedback_id: int) -> PeerFeedback | None: ...

    async def replace(self, feedback: PeerFeedback, card: Card, review: Review) -> bool:
        """The member's own grade in place of the partner's review: True if that review was
        still the card's last and still the partner's."""
        ...
