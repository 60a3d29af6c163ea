"""Listener runs still going after their acknowledgement, so that stopping can let them finish."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Awaitable, Callable
from typing import Any, ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")


class InFlight:
    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[Any]] = set()

    def track(self, listener: Callable[P, Awaitable[T]]) -> Callable[P, Awaitable[T]]:
        """The listener, noting the task that runs it until it returns.

        functools.wraps keeps the parameter names Bolt reads to pass ack, body, respond….
        """

        @functools.wraps(listener)
        async def run(*args: P.args, **kwargs: P.kwargs) -> T:
            task = asyncio.current_task()
            if task is not None:
                self._tasks.add(task)
            try:
                return await listener(*args, **kwargs)
            finally:
                if task is not None:
                    self._tasks.discard(task)

        return run

    async def drain(self, within: float | None = None) -> None:
        """Wait until every listener run started so far has finished, or `within` seconds pass."""
        pending = self._tasks - {asyncio.current_task()}
        if pending:
            await asyncio.wait(pending, timeout=within)
