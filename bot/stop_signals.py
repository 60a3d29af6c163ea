"""SIGTERM and SIGINT as a request to stop, heard from the first line of `prepbot run` to its
last.

One handler is in place before the settings load, any port opens or any claim is taken, and
stays until the process returns. A signal that comes while the bot starts (before the event
loop runs, during migrations, as its port opens) or while it is already stopping asks for the
same graceful stop as one that comes while it serves; none ends the process with the signal.
Only the standard library is imported, so that the handler is in place as early as possible.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Callable, Iterator
from types import FrameType

log = logging.getLogger(__name__)
SIGNALS = (signal.SIGTERM, signal.SIGINT)
Handler = Callable[[int, FrameType | None], object] | int | signal.Handlers | None


class StopSignals:
    def __init__(self) -> None:
        self.heard: str | None = None  # the first stop signal's name, once one came
        self._waiting: list[tuple[asyncio.AbstractEventLoop, asyncio.Future[None]]] = []

    @contextlib.contextmanager
    def installed(self) -> Iterator[StopSignals]:
        """The handler for the duration of the block; the previous ones after it."""
        previous: dict[signal.Signals, Handler] = {}
        for sig in SIGNALS:
            with contextlib.suppress(ValueError):  # off the main thread: not ours to take
                previous[sig] = signal.signal(sig, self._hear)
        try:
            yield self
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, signal.SIG_DFL if handler is None else handler)

    def stopped(self) -> asyncio.Future[None]:
        """A future on the running loop that the first stop signal completes; done already
        if one came before."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[None] = loop.create_future()
        if self.heard is not None:
            _settle(future, self.heard)
        else:
            self._waiting.append((loop, future))
        return future

    def _hear(self, signum: int, frame: FrameType | None) -> None:
        if self.heard is not None:
            return  # already stopping
        self.heard = signal.Signals(signum).name
        for loop, future in self._waiting:
            # the handler runs between two steps of the loop: the future is settled by it
            with contextlib.suppress(RuntimeError):  # that loop is closed: nothing waits
                loop.call_soon_threadsafe(_settle, future, self.heard)
        self._waiting.clear()


def _settle(future: asyncio.Future[None], name: str) -> None:
    if not future.done():
        log.info("%s received: finishing what is in flight, then stopping", name)
        future.set_result(None)
