"""Sending one attempt through a platform's Messenger, within the platform's limits: a pace
per channel, an overall pace shared by every replica (pace.py), and the holds a platform asks
for when it answers 429."""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime, timedelta

from aiolimiter import AsyncLimiter

from core.dispatch.pace import SharedPace
from core.dispatch.policy import Job, SendLimits
from core.kernel.clock import Clock
from core.kernel.platform import Platform
from core.kernel.reply import Reply
from core.messenger import Messenger, Post, RateScope
from core.ports import SendPaces
from core.scheduling.deliveries import Hold
from core.scheduling.schedules import Schedule

Sleep = Callable[[float], Awaitable[None]]
_NEWS = timedelta(seconds=0.5)  # a hold this much longer than the one known is worth sharing
_PACED_TARGETS = 50_000  # channels whose pace is remembered; the least recent are forgotten


def scope_of(schedule: Schedule, scope: RateScope) -> str:
    """The name of the rate scope a schedule's post falls in, e.g. `workspace:T1`."""
    if scope is RateScope.GLOBAL:
        return "global"
    if scope is RateScope.WORKSPACE:
        return f"workspace:{schedule.workspace}"
    return f"target:{schedule.workspace}:{schedule.target}"


class Sender:
    def __init__(
        self,
        messengers: dict[Platform, Messenger],
        limits: dict[Platform, SendLimits],
        paces: SendPaces,
        clock: Clock,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.messengers = messengers
        self.limits = limits
        self.sleep = sleep
        self.holds: dict[Hold, datetime] = {}
        self._overall = {
            p: SharedPace(paces, p, limit.overall, clock, sleep)
            for p, limit in limits.items()
            if limit.overall
        }
        self._targets: OrderedDict[tuple[Platform, str, str], AsyncLimiter] = OrderedDict()

    def held_until(self, schedule: Schedule, now: datetime) -> datetime | None:
        """The latest hold in force over any scope this schedule's post falls in."""
        found = [
            until
            for scope in RateScope
            if (until := self.holds.get((schedule.platform, scope_of(schedule, scope))))
            and until > now
        ]
        return max(found, default=None)

    def note_hold(self, schedule: Schedule, scope: RateScope, until: datetime) -> Hold | None:
        """Hold the scope back until then; the hold, when it is new or noticeably longer (the
        one other workers should hear of), else None."""
        key = (schedule.platform, scope_of(schedule, scope))
        known = self.holds.get(key)
        if known is not None and until - known < _NEWS:
            return None
        self.holds[key] = until if known is None else max(known, until)
        return key

    def paced(self, platform: Platform) -> bool:
        return platform in self.limits

    async def pace(self, schedule: Schedule) -> None:
        """Wait for this channel's turn and the platform's overall pace."""
        limits = self.limits.get(schedule.platform)
        if limits is None:
            return
        key = (schedule.platform, schedule.workspace, schedule.target)
        limiter = self._targets.get(key)
        if limiter is None:
            limiter = AsyncLimiter(limits.burst, limits.burst / limits.per_target)
            self._targets[key] = limiter
            if len(self._targets) > _PACED_TARGETS:
                self._targets.popitem(last=False)
        else:
            self._targets.move_to_end(key)
        await limiter.acquire()
        overall = self._overall.get(schedule.platform)
        if overall is not None:
            await overall.acquire()

    async def send(self, job: Job, reply: Reply) -> str:
        """One attempt; the platform's message id, or the messenger's SendError."""
        schedule = job.schedule
        messenger = self.messengers[schedule.platform]
        key, retry = job.guard_key, job.retry
        if schedule.kind.personal:
            return await messenger.send_direct(
                schedule.workspace, schedule.target, reply, delivery_key=key, retry=retry
            )
        return await messenger.post_to_channel(
            schedule.workspace, schedule.target, reply, delivery_key=key, retry=retry
        )

    async def send_group(self, platform: Platform, post: Post, users: Sequence[str]) -> str:
        """One group's conversation, started from the post's channel."""
        return await self.messengers[platform].send_group(post, users)

    async def send_direct(
        self, schedule: Schedule, user: str, reply: Reply, key: str, retry: bool = False
    ) -> str:
        """A direct message to one member of the schedule's workspace, for that schedule."""
        messenger = self.messengers[schedule.platform]
        return await messenger.send_direct(
            schedule.workspace, user, reply, delivery_key=key, retry=retry
        )

    async def tell_owner(self, schedule: Schedule, reply: Reply, key: str) -> str:
        messenger = self.messengers[schedule.platform]
        return await messenger.send_direct(
            schedule.workspace, schedule.owner, reply, delivery_key=key
        )
