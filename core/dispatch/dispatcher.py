"""One dispatcher tick: take back what is owed (expired claims, due retries), claim what is
due, compose, send within the platforms' limits, and record each attempt's outcome.

The database holds every bit of state; claims.py says how exactly-once is kept, and every
outcome is written only while this worker's fence still holds.
"""

from __future__ import annotations

import asyncio
import logging
import random
import uuid
from collections.abc import Awaitable, Sequence
from datetime import datetime, timedelta

from core.coaching.profile import Profile
from core.content.loader import Content
from core.dispatch.claims import Claimer, worker_name
from core.dispatch.compose import Composer, pause_notice
from core.dispatch.leases import Leases
from core.dispatch.outcomes import Outcomes
from core.dispatch.pairing_run import PAIRING_KINDS, PairingRun
from core.dispatch.policy import DispatchPolicy, Job, LeaseLost, SendLimits, TickReport
from core.dispatch.sender import Sender, Sleep
from core.dispatch.tally import Tally, about
from core.kernel.clock import Clock
from core.kernel.identity import UserKey
from core.kernel.platform import Platform
from core.messenger import Messenger, PermanentError, RateLimited, SendError, TransientError
from core.metrics import NO_METRICS, Metrics
from core.ports import Stores
from core.questions.library import Library
from core.scheduling.deliveries import DeliveryStatus, Outcome, Trouble
from core.scheduling.schedules import Schedule

log = logging.getLogger(__name__)


