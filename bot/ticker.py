"""The dispatcher on APScheduler's clock: a tick every TICK_SECONDS, an early one when a
postponed delivery comes due sooner, and a clean stop that lets a tick in progress finish."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol

from core.kernel.clock import Clock

if TYPE_CHECKING:
    from core.dispatch.dispatcher import Dispatcher

log = logging.getLogger(__name__)

TICK_JOB, WAKE_JOB = "dispatcher-tick", "dispatcher-wake"


class Scheduler(Protocol):
    """What the ticker needs of APScheduler's AsyncIOScheduler (tests pass their own)."""

    def add_job(self, func: Callable[..., Any], trigger: str, **options: Any) -> Any: ...

    def start(self) -> None: ...

    def pause(self) -> None: ...

    def shutdown(self, wait: bool = True) -> None: ...


class Ticker:
    def __init__(
        self, dispatcher: Dispatcher, scheduler: Scheduler, every: float, clock: Clock
    ) -> None:
        self.dispatcher = dispatcher
        self.scheduler = scheduler
        self.every = every
        self.clock = clock
        self._running = asyncio.Lock()

    def start(self) -> None:
        self.scheduler.add_job(
            self.tick,
            "interval",
            seconds=self.every,
            next_run_time=datetime.now(UTC),
            max_instances=1,
            coalesce=True,
            misfire_grace_time=None,  # a tick late on a busy loop still runs, however late
            id=TICK_JOB,
        )
        self.scheduler.start()

    async def tick(self) -> None:
        if self._running.locked():
            return  # an early wake-up while a tick runs: that tick does the work
        async with self._running:
            try:
                report = await self.dispatcher.tick()
            except Exception:
                log.exception("the dispatcher tick failed; the next one tries again")
                return
        if report.wake_at is None or self.dispatcher.stopping:
            return
        # APScheduler keeps real time; the dispatcher's clock may be another (in tests).
        delay = max(report.wake_at - self.clock(), timedelta(0))
        if delay < timedelta(seconds=self.every):
            run_date = datetime.now(UTC) + delay
            self.scheduler.add_job(
                self.tick,
                "date",
                run_date=run_date,
                id=WAKE_JOB,
                replace_existing=True,
                misfire_grace_time=None,
            )

    async def stop(self, within: float) -> None:
        """Claim nothing more, give a tick in progress `within` seconds to finish or release
        what it holds, then stop the clock."""
        self.dispatcher.stop()
        self.scheduler.pause()
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(within), self._running:
                pass
        self.scheduler.shutdown(wait=False)
