"""A worker renews its claim before each retry, so a long wait never ends in two posts."""

from __future__ import annotations

import random
from datetime import timedelta

from core.content.loader import Content
from core.dispatch import Dispatcher, DispatchPolicy
from core.messenger import RateLimited
from core.store.repository import Store
from core.store.tables import DeliveryStatus
from tests.conftest import FakeClock
from tests.fakes import FakeMessenger, add, channel_schedule

LEASE = timedelta(minutes=2)


def dispatcher(
    store: Store, content: Content, clock: FakeClock, messenger: FakeMessenger, worker: str
) -> Dispatcher:
    return Dispatcher(
        store,
        content,
        {"console": messenger},
        clock,
        policy=DispatchPolicy(lease=LEASE),
        rng=random.Random(1),
        worker=worker,
    )


async def test_a_claim_lost_during_a_long_wait_is_not_sent_again(
    store: Store, content: Content, clock: FakeClock
) -> None:
    due = clock.now - timedelta(minutes=1)
    await add(store, channel_schedule(due, next_fire_at=due))
    first_messenger, second_messenger = FakeMessenger(), FakeMessenger()
    first_messenger.fail(RateLimited(retry_after=600))
    second = dispatcher(store, content, clock, second_messenger, "second")

    async def wait_while_the_other_worker_ticks(seconds: float) -> None:
        clock.advance(seconds=seconds)
        await second.tick()

    first = dispatcher(store, content, clock, first_messenger, "first")
    first.sleep = wait_while_the_other_worker_ticks
    await first.tick()

    assert len(first_messenger.posts) == 0
    assert len(second_messenger.posts) == 1
    (delivery,) = await store.deliveries()
    assert (delivery.status, delivery.claimed_by) == (DeliveryStatus.SENT, "second")


async def test_waits_shorter_than_the_lease_keep_the_claim(
    store: Store, content: Content, clock: FakeClock
) -> None:
    due = clock.now - timedelta(minutes=1)
    await add(store, channel_schedule(due, next_fire_at=due))
    first_messenger, second_messenger = FakeMessenger(), FakeMessenger()
    first_messenger.fail(RateLimited(retry_after=90), times=3)
    second = dispatcher(store, content, clock, second_messenger, "second")

    async def wait_while_the_other_worker_ticks(seconds: float) -> None:
        clock.advance(seconds=seconds)
        await second.tick()

    first = dispatcher(store, content, clock, first_messenger, "first")
    first.sleep = wait_while_the_other_worker_ticks
    await first.tick()

    # 270 s of waiting in all, more than the lease, but renewed before each retry.
    assert len(first_messenger.posts) == 1
    assert second_messenger.posts == []
