"""The claims this worker holds while it sends: renewed in the background for as long as a tick
runs, and proven right before each send, so that only the claim's current owner posts."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Sequence
from datetime import datetime

from core.dispatch.claims import Claimer
from core.dispatch.policy import DispatchPolicy, Job
from core.kernel.clock import Clock


class Leases:
    def __init__(self, claimer: Claimer, policy: DispatchPolicy, clock: Clock) -> None:
        self.claimer = claimer
        self.policy = policy
        self.clock = clock
        self.in_flight: dict[int, Job] = {}
        self.confirmed: dict[int, datetime] = {}  # when each in-flight claim was last proven

    def __len__(self) -> int:
        return len(self.in_flight)

    def hold(self, jobs: Sequence[Job], claimed_at: datetime) -> None:
        self.in_flight.update((job.delivery_id, job) for job in jobs)
        self.confirmed.update((job.delivery_id, claimed_at) for job in jobs)

    def drop(self, jobs: Sequence[Job]) -> None:
        for job in jobs:
            self.in_flight.pop(job.delivery_id, None)
            self.confirmed.pop(job.delivery_id, None)

    @contextlib.asynccontextmanager
    async def kept(self) -> AsyncIterator[None]:
        """Renew the leases of everything this worker holds while the block runs, so that a
        slow fan-out never lets another worker take over a live claim."""
        done = asyncio.Event()

        async def keep() -> None:
            period = self.policy.lease.total_seconds() / 3
            while not done.is_set():
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(done.wait(), period)
                held = [job.fence for job in self.in_flight.values()]
                if held and not done.is_set():
                    now = self.clock()
                    kept = await self.claimer.renew(held, now)
                    for fence in held:
                        if fence.delivery_id in kept:
                            self.confirmed[fence.delivery_id] = now
                        else:
                            self.in_flight.pop(fence.delivery_id, None)

        keeper = asyncio.create_task(keep())
        try:
            yield
        finally:
            done.set()
            await keeper

    async def prove(self, job: Job) -> bool:
        """Right before sending: does this worker still hold the claim? A claim proven within
        the last third of a lease is still held (nobody may take it before the lease ends);
        an older one is proven again, and renewed, in the database."""
        if job.delivery_id not in self.in_flight:
            return False  # the keeper found it taken over
        now = self.clock()
        confirmed = self.confirmed.get(job.delivery_id)
        if confirmed is not None and now - confirmed <= self.policy.lease / 3:
            return True
        if job.delivery_id not in await self.claimer.renew([job.fence], now):
            return False
        self.confirmed[job.delivery_id] = now
        return True

    async def room(self, sending: list[asyncio.Task[None]], most: int) -> None:
        """Until no more than `most` deliveries are in hand (finished batches are let go)."""
        while len(self) > max(most, 0):
            running = [task for task in sending if not task.done()]
            if not running:
                return
            await asyncio.wait(running, return_when=asyncio.FIRST_COMPLETED)
