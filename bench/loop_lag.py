"""How long an event loop goes without running a ready callback: a task asks to wake every
`interval` and records by how much each wake-up came late (the loop was busy, or blocked)."""

from __future__ import annotations

import asyncio
import time


class LoopLag:
    def __init__(self, interval: float = 0.002) -> None:
        self.interval = interval
        self.samples_ms: list[float] = []
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._watch())

    def reset(self) -> None:
        self.samples_ms = []

    @property
    def max_ms(self) -> float:
        return max(self.samples_ms, default=0.0)

    def quantile_ms(self, q: float) -> float:
        if not self.samples_ms:
            return 0.0
        ordered = sorted(self.samples_ms)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)

    async def _watch(self) -> None:
        while True:
            asked = time.perf_counter()
            await asyncio.sleep(self.interval)
            late = time.perf_counter() - asked - self.interval
            self.samples_ms.append(max(late, 0.0) * 1000)


class LongestCallbacks:
    """Times every callback the loop runs (asyncio's Handle._run), keeping the longest ones:
    what blocked the loop, as opposed to many short callbacks queued behind each other.
    Also times the garbage collector, which runs inside whichever callback allocated. The time
    is the thread's CPU time, so that a callback the machine merely paused (other processes
    had the core) does not count as one that held the loop."""

    def __init__(self, keep: int = 5) -> None:
        self.keep = keep
        self.longest: list[tuple[float, str]] = []
        self.gc_ms: list[float] = []
        self._gc_started = 0.0

    def install(self) -> None:
        import gc
        from asyncio import events

        original = events.Handle._run
        timer = self

        def timed(handle: events.Handle) -> None:
            start = time.thread_time()
            original(handle)
            elapsed = (time.thread_time() - start) * 1000
            if len(timer.longest) < timer.keep or elapsed > timer.longest[-1][0]:
                timer.longest.append((elapsed, repr(handle)[:160]))
                timer.longest.sort(reverse=True)
                del timer.longest[timer.keep :]

        setattr(events.Handle, "_run", timed)  # noqa: B010 (a method, replaced for timing)
        gc.callbacks.append(self._gc)

    def reset(self) -> None:
        self.longest = []
        self.gc_ms = []

    def _gc(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._gc_started = time.thread_time()
        elif info.get("generation") == 2:
            self.gc_ms.append((time.thread_time() - self._gc_started) * 1000)
