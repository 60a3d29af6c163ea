"""How the dispatcher behaves (its tunable limits) and what one tick did."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from core.schedules import Schedule

LATE_AFTER = timedelta(minutes=5)


@dataclass(frozen=True)
class DispatchPolicy:
    """The dispatcher's limits. The first three are operator settings, and these are their
    defaults (bot/settings.py reads them from here)."""

    grace: timedelta = timedelta(hours=2)
    # Short enough that a retry after a crash still falls inside Discord's nonce window; a
    # worker renews its claim before every retry, so long waits do not let another take it.
    lease: timedelta = timedelta(minutes=2)
    concurrency: int = 32
    batch: int = 500
    max_attempts: int = 4
    max_rate_waits: int = 5
    backoff_seconds: float = 1.0
    # Outcomes are written in groups of this many (and at the end of each batch): one
    # transaction per group instead of one per delivery. A crash loses at most the group's
    # records, never its sends: those claims are retried after their lease, as retries.
    record_every: int = 64


@dataclass
class TickReport:
    sent: int = 0
    failed: int = 0
    skipped: int = 0
    retried: int = 0
    paused: list[int] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.sent or self.failed or self.skipped or self.retried or self.paused)


@dataclass(frozen=True)
class Job:
    """A claimed delivery this worker is to send."""

    delivery_id: int
    schedule: Schedule
    local_date: date
    question_id: str | None
    retry: bool


class LeaseLost(Exception):
    """Another worker took this delivery over while this one waited to retry."""
