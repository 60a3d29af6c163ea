"""Claims and leases: each occurrence is claimed by exactly one worker, by inserting its
delivery row (unique on schedule and local date); a claim never completed is taken over once
its lease expires."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from core.clock import Clock
from core.deliveries import Claim, DeliveryStatus, Outcome
from core.dispatch.policy import LATE_AFTER, DispatchPolicy, Job
from core.platform import Platform
from core.ports import DeliveryLedger
from core.schedules import Schedule


@dataclass(frozen=True)
class Claimed:
    jobs: list[Job]
    skipped: int


class Claimer:
    def __init__(
        self, ledger: DeliveryLedger, policy: DispatchPolicy, clock: Clock, worker: str
    ) -> None:
        self.ledger = ledger
        self.policy = policy
        self.clock = clock
        self.worker = worker

    def fresh(self, due: list[Schedule], now: datetime) -> list[Schedule]:
        """The due schedules still inside the grace window: the ones worth a question."""
        return [s for s in due if s.next_fire_at and now - s.next_fire_at <= self.policy.grace]

    async def claim(self, due: list[Schedule], now: datetime, questions: dict[int, str]) -> Claimed:
        """Claim each due occurrence (stale ones as skipped) and move every schedule on."""
        to_skip: list[Claim] = []
        to_send: list[Claim] = []
        moves: dict[int, tuple[datetime, datetime | None]] = {}
        for schedule in due:
            fire_at = schedule.next_fire_at
            assert fire_at is not None  # only scheduled occurrences are due
            local_date = fire_at.astimezone(schedule.recurrence.zone).date()
            moves[schedule.id] = (fire_at, schedule.following(fire_at))
            late = now - fire_at
            if late > self.policy.grace:
                to_skip.append(Claim(schedule.id, local_date, fire_at, True, None))
            else:
                claim = Claim(
                    schedule.id, local_date, fire_at, late > LATE_AFTER, questions.get(schedule.id)
                )
                to_send.append(claim)
        skipped = await self.ledger.claim(to_skip, DeliveryStatus.SKIPPED, self.worker, now)
        won = await self.ledger.claim(to_send, DeliveryStatus.CLAIMED, self.worker, now)
        await self.ledger.advance(moves)
        by_id = {s.id: s for s in due}
        jobs = [
            Job(won[c.schedule_id], by_id[c.schedule_id], c.local_date, c.question_id, False)
            for c in to_send
            if c.schedule_id in won
        ]
        return Claimed(jobs, len(skipped))

    async def take_over(
        self, now: datetime, platforms: Sequence[Platform]
    ) -> tuple[list[Job], list[Outcome]]:
        """Claims whose lease expired, taken over by this worker: the ones to send again, and
        the ones left so long that they are recorded as skipped, never posted days late."""
        expired = await self.ledger.expired_claims(
            now - self.policy.lease, self.policy.batch, platforms
        )
        jobs: list[Job] = []
        stale: list[Outcome] = []
        for delivery, schedule in expired:
            if not await self.ledger.reclaim(delivery, self.worker, now):
                continue
            if now - delivery.fire_at > self.policy.grace:
                outcome = Outcome(
                    delivery.id, DeliveryStatus.SKIPPED, now, error="claim expired past grace"
                )
                stale.append(outcome)
                continue
            jobs.append(Job(delivery.id, schedule, delivery.local_date, delivery.question_id, True))
        return jobs, stale

    async def renew(self, delivery_id: int) -> bool:
        """Extend this worker's claim; False if another worker holds it now."""
        return await self.ledger.renew(delivery_id, self.worker, self.clock())
