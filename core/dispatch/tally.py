"""What a tick did, counted twice: in the tick's report, and in the operators' metrics; and
the fields every log line about one delivery carries."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from core.dispatch.claims import Reclaimed
from core.dispatch.policy import Job, TickReport
from core.kernel.platform import Platform
from core.metrics import DeliveryOutcome, Metrics


def about(job: Job) -> dict[str, Any]:
    """The `extra` of a log line about one delivery: which one, where, and for whom. Never a
    token or a message's text."""
    schedule = job.schedule
    return {
        "delivery_key": job.guard_key,
        "delivery_id": job.delivery_id,
        "schedule_id": schedule.id,
        "platform": schedule.platform.value,
        "workspace": schedule.workspace,
    }


class Tally:
    def __init__(self, report: TickReport, metrics: Metrics) -> None:
        self.report = report
        self.metrics = metrics

    def reclaimed(self, owed: Reclaimed) -> None:
        self._many(owed.missed, DeliveryOutcome.MISSED)
        self._many((platform for platform, _ in owed.gone), DeliveryOutcome.MISSED)
        self.report.missed += len(owed.missed) + len(owed.gone)
        self.report.retried += len(owed.jobs)
        for platform in owed.taken_over:
            self.metrics.takeover(platform)

    def skipped(self, platforms: list[Platform]) -> None:
        self.report.skipped += len(platforms)
        self._many(platforms, DeliveryOutcome.SKIPPED)

    def sent(self, job: Job, at: datetime) -> None:
        self.report.sent += 1
        lateness = max((at - job.fire_at).total_seconds(), 0.0)
        self.metrics.delivery(job.schedule.platform, DeliveryOutcome.SENT, lateness)

    def postponed(self, job: Job) -> None:
        self.report.postponed += 1
        self.metrics.delivery(job.schedule.platform, DeliveryOutcome.POSTPONED)

    def rate_limited(self, job: Job) -> None:
        self.metrics.rate_limited(job.schedule.platform)

    def failed(self, job: Job) -> None:
        self.report.failed += 1
        self.metrics.delivery(job.schedule.platform, DeliveryOutcome.FAILED)

    def released(self, job: Job) -> None:
        self.report.released += 1
        self.metrics.delivery(job.schedule.platform, DeliveryOutcome.RELEASED)

    def paused(self, schedule_id: int) -> None:
        self.report.paused.append(schedule_id)

    def _many(self, platforms: Iterable[Platform], outcome: DeliveryOutcome) -> None:
        for platform in platforms:
            self.metrics.delivery(platform, outcome)
