"""A platform's overall send rate, kept by every replica together: each reserves a few send
slots at a time from one timeline in the database (the next free moment moves on by one
interval per slot), then waits for its slots. However many replicas send, the slots they get
are an interval apart, so together they keep under the limit (Discord's 50 requests a second
per bot) instead of each keeping it alone and exceeding it together."""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Awaitable, Callable

from core.kernel.clock import Clock
from core.kernel.platform import Platform
from core.ports import SendPaces

Sleep = Callable[[float], Awaitable[None]]
SCOPE = "global"
CHUNK_SECONDS = 0.1  # slots reserved at a time: a tenth of a second's worth


class SharedPace:
    def __init__(
        self, paces: SendPaces, platform: Platform, rate: float, clock: Clock, sleep: Sleep
    ) -> None:
        self.paces = paces
        self.platform = platform
        self.interval = 1.0 / rate
        self.chunk = max(1, round(rate * CHUNK_SECONDS))
        self.clock = clock
        self.sleep = sleep
        self._slots: deque[float] = deque()
        self._lock = asyncio.Lock()

    async def acquire(self) -> None:
        """Wait for this replica's next slot."""
        async with self._lock:
            now = self.clock().timestamp()
            while self._slots and self._slots[0] < now - self.interval:
                self._slots.popleft()  # reserved, then not needed in time: given up
            if not self._slots:
                start = await self.paces.reserve(
                    self.platform, SCOPE, self.chunk, self.interval, now
                )
                self._slots.extend(start + i * self.interval for i in range(self.chunk))
            slot = self._slots.popleft()
        wait = slot - self.clock().timestamp()
        if wait > 0:
            await self.sleep(wait)
