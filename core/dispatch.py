"""The dispatcher tick: find due occurrences, claim each exactly once, send, record the outcome.

The database holds every bit of state. A claim is the insert of a delivery row whose unique
key is (schedule, local date): only the process whose insert wins sends. A claim that is
never completed (the process died) is taken over once its lease expires.
"""

from __future__ import annotations

import asyncio
import logging
import random
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from aiolimiter import AsyncLimiter

from core.checkin import checkin_reply, summary_reply
from core.content.loader import Content
from core.content.models import PracticeQuestion
from core.identity import UserKey
from core.messenger import Messenger, PermanentError, RateLimited, SendError, TransientError
from core.practice import current_round, pick, pool, question_reply
from core.reply import Reply, TextSection, Visibility
from core.schedule_time import next_occurrence
from core.store.repository import Claim, Outcome, Store
from core.store.tables import Delivery, DeliveryStatus, Schedule, ScheduleKind, User

log = logging.getLogger(__name__)

Sleep = Callable[[float], Awaitable[None]]
LATE_AFTER = timedelta(minutes=5)


class LeaseLost(Exception):
    """Another worker took this delivery over while this one waited to retry."""


@dataclass
class TickReport:
    sent: int = 0
    failed: int = 0
    skipped: int = 0
    retried: int = 0
    paused: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class DispatchPolicy:
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


@dataclass(frozen=True)
class _Job:
    delivery_id: int
    schedule: Schedule
    local_date_iso: str
    question_id: str | None
    retry: bool
    user: User | None = None
    user_loaded: bool = False


class _Outcomes:
    """Delivery outcomes waiting to be written, a group at a time."""

    def __init__(self, store: Store, every: int) -> None:
        self.store = store
        self.every = max(1, every)
        self.pending: list[Outcome] = []

    async def add(self, outcome: Outcome) -> None:
        self.pending.append(outcome)
        if len(self.pending) >= self.every:
            await self.flush()

    async def flush(self) -> None:
        group, self.pending = self.pending, []
        if group:
            await self.store.finish_many(group)


