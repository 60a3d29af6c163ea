"""Feedback on an answer from a grader: what is asked, what comes back, and how far it is
believed. A grader only suggests; the member still presses the grade.

What a grader says is checked here, whichever grader said it: a rubric point it does not
mention counts as not covered, and evidence that is not a quote from the answer is dropped.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Protocol

from core.kernel.identity import UserKey
from core.practice.srs import Grade

EVIDENCE_CHARS = 200
TIP_CHARS = 300
_SPACES = re.compile(r"\s+")


class Unavailable(StrEnum):
    """Why a grader gave no feedback; each reads as the end of 'Feedback is unavailable…'."""

    TIMEOUT = "the grader did not answer in time"
    UNREACHABLE = "the grader could not be reached"
    BUSY = "the grader is busy"
    REFUSED = "the grader refused the request"
    FAILED = "the grader failed"
    MALFORMED = "the grader's answer could not be read"


class GraderUnavailable(Exception):
    """A grader gave no usable feedback. The message never holds the answer or the output."""

    def __init__(self, reason: Unavailable) -> None:
        super().__init__(reason.value)
        self.reason = reason


@dataclass(frozen=True)
class GradingRequest:
    """What a grader is given: the question, its rubric points (numbered from 1) and the
    member's answer, which is data to assess and never instructions to follow."""

    question: str
    points: tuple[str, ...]
    answer: str


@dataclass(frozen=True)
class PointVerdict:
    point: int  # from 1, in rubric order
    covered: bool
    evidence: str | None = None


@dataclass(frozen=True)
class Feedback:
    points: tuple[PointVerdict, ...]
    grade: Grade
    tip: str

    @property
    def covered(self) -> tuple[int, ...]:
        return tuple(v.point for v in self.points if v.covered)


def checked(feedback: Feedback, request: GradingRequest) -> Feedback:
    """The feedback as far as it can be believed: one verdict per rubric point in order, a
    point not mentioned (or only out of range) not covered, evidence kept only when the
    answer holds it (spacing and letter case aside)."""
    said = {v.point: v for v in feedback.points if 1 <= v.point <= len(request.points)}
    answer = _normal(request.answer)
    verdicts = []
    for number in range(1, len(request.points) + 1):
        verdict = said.get(number)
        if verdict is None:
            verdicts.append(PointVerdict(number, False))
            continue
        evidence = _normal(verdict.evidence or "")
        quote = evidence[:EVIDENCE_CHARS] if evidence and evidence.lower() in answer else None
        verdicts.append(PointVerdict(number, verdict.covered, quote))
    tip = _normal(feedback.tip)[:TIP_CHARS]
    return Feedback(tuple(verdicts), feedback.grade, tip)


def _normal(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


@dataclass(frozen=True)
class Allowance:
    """Whether a member may send one more answer now; if not, when the next one may go."""

    allowed: bool
    next_at: datetime | None = None


class HourlyLimit:
    """At most `per_hour` gradings a member in any hour, counted in this process."""

    def __init__(self, per_hour: int) -> None:
        self.per_hour = per_hour
        self._sent: dict[UserKey, deque[datetime]] = {}

    def take(self, key: UserKey, now: datetime) -> Allowance:
        """Count one grading for `key` at `now` if the limit allows it."""
        sent = self._sent.setdefault(key, deque())
        while sent and sent[0] <= now - timedelta(hours=1):
            sent.popleft()
        if len(sent) >= self.per_hour:
            next_at = sent[0] + timedelta(hours=1) if sent else now + timedelta(hours=1)
            return Allowance(False, next_at)
        sent.append(now)
        return Allowance(True)

    def forget(self, key: UserKey) -> None:
        self._sent.pop(key, None)


class Grader(Protocol):
    """Feedback on an answer against its numbered rubric points. Raises GraderUnavailable
    (saying why, never what was sent) for any fault, within its own timeout."""

    @property
    def where(self) -> str:
        """Where answers go, as members are told: the endpoint's host."""
        ...

    async def grade(self, request: GradingRequest) -> Feedback: ...
