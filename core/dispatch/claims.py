"""Claims and leases: each occurrence is claimed by exactly one worker, by inserting its
delivery row (unique on schedule and local date). A claim never completed is taken over once
its lease expires; a delivery put back as pending is taken again when its back-off is over."""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from core.dispatch.policy import LATE_AFTER, DispatchPolicy, Job
from core.kernel.platform import Platform
from core.ports import DeliveryLedger
from core.scheduling.deliveries import Claim, Delivery, DeliveryStatus, Fence, Outcome
from core.scheduling.schedules import Schedule


@dataclass(frozen=True)
class Claimed:
    jobs: list[Job]
    skipped: list[Platform]  # the platform of each occurrence recorded as skipped
    behind: bool = False  # some schedule moved on to an occurrence that is already past


@dataclass(frozen=True)
class Reclaimed:
    jobs: list[Job]
    gone: list[tuple[Platform, Outcome]]  # taken over too late to send: recorded as missed
    missed: list[Platform]  # pending ones whose grace window closed
    taken_over: list[Platform]  # claims of a stopped worker, now this worker's


class Claimer:
    def __init__(self, ledger: DeliveryLedger, policy: DispatchPolicy, worker: str) -> None:
        self.ledger = ledger
        self.policy = policy
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
                question = questions.get(schedule.id)
                to_send.append(Claim(schedule.id, local_date, fire_at, late > LATE_AFTER, question))
        skipped = await self.ledger.claim(to_skip, DeliveryStatus.SKIPPED, self.worker, now)
        won = await self.ledger.claim(to_send, DeliveryStatus.CLAIMED, self.worker, now)
        await self.ledger.advance(moves)
        by_id = {s.id: s for s in due}
        jobs = [
            Job(
                Fence(won[c.schedule_id], self.worker, 1),
                by_id[c.schedule_id],
                c.local_date,
                c.question_id,
                c.guard_key,
                retry=False,
                fire_at=c.fire_at,
            )
            for c in to_send
            if c.schedule_id in won
        ]
        skipped_on = [by_id[schedule_id].platform for schedule_id in skipped]
        behind = any(then is not None and then <= now for _, then in moves.values())
        return Claimed(jobs, skipped_on, behind)

    async def reclaim(self, now: datetime, platforms: Sequence[Platform]) -> Reclaimed:
        """Claims whose lease expired (their worker died), then pending deliveries whose
        back-off is over, taken by this worker; those past the grace window are given up."""
        policy = self.policy
        expired = await self.ledger.expired_claims(now - policy.lease, policy.batch, platforms)
        retries = await self.ledger.due_retries(now, policy.batch, platforms)
        late = [(d, s) for d, s in retries if now - d.fire_at > policy.grace]
        missed = await self.ledger.miss([d for d, _ in late], now)
        jobs: list[Job] = []
        gone: list[tuple[Platform, Outcome]] = []
        taken_over: list[Platform] = []
        for delivery, schedule in [*expired, *(r for r in retries if r not in late)]:
            fence = await self.ledger.reclaim(delivery, self.worker, now)
            if fence is None:
                continue  # another worker was quicker
            if delivery.status is DeliveryStatus.CLAIMED:
                taken_over.append(schedule.platform)
            if now - delivery.fire_at > policy.grace:
                reason = delivery.error or "its worker stopped before sending"
                missing = Outcome(fence, DeliveryStatus.MISSED, now, error=reason)
                gone.append((schedule.platform, missing))
                continue
            # A worker that died may have posted; a pending one knows whether it might have.
            retry = delivery.status is DeliveryStatus.CLAIMED or delivery.maybe_sent
            jobs.append(_job(delivery, schedule, fence, retry))
        # Another worker may have given some up first: count only as many as this one did.
        return Reclaimed(jobs, gone, [s.platform for _, s in late][:missed], taken_over)

    async def renew(self, fences: Sequence[Fence], now: datetime) -> set[int]:
        """The deliveries among these that this worker still holds, their leases extended."""
        return await self.ledger.renew(fences, now)


def _job(delivery: Delivery, schedule: Schedule, fence: Fence, retry: bool) -> Job:
    return Job(
        fence,
        schedule,
        delivery.local_date,
        delivery.question_id,
        delivery.guard_key,
        retry,
        fire_at=delivery.fire_at,
    )


def worker_name() -> str:
    """Unique to one dispatcher, and says which host and process holds a claim."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
