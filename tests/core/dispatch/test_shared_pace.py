"""The overall send rate is kept by the replicas together: two dispatchers on one database
(SQLite and PostgreSQL) get send slots an interval apart from one timeline, never the same
moment twice, so that together they stay under the platform's limit."""

from __future__ import annotations

import asyncio
import random
from datetime import UTC, datetime, time, timedelta

from core.content.loader import Content
from core.dispatch.dispatcher import Dispatcher
from core.dispatch.policy import DispatchPolicy, SendLimits
from core.kernel.platform import Platform
from core.store.store import Store
from tests.conftest import FakeClock
from tests.core.store.test_postgres import database_url, stores  # noqa: F401  (fixtures)
from tests.fakes import Call, FakeMessenger, RecordingSleep, channel_schedule

RATE = 40.0  # messages a second for the whole bot
INTERVAL = 1 / RATE
CHANNELS = 24
NINE = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


class Meeting(FakeMessenger):
    """One replica's platform connection: its first send waits until the other replica is
    sending too, so that both take part however the event loop orders them."""

    def __init__(self, mine: asyncio.Event, theirs: asyncio.Event) -> None:
        super().__init__()
        self.mine = mine
        self.theirs = theirs

    async def _send(self, call: Call) -> str:
        self.mine.set()
        await asyncio.wait_for(self.theirs.wait(), 5)
        return await super()._send(call)


async def test_two_replicas_share_one_overall_pace(
    stores: tuple[Store, Store],  # noqa: F811
    content: Content,
) -> None:
    first = stores[0]
    clock = FakeClock(NINE - timedelta(minutes=1))
    for n in range(CHANNELS):
        await first.schedules.add(channel_schedule(clock(), target=f"c{n}", at=time(9, 0)))
    clock.now = NINE + timedelta(seconds=1)
    sending = (asyncio.Event(), asyncio.Event())
    messengers = (Meeting(*sending), Meeting(*reversed(sending)))
    sleeps = [RecordingSleep(), RecordingSleep()]
    limits = {Platform.CONSOLE: SendLimits(per_target=1.0, burst=1, overall=RATE)}
    replicas = [
        Dispatcher(
            store,
            content,
            {Platform.CONSOLE: messenger},
            clock,
            # small batches, few in hand at once, so that both replicas claim some
            policy=DispatchPolicy(batch=4, outstanding=8),
            limits=limits,
            sleep=sleep,
            rng=random.Random(n),
            worker=f"w{n}",
        )
        for n, (store, sleep, messenger) in enumerate(zip(stores, sleeps, messengers, strict=True))
    ]
    reports = await asyncio.gather(*(replica.tick() for replica in replicas))

    assert sum(report.sent for report in reports) == CHANNELS
    assert all(report.sent for report in reports), "both replicas sent"
    assert sum(len(messenger.posts) for messenger in messengers) == CHANNELS
    # The clock stands still, so each wait is how far ahead its slot is: together, the
    # replicas' slots are distinct and at least one interval apart (the first needs no wait).
    slots = sorted(wait for sleep in sleeps for wait in sleep.waits)
    assert len(slots) >= CHANNELS - 1
    gaps = [later - earlier for earlier, later in zip([0.0, *slots], slots, strict=False)]
    assert min(gaps) >= INTERVAL - 1e-6
    # And nothing is slower than the pace asks: the last slot is about CHANNELS intervals in
    # (a few more where one replica reserved slots it did not use).
    assert slots[-1] <= (CHANNELS + 8) * INTERVAL
