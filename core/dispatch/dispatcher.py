"""One dispatcher tick: take over expired claims, claim what is due, compose, send, record.

The database holds every bit of state; see claims.py for how exactly-once is kept.
"""

from __future__ import annotations

import asyncio
import logging
import random
import uuid
from collections.abc import Sequence

from core.clock import Clock
from core.content.loader import Content
from core.deliveries import DeliveryStatus, Outcome
from core.dispatch.claims import Claimer
from core.dispatch.compose import Composer, pause_notice
from core.dispatch.policy import DispatchPolicy, Job, LeaseLost, TickReport
from core.dispatch.sender import Sender, Sleep
from core.identity import UserKey
from core.messenger import Messenger, PermanentError, SendError
from core.platform import Platform
from core.ports import DeliveryLedger, Stores
from core.profile import Profile
from core.schedules import Schedule

log = logging.getLogger(__name__)


class _Outcomes:
    """Delivery outcomes waiting to be written, a group at a time."""

    def __init__(self, ledger: DeliveryLedger, every: int) -> None:
        self.ledger = ledger
        self.every = max(1, every)
        self.pending: list[Outcome] = []

    async def add(self, outcome: Outcome) -> None:
        self.pending.append(outcome)
        if len(self.pending) >= self.every:
            await self.flush()

    async def flush(self) -> None:
        group, self.pending = self.pending, []
        if group:
            await self.ledger.finish_many(group)


class Dispatcher:
    def __init__(
        self,
        stores: Stores,
        content: Content,
        messengers: dict[Platform, Messenger],
        clock: Clock,
        *,
        policy: DispatchPolicy | None = None,
        rates: dict[Platform, float] | None = None,
        sleep: Sleep = asyncio.sleep,
        rng: random.Random | None = None,
        worker: str | None = None,
    ) -> None:
        self.stores = stores
        self.clock = clock
        self.policy = policy or DispatchPolicy()
        self.platforms = list(messengers)
        self.worker = worker or f"worker-{uuid.uuid4().hex[:12]}"
        self.claimer = Claimer(stores.deliveries, self.policy, clock, self.worker)
        self.composer = Composer(
            content, stores.users, stores.deliveries, rng or random.Random(), stores.cards, clock
        )
        self.sender = Sender(messengers, self.policy, rates or {}, sleep)
        self._slots = asyncio.Semaphore(self.policy.concurrency)

    async def tick(self) -> TickReport:
        report = TickReport()
        now = self.clock()
        outcomes = _Outcomes(self.stores.deliveries, self.policy.record_every)
        retries, stale = await self.claimer.take_over(now, self.platforms)
        for outcome in stale:
            await outcomes.add(outcome)
        report.skipped += len(stale)
        report.retried += len(retries)
        await self._send_all(retries, report, outcomes)
        while True:
            due = await self.stores.deliveries.due(now, self.policy.batch, self.platforms)
            if not due:
                break
            fresh = self.claimer.fresh(due, now)
            profiles = await self.composer.profiles(fresh)
            questions = await self.composer.questions_for(fresh, profiles)
            claimed = await self.claimer.claim(due, now, questions)
            report.skipped += claimed.skipped
            reviews = await self.composer.due_today([job.schedule for job in claimed.jobs], now)
            await self._send_all(claimed.jobs, report, outcomes, profiles, reviews)
            if len(due) < self.policy.batch:
                break
        await outcomes.flush()
        if report:
            log.info(
                "tick: %d sent, %d failed, %d skipped, %d retried, paused %s",
                report.sent,
                report.failed,
                report.skipped,
                report.retried,
                report.paused or "none",
            )
        return report

    async def _send_all(
        self,
        jobs: Sequence[Job],
        report: TickReport,
        outcomes: _Outcomes,
        profiles: dict[UserKey, Profile] | None = None,
        reviews: dict[UserKey, int] | None = None,
    ) -> None:
        schedules = [job.schedule for job in jobs]
        if profiles is None:
            profiles = await self.composer.profiles(schedules)
        if reviews is None:
            reviews = await self.composer.due_today(schedules, self.clock())
        await asyncio.gather(
            *(
                self._deliver(
                    job,
                    profiles.get(job.schedule.owner_key),
                    reviews.get(job.schedule.owner_key, 0),
                    report,
                    outcomes,
                )
                for job in jobs
            )
        )
        await outcomes.flush()

    async def _deliver(
        self,
        job: Job,
        profile: Profile | None,
        due: int,
        report: TickReport,
        outcomes: _Outcomes,
    ) -> None:
        async with self._slots:
            try:
                reply = await self.composer.compose(job, profile, due)
                message_id = await self.sender.send(job, reply, self.claimer.renew)
            except LeaseLost:
                log.info("delivery %s was taken over by another worker", job.delivery_id)
                return
            except PermanentError as error:
                await self._fail(job, error.reason, report, outcomes)
                await self._pause(job.schedule, error.reason, report)
                return
            except SendError as error:
                log.warning("delivery %s failed after retries: %s", job.delivery_id, error)
                await self._fail(job, str(error), report, outcomes)
                return
            except Exception as error:
                # A bug in an adapter or in composing the reply: record it and carry on, rather
                # than abort the tick for every other delivery and retry this one forever.
                log.exception("delivery %s failed unexpectedly", job.delivery_id)
                await self._fail(job, f"{type(error).__name__}: {error}", report, outcomes)
                return
            report.sent += 1
            await outcomes.add(
                Outcome(job.delivery_id, DeliveryStatus.SENT, self.clock(), message_id=message_id)
            )

    async def _fail(self, job: Job, reason: str, report: TickReport, outcomes: _Outcomes) -> None:
        report.failed += 1
        await outcomes.add(
            Outcome(job.delivery_id, DeliveryStatus.FAILED, self.clock(), error=reason)
        )

    async def _pause(self, schedule: Schedule, reason: str, report: TickReport) -> None:
        if not await self.stores.schedules.set_paused(schedule.id, reason):
            return
        report.paused.append(schedule.id)
        if schedule.kind.personal:
            return
        try:
            await self.sender.tell_owner(
                schedule.platform,
                schedule.workspace,
                schedule.owner,
                pause_notice(schedule, reason),
                f"prepbot-pause-{schedule.id}",
            )
        except SendError as error:
            log.warning("could not tell the owner of schedule %s: %s", schedule.id, error)
