"""A live worker keeps its claims while it waits; one that stalls past its lease loses them to
another worker and never sends: one post either way."""

from __future__ import annotations

import asyncio
import random
from datetime import timedelta

from core.content.loader import Content
from core.dispatch.dispatcher import Dispatcher
from core.dispatch.policy import DispatchPolicy
from core.kernel.platform import Platform
from core.scheduling.deliveries import DeliveryStatus
from core.store.store import Store
from tests.conftest import FakeClock
from tests.fakes import FakeMessenger, add, channel_schedule


async def race(
    store: Store, content: Content, clock: FakeClock, lease: timedelta, stall: float, pause: float
) -> tuple[FakeMessenger, FakeMessenger]:
    """The first worker waits out a short rate hold; while it waits the clock moves on by
    `stall` seconds in four steps, each a real `pause` long (the first worker's lease keeper
    may run in it), and the second worker ticks after each step."""
    due = clock.now - timedelta(minutes=1)
    await add(store, channel_schedule(due, next_fire_at=due))
    messengers = FakeMessenger(), FakeMessenger()
    first, second = (
        Dispatcher(
            store,
            content,
            {Platform.CONSOLE: messenger},
            clock,
            policy=DispatchPolicy(lease=lease),
            rng=random.Random(1),
            worker=worker,
        )
        for messenger, worker in zip(messengers, ("first", "second"), strict=True)
    )

    async def wait_while_the_other_worker_ticks(seconds: float) -> None:
        for _ in range(4):
            clock.advance(seconds=stall / 4)
            await asyncio.sleep(pause)
            await second.tick()

    first.sender.sleep = wait_while_the_other_worker_ticks
    first.sender.holds[(Platform.CONSOLE, "workspace:local")] = clock.now + timedelta(seconds=0.5)
    await first.tick()
    return messengers


async def test_a_worker_stalled_past_its_lease_loses_the_claim_and_does_not_send(
    store: Store, content: Content, clock: FakeClock
) -> None:
    # The lease keeper never gets a turn in time: one step of the stall outlasts the lease.
    first, second = await race(store, content, clock, timedelta(minutes=2), stall=600, pause=0)
    assert first.posts == []
    assert len(second.posts) == 1
    assert second.calls[0].retry is True  # a take-over asks the platform's guard first
    (delivery,) = await store.deliveries.all()
    assert (delivery.status, delivery.claimed_by, delivery.attempts) == (
        DeliveryStatus.SENT,
        "second",
        2,
    )


async def test_a_live_worker_keeps_its_claim_through_a_wait_longer_than_the_lease(
    store: Store, content: Content, clock: FakeClock
) -> None:
    # 0.8 s of waiting against a 0.2 s lease, renewed by the keeper as it goes.
    lease = timedelta(seconds=0.2)
    first, second = await race(store, content, clock, lease, stall=0.8, pause=0.1)
    assert len(first.posts) == 1
    assert second.posts == []
    (delivery,) = await store.deliveries.all()
    assert (delivery.status, delivery.claimed_by, delivery.attempts) == (
        DeliveryStatus.SENT,
        "first",
        1,
    )
