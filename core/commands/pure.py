"""What a route declares its reply depends on. Replies that depend only on a command's words
and the content (a comparison, a role card, an aspect view, their charts, help) are marked
`@pure`, built once and kept in a bounded cache; routes that use who asks but never their admin
flag or timezone are marked `@profile_free`."""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from typing import Any, TypeVar

from core.kernel.reply import Reply

F = TypeVar("F", bound=Callable[..., Any])

CAPACITY = 256  # every pair of today's roles with every aspect is about a hundred
_MARK = "_prepbot_pure_reply"
_PROFILE_FREE = "_prepbot_profile_free"


def pure(route: F) -> F:
    """Declare that a route's (or a button action's) reply depends on its words alone: not on
    who asks, when, or what is stored. Such replies are shared between everyone who asks."""
    setattr(route, _MARK, True)
    return route


def is_pure(route: object) -> bool:
    return bool(getattr(route, _MARK, False))


def profile_free(route: F) -> F:
    """Declare that a route's reply never reads the caller's admin flag or timezone (it may
    use who they are and the store), so an adapter need not look those up before answering."""
    setattr(route, _PROFILE_FREE, True)
    return route


def needs_profile(route: object) -> bool:
    return not (is_pure(route) or getattr(route, _PROFILE_FREE, False))


def words_key(kind: str, name: str, words: list[str] | str) -> tuple[Hashable, ...]:
    """The cache key of a command: its kind, its name and its words as split (so spacing does
    not matter). Letter case does: a reply may quote what was typed."""
    return (kind, name, words if isinstance(words, str) else tuple(words))


class ReplyCache:
    """The last `capacity` pure replies, by key (0 keeps none). Requests that arrive while a
    reply is being built wait for that one build; a failed build (a usage error) is not kept."""

    def __init__(self, capacity: int = CAPACITY) -> None:
        self.capacity = capacity
        self.hits = 0
        self.misses = 0
        self._replies: OrderedDict[Hashable, asyncio.Task[Reply]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._replies)

    async def get(self, key: Hashable, build: Callable[[], Awaitable[Reply]]) -> Reply:
        task = self._replies.get(key)
        if task is not None:
            self.hits += 1
            self._replies.move_to_end(key)
        else:
            self.misses += 1
            task = asyncio.ensure_future(build())
            task.add_done_callback(lambda done: self._forget_failure(key, done))
            self._replies[key] = task
            while len(self._replies) > self.capacity:
                self._replies.popitem(last=False)
        # One waiter giving up (its request was cancelled) does not stop the build for others.
        return await asyncio.shield(task)

    def _forget_failure(self, key: Hashable, task: asyncio.Task[Reply]) -> None:
        failed = task.cancelled() or task.exception() is not None
        if failed and self._replies.get(key) is task:
            del self._replies[key]
