"""Sending one delivery through a platform's Messenger: rate limits, retries, lease renewal."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from aiolimiter import AsyncLimiter

from core.deliveries import delivery_key
from core.dispatch.policy import DispatchPolicy, Job, LeaseLost
from core.messenger import Messenger, RateLimited, TransientError
from core.platform import Platform
from core.reply import Reply

Sleep = Callable[[float], Awaitable[None]]
Renew = Callable[[int], Awaitable[bool]]


class Sender:
    def __init__(
        self,
        messengers: dict[Platform, Messenger],
        policy: DispatchPolicy,
        rates: dict[Platform, float],
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.messengers = messengers
        self.policy = policy
        self.limiters = {p: AsyncLimiter(rate, 1) for p, rate in rates.items()}
        self.sleep = sleep

    async def send(self, job: Job, reply: Reply, renew: Renew) -> str:
        """The platform's message id. Waits out rate limits and retries transient errors a few
        times, renewing the claim before each retry; LeaseLost if it was taken over."""
        schedule, retry = job.schedule, job.retry
        messenger = self.messengers[schedule.platform]
        key = delivery_key(schedule.id, job.local_date)
        attempts = rate_waits = 0
        while True:
            try:
                limiter = self.limiters.get(schedule.platform)
                if limiter is not None:
                    await limiter.acquire()
                if schedule.kind.personal:
                    return await messenger.send_direct(
                        schedule.workspace, schedule.target, reply, delivery_key=key, retry=retry
                    )
                return await messenger.post_to_channel(
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
            if not await renew(job.delivery_id):
                raise LeaseLost(job.delivery_id)

    async def tell_owner(
        self, platform: Platform, workspace: str, owner: str, reply: Reply, key: str
    ) -> str:
        return await self.messengers[platform].send_direct(
            workspace, owner, reply, delivery_key=key
        )
