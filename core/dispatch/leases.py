"""The claims this worker holds while it sends them: renewed together while a tick runs, and
proven right before each send, so that a live worker never loses one to another."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Sequence
from datetime import datetime, timedelta

from core.clock import Clock
from core.dispatch.claims import Claimer
from core.dispatch.policy import Job


class Leases:
    def __init__(self, claimer: Claimer, lease: timedelta, clock: Clock) -> None:
        self.claimer = claimer
        self.lease = lease
        self.clock = clock
        self._held: dict[int, Job] = {}
        self._proven: dict[int, datetime] = {}  # when each held claim was last proven

    def __len__(self) -> int:
        return len(self._held)

    def hold(self, jobs: Sequence[Job]) -> None:
        """Jobs this worker has just claimed (or proven): held from now on."""
        now = self.clock()
        self._held.update((job.delivery_id, job) for job in jobs)
        self._proven.update((job.delivery_id, now) for job in jobs)

    def let_go(self, jobs: Sequence[Job]) -> None:
        for job in jobs:
            self._held.pop(job.delivery_id, None)
            self._proven.pop(job.delivery_id, None)

    async def prove(self, job: Job) -> bool:
        """Does this worker still hold the claim? One proven within the last third of a lease
        is still held (nobody may take it before the lease ends); an older one is proven again,
        and renewed, in the database."""
        if job.delivery_id not in self._held:
            return False  # its renewal failed: another worker has it
        now = self.clock()
        proven = self._proven.get(job.delivery_id)
        if proven is not None and now - proven <= self.lease / 3:
            return True
        if job.delivery_id not in await self.claimer.renew([job.fence], now):
            return False
        self._proven[job.delivery_id] = now
        return True

    @contextlib.asynccontextmanager
    async def kept(self) -> AsyncIterator[None]:
        """While the block runs, renew everything held every third of a lease, so that a slow
        fan-out never lets another worker take over a live claim."""
        done = asyncio.Event()

        async def keep() -> None:
            while not done.is_set():
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(done.wait(), self.lease.total_seconds() / 3)
                held = [job.fence for job in self._held.values()]
                if held and not done.is_set():
                    now = self.clock()
                    kept = await self.claimer.renew(held, now)
                    for fence in held:
                        if fence.delivery_id in kept:
                            self._proven[fence.delivery_id] = now
                        else:
                            self._held.pop(fence.delivery_id, None)

        keeper = asyncio.create_task(keep())
        try:
            yield
        finally:
            done.set()
            await keeper