class Dispatcher:
    def __init__(
        self,
        store: Store,
        content: Content,
        messengers: dict[str, Messenger],
        clock: Callable[[], datetime],
        *,
        policy: DispatchPolicy | None = None,
        rates: dict[str, float] | None = None,
        sleep: Sleep = asyncio.sleep,
        rng: random.Random | None = None,
        worker: str | None = None,
    ) -> None:
        self.store = store
        self.content = content
        self.messengers = messengers
        self.clock = clock
        self.policy = policy or DispatchPolicy()
        self.limiters = {p: AsyncLimiter(rate, 1) for p, rate in (rates or {}).items()}
        self.sleep = sleep
        self.rng = rng or random.Random()
        self.worker = worker or f"worker-{uuid.uuid4().hex[:12]}"
        self._semaphore = asyncio.Semaphore(self.policy.concurrency)

    async def tick(self) -> TickReport:
        report = TickReport()
        now = self.clock()
        platforms = list(self.messengers)
        outcomes = _Outcomes(self.store, self.policy.record_every)
        await self._take_over_expired(now, report, outcomes)
        while True:
            due = await self.store.due(now, self.policy.batch, platforms)
            if not due:
                break
            jobs = await self._claim(due, now, report)
            await asyncio.gather(*(self._deliver(job, report, outcomes) for job in jobs))
            await outcomes.flush()
            if len(due) < self.policy.batch:
                break
        await self._send_snoozes(now, report)
        return report

    async def _claim(self, due: list[Schedule], now: datetime, report: TickReport) -> list[_Job]:
        to_skip: list[Claim] = []
        fresh: list[tuple[Schedule, date, datetime]] = []
        moves: dict[int, tuple[datetime, datetime]] = {}
        for schedule in due:
            zone = ZoneInfo(schedule.timezone)
            fire_at = schedule.next_fire_at
            local_date = fire_at.astimezone(zone).date()
            following = next_occurrence(
                time(schedule.hour, schedule.minute), zone, schedule.weekdays, fire_at
            )
            moves[schedule.id] = (fire_at, following.fire_at)
            if now - fire_at > self.policy.grace:
                to_skip.append(Claim(schedule.id, local_date, fire_at, True, None))
            else:
                fresh.append((schedule, local_date, fire_at))
        users = await self.store.users(
            {_owner(s) for s, _, _ in fresh if s.kind is not ScheduleKind.CHANNEL}
        )
        questions = await self._questions_for([s for s, _, _ in fresh], users)
        to_send = [
            Claim(s.id, local_date, fire_at, now - fire_at > LATE_AFTER, questions.get(s.id))
            for s, local_date, fire_at in fresh
        ]
        skipped = await self.store.claim(to_skip, DeliveryStatus.SKIPPED, self.worker, now)
        report.skipped += len(skipped)
        won = await self.store.claim(to_send, DeliveryStatus.CLAIMED, self.worker, now)
        await self.store.advance(moves)
        by_id = {s.id: s for s in due}
        return [
            _Job(
                won[c.schedule_id],
                by_id[c.schedule_id],
                c.local_date.isoformat(),
                c.question_id,
                False,
                users.get(_owner(by_id[c.schedule_id])),
                True,
            )
            for c in to_send
            if c.schedule_id in won
        ]

    async def _take_over_expired(
        self, now: datetime, report: TickReport, outcomes: _Outcomes
    ) -> None:
        expired = await self.store.expired_claims(
            now - self.policy.lease, self.policy.batch, list(self.messengers)
        )
        jobs = []
        for delivery, schedule in expired:
            if not await self.store.reclaim(delivery, self.worker, now):
                continue
            if now - delivery.fire_at > self.policy.grace:
                # Left behind by a process that died long ago: as stale as any missed
                # occurrence, so it is recorded as skipped, never posted days late.
                await self.store.finish(
                    delivery.id, DeliveryStatus.SKIPPED, now, error="claim expired past grace"
                )
                report.skipped += 1
                continue
            report.retried += 1
            jobs.append(_job_for(delivery, schedule))
        await asyncio.gather(*(self._deliver(job, report, outcomes) for job in jobs))
        await outcomes.flush()

    async def _questions_for(
        self, schedules: list[Schedule], users: dict[UserKey, User]
    ) -> dict[int, str]:
        """Today's question for each schedule, from its channel's (or user's) history: one
        query for the lot. Schedules sharing a channel see each other's picks."""
        wanted = [s for s in schedules if s.kind is not ScheduleKind.SUMMARY]
        history = await self.store.questions_posted_many(
            {(s.platform, s.workspace, s.target) for s in wanted}
        )
        pools: dict[tuple[str | None, str | None], list[PracticeQuestion]] = {}
        chosen: dict[int, str] = {}
        for schedule in wanted:
            role = schedule.role
            if schedule.kind is ScheduleKind.CHECKIN:
                user = users.get(_owner(schedule))
                role = user.target_role if user else None
            category = schedule.category
            candidates = pools.get((role, category))
            if candidates is None:
                candidates = pools[(role, category)] = [
                    q
                    for q in pool(self.content.questions, role, None)
                    if category is None or q.category.value == category
                ]
            if not candidates:
                continue
            posted = history.setdefault(
                (schedule.platform, schedule.workspace, schedule.target), []
            )
            seen = current_round(list(reversed(posted)), {q.id for q in candidates})
            question = pick(candidates, seen, self.rng)
            if question is not None:
                chosen[schedule.id] = question.id
                posted.append(question.id)
        return chosen

    async def _deliver(self, job: _Job, report: TickReport, outcomes: _Outcomes) -> None:
        async with self._semaphore:
            schedule = job.schedule
            messenger = self.messengers[schedule.platform]
            key = f"prepbot-{schedule.id}-{job.local_date_iso}"
            try:
                reply = await self._compose(job)
                message_id = await self._send_with_retries(messenger, job, reply, key)
            except LeaseLost:
                log.info("delivery %s was taken over by another worker", job.delivery_id)
                return
            except PermanentError as error:
                await outcomes.add(
                    Outcome(
                        job.delivery_id, DeliveryStatus.FAILED, self.clock(), error=error.reason
                    )
                )
                report.failed += 1
                await self._pause(schedule, error.reason, messenger, report)
                return
            except SendError as error:
                await outcomes.add(
                    Outcome(job.delivery_id, DeliveryStatus.FAILED, self.clock(), error=str(error))
                )
                report.failed += 1
                log.warning("delivery %s failed after retries: %s", job.delivery_id, error)
                return
            except Exception as error:
                # A bug in an adapter or in composing the reply: record it and carry on, rather
                # than abort the tick for every other delivery and retry this one forever.
                log.exception("delivery %s failed unexpectedly", job.delivery_id)
                await outcomes.add(
                    Outcome(
                        job.delivery_id,
                        DeliveryStatus.FAILED,
                        self.clock(),
                        error=f"{type(error).__name__}: {error}",
                    )
                )
                report.failed += 1
                return
            report.sent += 1
            await outcomes.add(
                Outcome(job.delivery_id, DeliveryStatus.SENT, self.clock(), message_id=message_id)
            )

    async def _compose(self, job: _Job) -> Reply:
        schedule = job.schedule
        question = next((q for q in self.content.questions if q.id == job.question_id), None)
        if schedule.kind is ScheduleKind.CHANNEL:
            if question is None:
                return Reply(
                    title="No question today",
                    sections=(
                        TextSection(text="The question bank has none for this schedule's filters."),
                    ),
                )
            reply = question_reply(
                question,
                self.content.roles,
                schedule.role,
                "Question of the day",
                articles=self.content.articles,
            )
            return reply.model_copy(update={"visibility": Visibility.CHANNEL})
        user = job.user if job.user_loaded else await self.store.user(_owner(schedule))
        today = datetime.fromisoformat(job.local_date_iso).date()
        if schedule.kind is ScheduleKind.SUMMARY:
            done = await self.store.done_since(_owner(schedule), today - timedelta(days=6))
            return summary_reply(user, done)
        return checkin_reply(user, self.content, today, question)

    async def _send_with_retries(
        self, messenger: Messenger, job: _Job, reply: Reply, key: str
    ) -> str:
        schedule, retry = job.schedule, job.retry
        attempts = rate_waits = 0
        while True:
            try:
                limiter = self.limiters.get(schedule.platform)
                if limiter is not None:
                    await limiter.acquire()
                if schedule.kind is ScheduleKind.CHANNEL:
                    return await messenger.post_to_channel(
                        schedule.workspace, schedule.target, reply, delivery_key=key, retry=retry
                    )
                return await messenger.send_direct(
                    schedule.workspace, schedule.target, reply, delivery_key=key, retry=retry
                )
            except RateLimited as error:
                rate_waits += 1
                if rate_waits > self.policy.max_rate_waits:
                    raise
                await self.sleep(error.retry_after)
            except TransientError:
                attempts += 1
                if attempts >= self.policy.max_attempts:
                    raise
                await self.sleep(self.policy.backoff_seconds * 2 ** (attempts - 1))
            # Whatever happened, an earlier attempt may have reached the platform.
            retry = True
            if not await self.store.renew(job.delivery_id, self.worker, self.clock()):
                raise LeaseLost(job.delivery_id)

    async def _pause(
        self, schedule: Schedule, reason: str, messenger: Messenger, report: TickReport
    ) -> None:
        if not await self.store.set_paused(schedule.id, reason):
            return
        report.paused.append(schedule.id)
        if schedule.kind is not ScheduleKind.CHANNEL:
            return
        notice = Reply(
            title=f"I paused schedule #{schedule.id}",
            sections=(
                TextSection(text=f"I couldn't post to <#{schedule.target}>: {reason}."),
                TextSection(
                    text="Invite me to the channel (or check it still exists), then "
                    f"`/prep resume {schedule.id}`; or `/prep unschedule {schedule.id}`."
                ),
            ),
        )
        try:
            await messenger.send_direct(
                schedule.workspace,
                schedule.owner,
                notice,
                delivery_key=f"prepbot-pause-{schedule.id}",
            )
        except SendError as error:
            log.warning("could not tell the owner of schedule %s: %s", schedule.id, error)

    async def _send_snoozes(self, now: datetime, report: TickReport) -> None:
        for user in await self.store.due_snoozes(now, list(self.messengers)):
            until = user.snooze_until
            if until is None or not await self.store.take_snooze(user.id, until):
                continue
            zone = ZoneInfo(user.timezone or "UTC")
            reply = checkin_reply(user, self.content, now.astimezone(zone).date(), None)
            try:
                await self.messengers[user.platform].send_direct(
                    user.workspace,
                    user.user_id,
                    reply,
                    delivery_key=f"prepbot-snooze-{user.id}-{until:%Y%m%d%H%M}",
                )
                report.sent += 1
            except SendError as error:
                report.failed += 1
                log.warning("snoozed check-in for user %s failed: %s", user.id, error)


def _owner(schedule: Schedule) -> UserKey:
    return UserKey(schedule.platform, schedule.workspace, schedule.owner)


def _job_for(delivery: Delivery, schedule: Schedule) -> _Job:
    return _Job(delivery.id, schedule, delivery.local_date.isoformat(), delivery.question_id, True)
