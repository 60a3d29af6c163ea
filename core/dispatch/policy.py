"""How the dispatcher behaves (its limits and back-off), what one tick did, and a claimed job."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from core.scheduling.deliveries import Fence
from core.scheduling.schedules import Schedule

LATE_AFTER = timedelta(minutes=5)


@dataclass(frozen=True)
class DispatchPolicy:
    """The dispatcher's limits. The first three are operator settings, and these are their
    defaults (bot/settings.py reads them from here)."""

    grace: timedelta = timedelta(hours=2)
    # A live worker renews its claims every third of this, so only a dead or stalled worker
    # loses one; short enough that a takeover still falls inside Discord's nonce window.
    lease: timedelta = timedelta(minutes=2)
    concurrency: int = 32
    batch: int = 500
    outstanding: int = 5_000  # deliveries claimed and not yet finished, at most, per worker
    # A failed attempt waits base * 2^(attempt-1), at most `retry_cap`, with jitter.
    retry_base: timedelta = timedelta(seconds=2)
    retry_cap: timedelta = timedelta(minutes=5)
    # A rate hold shorter than this is waited out in the process; a longer one puts the
    # delivery back as pending, so that it holds nothing while it waits.
    hold_wait: timedelta = timedelta(seconds=5)
    # Outcomes are written in groups of up to this many, or with the next one once the oldest
    # has waited `record_within`, and at the end of each batch: one transaction per group
    # instead of one per delivery.
    # A crash loses at most the group's records, never its sends: those claims are retried
    # after their lease, behind the platform's duplicate guard.
    record_every: int = 500
    record_within: timedelta = timedelta(seconds=1)

    def retry_at(self, now: datetime, attempt: int, rng: random.Random) -> datetime:
        """When to try again after attempt number `attempt` failed: exponential, capped,
        jittered (between half and all of the step) so that a burst of failures spreads out."""
        step: timedelta = min(self.retry_cap, self.retry_base * 2 ** max(attempt - 1, 0))
        return now + step * rng.uniform(0.5, 1.0)


@dataclass(frozen=True)
class SendLimits:
    """How fast one platform takes messages: per channel (with a burst), and overall."""

    per_target: float = 1.0  # messages a second to one channel or member
    burst: int = 1
    overall: float | None = None  # messages a second for the whole bot, every replica together


@dataclass
class TickReport:
    sent: int = 0
    failed: int = 0
    skipped: int = 0
    retried: int = 0
    postponed: int = 0
    missed: int = 0
    released: int = 0
    paused: list[int] = field(default_factory=list)
    wake_at: datetime | None = None  # when a postponed delivery is next due

    def __bool__(self) -> bool:
        counts = (self.sent, self.failed, self.skipped, self.retried, self.postponed)
        return any(counts) or bool(self.missed or self.released or self.paused)


@dataclass(frozen=True)
class Job:
    """A claimed delivery this worker is to send; `retry` asks the platform's duplicate
    guard first, because an earlier attempt may have reached it."""

    fence: Fence
    schedule: Schedule
    local_date: date
    question_id: str | None
    guard_key: str
    retry: bool
    fire_at: datetime  # when the occurrence was due: how late a post is counts from here

    @property
    def delivery_id(self) -> int:
        return self.fence.delivery_id


class LeaseLost(Exception):
    """Another worker took this delivery over; this one must not send or record it."""
