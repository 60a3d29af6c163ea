"""The chart renderer the composition root supplies (the core's ChartRenderer port): every chart
drawn in one worker process, started with the first chart, and the last CAPACITY compensation
charts kept.

A matplotlib draw takes tens of milliseconds and holds the interpreter's lock for most of them:
in a worker thread it would still stall the event loop (by 80 to 100 ms, bench/RESULTS.md), in
a worker process it does not. multiprocessing and matplotlib are imported with the first chart,
so that a process that draws none never loads them (the start-up benchmark checks it).
"""

from __future__ import annotations

import asyncio
import atexit
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from importlib.util import find_spec
from typing import TYPE_CHECKING, TypeVar

from core.content.models import Article, Role
from core.kernel.reply import Chart
from core.practice.progress_chart import progress_charts
from core.roles.chart import compensation_chart, figures_key

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

T = TypeVar("T")
CAPACITY = 256  # compensation charts kept drawn: every pair of a few dozen roles


class PooledCharts:
    def __init__(self, capacity: int = CAPACITY) -> None:
        self.capacity = capacity
        self.drawn = 0  # compensation charts drawn rather than found kept
        # Without the `charts` extra there is nothing to draw with: the figures stay in the text.
        self.available = find_spec("matplotlib") is not None
        self._kept: OrderedDict[str, Chart | None] = OrderedDict()
        self._pool: ProcessPoolExecutor | None = None

    async def compensation(
        self, roles: Sequence[Role], articles: Mapping[str, Article]
    ) -> Chart | None:
        if not self.available:
            return None
        key = figures_key(roles)
        if key in self._kept:
            self._kept.move_to_end(key)
            return self._kept[key]
        chart = await self._run(compensation_chart, tuple(roles), dict(articles))
        self.drawn += 1
        self._kept[key] = chart
        while len(self._kept) > self.capacity:
            self._kept.popitem(last=False)  # the least recently asked for
        return chart

    async def progress(
        self, days: Mapping[date, int], retention: Mapping[str, float], today: date
    ) -> tuple[Chart, ...]:
        if not self.available:
            return ()
        return await self._run(progress_charts, dict(days), dict(retention), today)

    async def in_worker(self, function: Callable[[], T]) -> T:
        """Run a module-level function where the charts are drawn (for checks and benchmarks)."""
        return await self._run(function)

    def close(self) -> None:
        """Stop the worker, if one was started; a later chart starts another."""
        if self._pool is not None:
            atexit.unregister(self.close)
            self._pool.shutdown(wait=False, cancel_futures=True)
        self._pool = None

    async def _run(self, function: Callable[..., T], *args: object) -> T:
        from concurrent.futures.process import BrokenProcessPool

        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(self._worker(), function, *args)
        except BrokenProcessPool:
            self.close()  # the worker died (killed, out of memory): a new one next time
            return await asyncio.to_thread(function, *args)

    def _worker(self) -> ProcessPoolExecutor:
        if self._pool is None:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            # spawn, not fork: the bot's process has threads (database drivers, clients)
            context = multiprocessing.get_context("spawn")
            self._pool = ProcessPoolExecutor(max_workers=1, mp_context=context)
            # Let go of the pool before the interpreter tears its modules down: freed after
            # that, its clean-up finds multiprocessing already gone and says so on stderr.
            atexit.register(self.close)
        return self._pool
