"""Faults as an operator meets them: `prepbot run` replicas on one PostgreSQL against the fake
Slack, through an outage, a storm of 429s, kill -9, a lease shorter than the fan-out, SIGTERM,
and a first start together on an empty database. Each ends with every due post delivered
exactly once, counted on the fake's side. Skipped, saying why, without PostgreSQL."""

from __future__ import annotations

import asyncio
import signal
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.bot.slack_adapter.fake_slack import FakeSlack
from tests.faults.cluster import Cluster, all_recorded_sent, stop, until
from tests.postgres import fresh_postgres

pytestmark = pytest.mark.faults


@pytest.fixture
async def cluster(tmp_path: Path) -> AsyncIterator[Cluster]:
    fake = FakeSlack()
    await fake.start()
    async with fresh_postgres() as url:
        running = Cluster(fake, url, tmp_path)
        try:
            yield running
        finally:
            await running.stop_all()
            await fake.stop()


async def test_a_minute_long_outage_loses_nothing_and_doubles_nothing(cluster: Cluster) -> None:
    # A lease long enough that a replica starved of CPU for a few seconds (other suites run
    # beside this one) keeps its claims: a take-over is another test's subject.
    await cluster.start(2, LEASE_SECONDS="15")
    await cluster.fake.go_down()  # connections refused
    targets = await cluster.add_due_schedules()
    await asyncio.sleep(40)
    loop = asyncio.get_running_loop()
    cluster.fake.unavailable_until = loop.time() + 20  # then every call answers 503
    await cluster.fake.come_up()
    await asyncio.sleep(20)
    assert cluster.posted_to() == set()  # nothing got through during the outage
    await cluster.delivered(targets, within=60)
    cluster.assert_exactly_once(targets)
    await all_recorded_sent(cluster.database_url)
    # neither a refused connection nor a 503 can have posted: no history call was needed
    assert cluster.fake.calls_to("conversations.history") == []


async def test_thirty_seconds_of_429_on_every_post_lose_nothing(cluster: Cluster) -> None:
    await cluster.start(2)
    loop = asyncio.get_running_loop()
    cluster.fake.throttled_until = loop.time() + 30
    cluster.fake.throttle_retry_after = 5
    targets = await cluster.add_due_schedules()
    await cluster.delivered(targets, within=60)
    assert loop.time() >= cluster.fake.throttled_until  # none got through the storm
    cluster.assert_exactly_once(targets)
    # a 429 holds the whole workspace back on both replicas, so they asked a few times per
    # Retry-After window rather than retrying each of the 220 posts on its own
    assert 0 < cluster.fake.answered_429 < 150, cluster.fake.answered_429


async def test_kill_9_of_the_sending_replica_mid_fan_out(cluster: Cluster) -> None:
    first, second = await cluster.start(2)
    cluster.fake.post_latency = 0.03
    targets = await cluster.add_due_schedules()
    await until(lambda: len(cluster.posted_to()) >= 40, 30, "the fan-out never started")
    holders = await cluster.claim_holders()
    sender = next(r for r in (first, second) if r.pid in holders)
    sender.process.kill()
    await sender.process.wait()
    await cluster.delivered(targets, within=60)  # the survivor takes over after the lease
    cluster.assert_exactly_once(targets)
    await all_recorded_sent(cluster.database_url)


async def test_three_replicas_with_a_lease_shorter_than_the_fan_out(cluster: Cluster) -> None:
    await cluster.start(3, LEASE_SECONDS="1", SEND_CONCURRENCY="4")
    cluster.fake.post_latency = 0.04  # about three seconds of sending, three leases long
    targets = await cluster.add_due_schedules()
    await cluster.delivered(targets, within=60)
    await asyncio.sleep(3)  # any take-over would have happened by now
    cluster.assert_exactly_once(targets)
    await all_recorded_sent(cluster.database_url)


async def test_sigterm_mid_fan_out_exits_cleanly_and_hands_the_rest_over(
    cluster: Cluster,
) -> None:
    first, second = await cluster.start(2)
    cluster.fake.post_latency = 0.03
    targets = await cluster.add_due_schedules()
    await until(lambda: len(cluster.posted_to()) >= 40, 30, "the fan-out never started")
    holders = await cluster.claim_holders()
    sender = next(r for r in (first, second) if r.pid in holders)
    code, took = await stop(sender, signal.SIGTERM)
    assert (code, took < 10) == (0, True), sender.log.read_text()[-2000:]
    await cluster.delivered(targets, within=30)
    cluster.assert_exactly_once(targets)
    await all_recorded_sent(cluster.database_url)


async def test_replicas_started_together_on_an_empty_database_all_come_up(
    cluster: Cluster,
) -> None:
    replicas = await cluster.start(3)
    assert all(r.process.returncode is None for r in replicas)
    targets = await cluster.add_due_schedules()
    await cluster.delivered(targets, within=30)
    cluster.assert_exactly_once(targets)