class Dispatcher:
    def __init__(
        self,
        stores: Stores,
        content: Content,
        messengers: dict[Platform, Messenger],
        clock: Clock,
        *,
        policy: DispatchPolicy | None = None,
        limits: dict[Platform, SendLimits] | None = None,
        sleep: Sleep = asyncio.sleep,
        rng: random.Random | None = None,
        worker: str | None = None,
        metrics: Metrics = NO_METRICS,
    ) -> None:
        self.stores = stores
        self.metrics = metrics
        self.clock = clock
        self.policy = policy or DispatchPolicy()
        self.platforms = list(messengers)
        self.worker = worker or worker_name()
        self.rng = rng or random.Random()
        self.claimer = Claimer(stores.deliveries, self.policy, self.worker)
        library = Library(content.questions, stores.questions)
        self.composer = Composer(
            content, stores.users, stores.deliveries, self.rng, stores.cards, clock, library
        )
        self.sender = Sender(messengers, limits or {}, stores.paces, clock, sleep)
        self.pairing = PairingRun(content, stores, self.sender, library, clock)
        self.stopping = False
        self._stopped = asyncio.Event()
        self._slots = asyncio.Semaphore(self.policy.concurrency)
        self.leases = Leases(self.claimer, self.policy, clock)

    def stop(self) -> None:
        """Claim nothing more; what is not yet sending goes back for another worker."""
        self.stopping = True
        self._stopped.set()

    async def tick(self) -> TickReport:
        report = TickReport()
        if self.stopping:
            return report
        now = self.clock()
        policy = self.policy
        outcomes = Outcomes(
            self.stores.deliveries, policy.record_every, policy.record_within, self.clock
        )
        tally = Tally(report, self.metrics)
        async with self.leases.kept():
            self.sender.holds.update(await self.stores.holds.holds(self.platforms, now))
            owed = await self.claimer.reclaim(now, self.platforms)
            tally.reclaimed(owed)
            for _, outcome in owed.gone:
                await outcomes.add(outcome)
            # What is owed goes first: a failure there may pause a schedule due again today.
            await self._send_all(owed.jobs, tally, outcomes)
            sending: list[asyncio.Task[None]] = []
            last: Schedule | None = None  # each batch starts after the last one's end
            behind = False  # a schedule moved on to a time already past
            while not self.stopping:
                # Batches go out side by side (a channel's pace does not hold up the next
                # batch), with at most `outstanding` deliveries in hand at once.
                await self.leases.room(sending, policy.outstanding - policy.batch)
                due = await self.stores.deliveries.due(now, policy.batch, self.platforms, last)
                if due:
                    last = due[-1]
                    fresh = self.claimer.fresh(due, now)
                    profiles = await self.composer.profiles(fresh)
                    questions = await self.composer.questions_for(fresh, profiles)
                    claimed = await self.claimer.claim(due, now, questions)
                    tally.skipped(claimed.skipped)
                    behind = behind or claimed.behind
                    schedules = [job.schedule for job in claimed.jobs]
                    reviews = await self.composer.due_today(schedules, now)
                    self.leases.hold(claimed.jobs, self.clock())
                    work = self._send_all(claimed.jobs, tally, outcomes, profiles, reviews)
                    sending.append(asyncio.create_task(work))
                if len(due) == policy.batch:
                    continue
                if not behind:
                    break
                # Days overdue, a schedule was moved to an occurrence still past and behind
                # where this pass has got to: one more pass from the start finds it.
                last, behind = None, False
            await asyncio.gather(*sending)
            await outcomes.flush()
        report.wake_at = await self.stores.deliveries.next_retry(self.platforms)
        if report:
            log.info(
                "tick: %d sent, %d postponed, %d failed, %d missed, %d skipped, %d retried, "
                "%d released, paused %s",
                *(report.sent, report.postponed, report.failed, report.missed),
                *(report.skipped, report.retried, report.released),
                report.paused or "none",
            )
        return report

    async def _send_all(
        self,
        jobs: Sequence[Job],
        tally: Tally,
        outcomes: Outcomes,
        profiles: dict[UserKey, Profile] | None = None,
        reviews: dict[UserKey, int] | None = None,
    ) -> None:
        if not jobs:
            return
        schedules = [job.schedule for job in jobs]
        if profiles is None:
            profiles = await self.composer.profiles(schedules)
        if reviews is None:
            reviews = await self.composer.due_today(schedules, self.clock())
        troubles = await self.composer.troubles(list(jobs))
        claimed_at = self.clock()  # every job here was claimed (or proven) this tick
        self.leases.hold(jobs, claimed_at)
        try:
            await asyncio.gather(
                *(
                    self._deliver(
                        job,
                        profiles.get(job.schedule.owner_key),
                        reviews.get(job.schedule.owner_key, 0),
                        troubles.get(job.schedule.owner_key, []),
                        tally,
                        outcomes,
                    )
                    for job in jobs
                )
            )
        finally:
            self.leases.drop(jobs)
        await outcomes.flush()

    async def _deliver(
        self,
        job: Job,
        profile: Profile | None,
        due: int,
        troubles: list[Trouble],
        tally: Tally,
        outcomes: Outcomes,
    ) -> None:
        schedule = job.schedule
        # Waiting happens outside the send slots: a held-back delivery blocks nobody.
        held = self.sender.held_until(schedule, self.clock())
        if held is not None and held - self.clock() > self.policy.hold_wait:
            await self._postpone(job, held, "rate limited", tally, outcomes)
            return
        if held is not None:
            await self._unless_stopping(self.sender.sleep((held - self.clock()).total_seconds()))
        if self.sender.paced(schedule.platform):
            await self._unless_stopping(self.sender.pace(schedule))
        async with self._slots:
            if self.stopping:
                # Back at once, for a replica that is not stopping.
                tally.released(job)
                await outcomes.add(self._back(job, self.clock(), "released at shutdown"))
                return
            held = self.sender.held_until(schedule, self.clock())
            if held is not None:  # a 429 came back while this one waited for its slot
                await self._postpone(job, held, "rate limited", tally, outcomes)
                return
            try:
                if not await self.leases.prove(job):
                    raise LeaseLost(job.delivery_id)
                if schedule.kind in PAIRING_KINDS:
                    message_id = await self.pairing.send(job, self.leases.prove)
                else:
                    reply = await self.composer.compose(job, profile, due, troubles)
                    message_id = await self.sender.send(job, reply)
            except LeaseLost:
                log.info("delivery %s was taken over", job.guard_key, extra=about(job))
                return
            except RateLimited as error:
                tally.rate_limited(job)
                until = self.clock() + _seconds(error.retry_after)
                if (news := self.sender.note_hold(schedule, error.scope, until)) is not None:
                    await self.stores.holds.hold(*news, until)
                await self._postpone(job, until, str(error), tally, outcomes)
                return
            except TransientError as error:
                when = self.policy.retry_at(self.clock(), job.fence.attempt, self.rng)
                maybe = error.maybe_delivered
                await self._postpone(job, when, str(error), tally, outcomes, maybe_sent=maybe)
                return
            except PermanentError as error:
                await self._fail(job, error.reason, tally, outcomes)
                await self._pause(job, error.reason, tally)
                return
            except Exception as error:
                # A bug in an adapter or in composing the reply: record it and carry on, rather
                # than abort the tick for every other delivery and retry this one forever.
                log.exception("delivery %s failed unexpectedly", job.guard_key, extra=about(job))
                await self._fail(job, f"{type(error).__name__}: {error}", tally, outcomes)
                return
            sent_at = self.clock()
            tally.sent(job, sent_at)
            await outcomes.add(
                Outcome(job.fence, DeliveryStatus.SENT, sent_at, message_id=message_id)
            )

    async def _unless_stopping(self, wait: Awaitable[None]) -> None:
        """Wait, unless the dispatcher is told to stop first."""
        waiting = asyncio.ensure_future(wait)
        stopped = asyncio.ensure_future(self._stopped.wait())
        await asyncio.wait({waiting, stopped}, return_when=asyncio.FIRST_COMPLETED)
        for task in (waiting, stopped):
            task.cancel()
        await asyncio.gather(waiting, stopped, return_exceptions=True)

    def _back(self, job: Job, when: datetime, reason: str, maybe_sent: bool = False) -> Outcome:
        return Outcome(
            job.fence,
            DeliveryStatus.PENDING,
            self.clock(),
            error=reason,
            next_attempt_at=when,
            maybe_sent=maybe_sent,
        )

    async def _postpone(
        self,
        job: Job,
        when: datetime,
        reason: str,
        tally: Tally,
        outcomes: Outcomes,
        *,
        maybe_sent: bool = False,
    ) -> None:
        """Back to pending until `when`, for any worker; spread a little so that everything
        held back by one hold does not come back in the same instant."""
        tally.postponed(job)
        log.info("delivery %s postponed: %s", job.guard_key, reason, extra=about(job))
        jitter = _seconds(self.rng.uniform(0, 1))
        await outcomes.add(self._back(job, when + jitter, reason, maybe_sent))

    async def _fail(self, job: Job, reason: str, tally: Tally, outcomes: Outcomes) -> None:
        tally.failed(job)
        log.warning("delivery %s failed: %s", job.guard_key, reason, extra=about(job))
        await outcomes.add(Outcome(job.fence, DeliveryStatus.FAILED, self.clock(), error=reason))

    async def _pause(self, job: Job, reason: str, tally: Tally) -> None:
        schedule = job.schedule
        if not await self.stores.schedules.set_paused(schedule.id, reason):
            return
        tally.paused(schedule.id)
        if schedule.kind.personal:
            return
        try:
            notice = pause_notice(schedule, reason)
            await self.sender.tell_owner(schedule, notice, f"prepbot-pause-{uuid.uuid4().hex[:12]}")
        except SendError as error:
            log.warning(
                "could not tell the owner of schedule %s: %s", schedule.id, error, extra=about(job)
            )


def _seconds(value: float) -> timedelta:
    return timedelta(seconds=value)
