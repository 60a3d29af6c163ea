"""The store, opened on its first use: a command that reads only the content (a comparison, a
role card, help) never touches the database, nor loads what the database needs."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import TYPE_CHECKING, Any, cast

from core.pairing.feedback import PeerFeedbackStore
from core.pairing.ports import PairStore
from core.ports import (
    CardStore,
    DeliveryLedger,
    MockStore,
    QuestionStore,
    RateHolds,
    ScheduleStore,
    SendPaces,
    UserStore,
)

if TYPE_CHECKING:
    from core.store.store import Store


class LazyStore:
    """Stands in for the store (core.ports.Stores): each repository's first call opens it."""

    def __init__(self, open_store: Callable[[], Awaitable[Store]]) -> None:
        self._open_store = open_store
        self._store: Store | None = None
        self._opening = asyncio.Lock()

    def opened(self) -> Store:
        """The store, once open() has opened it."""
        if self._store is None:
            raise RuntimeError("the store is not open yet")
        return self._store

    async def open(self) -> Store:
        if self._store is None:
            async with self._opening:
                if self._store is None:
                    self._store = await self._open_store()
        return self._store

    async def close(self) -> None:
        if self._store is not None:
            await self._store.close()
            self._store = None

    @property
    def users(self) -> UserStore:
        return cast(UserStore, _Deferred(self, "users", UserStore))

    @property
    def schedules(self) -> ScheduleStore:
        return cast(ScheduleStore, _Deferred(self, "schedules", ScheduleStore))

    @property
    def deliveries(self) -> DeliveryLedger:
        return cast(DeliveryLedger, _Deferred(self, "deliveries", DeliveryLedger))

    @property
    def holds(self) -> RateHolds:
        return cast(RateHolds, _Deferred(self, "holds", RateHolds))

    @property
    def cards(self) -> CardStore:
        return cast(CardStore, _Deferred(self, "cards", CardStore))

    @property
    def paces(self) -> SendPaces:
        return cast(SendPaces, _Deferred(self, "paces", SendPaces))

    @property
    def mocks(self) -> MockStore:
        return cast(MockStore, _Deferred(self, "mocks", MockStore))

    @property
    def pairs(self) -> PairStore:
        return cast(PairStore, _Deferred(self, "pairs", PairStore))

    @property
    def peer_feedback(self) -> PeerFeedbackStore:
        return cast(PeerFeedbackStore, _Deferred(self, "peer_feedback", PeerFeedbackStore))

    @property
    def questions(self) -> QuestionStore:
        return cast(QuestionStore, _Deferred(self, "questions", QuestionStore))

    async def ping(self) -> bool:
        """Whether the database answers (opening the store if it is not open)."""
        return await (await self.open()).ping()


class _Deferred:
    """One repository of a LazyStore: its methods as the port declares them (coroutines, or
    async iterators), each opening the store before it calls the real one."""

    def __init__(self, owner: LazyStore, name: str, port: type) -> None:
        self._owner = owner
        self._name = name
        self._port = port

    async def _repository(self) -> Any:
        return getattr(await self._owner.open(), self._name)

    def __getattr__(self, method: str) -> Callable[..., Any]:
        declared = getattr(self._port, method)  # AttributeError for what the port lacks
        if inspect.iscoroutinefunction(declared):

            async def call(*args: Any, **kwargs: Any) -> Any:
                return await getattr(await self._repository(), method)(*args, **kwargs)

            return call

        async def iterate(*args: Any, **kwargs: Any) -> AsyncIterator[Any]:
            async for item in getattr(await self._repository(), method)(*args, **kwargs):
                yield item

        return iterate
