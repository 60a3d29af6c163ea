"""What the core counts for operators, as a port: the dispatcher reports each delivery's
outcome, its lateness, claims taken over and rate limits; the command handler reports how long
each command took. The bot implements it on Prometheus; the default counts nothing."""

from __future__ import annotations

from enum import StrEnum
from typing import Protocol

from core.kernel.platform import Platform


class DeliveryOutcome(StrEnum):
    """What one attempt at a scheduled delivery came to."""

    SENT = "sent"
    FAILED = "failed"  # a permanent error: the schedule is paused
    POSTPONED = "postponed"  # back to pending: a rate limit or a transient error
    MISSED = "missed"  # the grace window closed before it could be sent
    SKIPPED = "skipped"  # already stale when it was claimed (the bot was down)
    RELEASED = "released"  # handed back at shutdown


class Metrics(Protocol):
    def delivery(
        self, platform: Platform, outcome: DeliveryOutcome, lateness: float | None = None
    ) -> None:
        """One delivery attempt ended so; `lateness` (seconds after its time) when sent."""

    def takeover(self, platform: Platform) -> None:
        """A claim whose worker stopped was taken over by this one."""

    def rate_limited(self, platform: Platform) -> None:
        """The platform answered 429."""

    def command(self, name: str, seconds: float) -> None:
        """A command or button (by its name, from a bounded set) took this long."""


class NoMetrics:
    """Counts nothing: the default where no operator is watching."""

    def delivery(
        self, platform: Platform, outcome: DeliveryOutcome, lateness: float | None = None
    ) -> None:
        return None

    def takeover(self, platform: Platform) -> None:
        return None

    def rate_limited(self, platform: Platform) -> None:
        return None

    def command(self, name: str, seconds: float) -> None:
        return None


NO_METRICS: Metrics = NoMetrics()
