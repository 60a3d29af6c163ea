"""A worker renews its claim before each retry, so a long wait never ends in two posts."""

from __future__ import annotations

import random
from datetime import timedelta

from core.content.loader import Content
from core.deliveries import DeliveryStatus
from core.dispatch import Dispatcher, DispatchPolicy
from core.messenger import RateLimited
from core.platform import Platform
from core.store.store import Store
from tests.conftest import FakeClock
from tests.fakes import FakeMessenger, add, channel_schedule

LEASE = timedelta(minutes=2)


async def race(
    store: Store, content: Content, clock: FakeClock, retry_after: float, waits: int
) -> tuple[FakeMessenger, FakeMessenger]:
    """The first worker is told to wait `waits` times; during each wait the second one ticks."""
    due = clock.now - timedelta(minutes=1)
    await add(store, channel_schedule(due, next_fire_at=due))
    messengers = FakeMessenger(), FakeMessenger()
    first, second = (
        Dispatcher(
            store,
            content,
            {Platform.CONSOLE: messenger},
            clock,
            policy=DispatchPolicy(lease=LEASE),
            rng=random.Random(1),
            worker=worker,
        )
        for messenger, worker in zip(messengers, ("first", "second"), strict=True)
    )
    messengers[0].fail(RateLimited(retry_after=retry_after), times=waits)

    async def wait_while_the_other_worker_ticks(seconds: float) -> None:
        clock.advance(seconds=seconds)
        await second.tick()

    first.sender.sleep = wait_while_the_other_worker_ticks
    await first.tick()
    return messengers


async def test_a_claim_lost_during_a_long_wait_is_not_sent_again(
    store: Store, content: Content, clock: FakeClock
) -> None:
    first, second = await race(store, content, clock, retry_after=600, waits=1)
    assert first.posts == []
    assert len(second.posts) == 1
    (delivery,) = await store.deliveries.all()
    assert (delivery.status, delivery.claimed_by) == (DeliveryStatus.SENT, "second")


async def test_waits_shorter_than_the_lease_keep_the_claim(
    store: Store, content: Content, clock: FakeClock
) -> None:
    # 270 s of waiting in all, more than the lease, but renewed before each retry.
    first, second = await race(store, content, clock, retry_after=90, waits=3)
    assert len(first.posts) == 1
    assert second.posts == []
