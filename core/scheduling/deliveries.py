"""Deliveries as values: one occurrence of a schedule, claimed, sent or given up."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from core.kernel.platform import Platform

Target = tuple[Platform, str, str]  # platform, workspace, channel or user id
Hold = tuple[Platform, str]  # platform, scope ("workspace:T1", "target:T1:C1", "global")


class DeliveryStatus(StrEnum):
    PENDING = "pending"  # waiting out a back-off, for any worker to take when it is due
    CLAIMED = "claimed"  # one worker holds it (owner, attempt number, lease)
    SENT = "sent"
    FAILED = "failed"  # a permanent error: channel gone, bot removed, direct messages closed
    MISSED = "missed"  # the grace window closed while it kept failing
    SKIPPED = "skipped"  # already too late when it came due (the bot was down)


@dataclass(frozen=True)
class Claim:
    """An occurrence to insert; the insert wins or loses against other processes."""

    schedule_id: int
    local_date: date
    fire_at: datetime
    late: bool
    question_id: str | None
    guard_key: str = field(default_factory=lambda: new_guard_key())


@dataclass(frozen=True)
class Fence:
    """Who holds a claim: only this worker, on this attempt, may send it or record how it
    ended. A worker that took it over has a higher attempt number."""

    delivery_id: int
    worker: str
    attempt: int


@dataclass(frozen=True)
class Outcome:
    """How a claimed attempt ended, recorded only while its fence still holds. PENDING puts
    it back for any worker to try again at `next_attempt_at`."""

    fence: Fence
    status: DeliveryStatus
    at: datetime
    message_id: str | None = None
    error: str | None = None
    next_attempt_at: datetime | None = None
    maybe_sent: bool = False

    @property
    def delivery_id(self) -> int:
        return self.fence.delivery_id


@dataclass(frozen=True)
class Delivery:
    id: int
    schedule_id: int
    local_date: date
    fire_at: datetime
    status: DeliveryStatus
    late: bool
    attempts: int
    claimed_by: str
    claimed_at: datetime
    guard_key: str
    question_id: str | None = None
    message_id: str | None = None
    error: str | None = None
    finished_at: datetime | None = None
    next_attempt_at: datetime | None = None
    maybe_sent: bool = False

    @property
    def fence(self) -> Fence:
        return Fence(self.id, self.claimed_by, self.attempts)


def new_guard_key() -> str:
    """The platform's duplicate-guard key for one delivery (Slack message metadata, Discord's
    nonce): the same across its retries, and never used by any other delivery, also after a
    schedule is deleted and its id reused."""
    return f"prepbot-{uuid.uuid4().hex[:16]}"


@dataclass(frozen=True)
class Trouble:
    """A channel post that could not be made, for its schedule's owner to hear about."""

    schedule_id: int
    channel: str
    fire_at: datetime
    status: DeliveryStatus
    reason: str | None
