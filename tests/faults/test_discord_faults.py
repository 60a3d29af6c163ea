"""The Discord side of the faults: `prepbot run` replicas on PostgreSQL against the fake
Discord (REST and gateway), through a minute of 503s on every post and a kill -9 mid fan-out.
Each ends with every due post delivered exactly once, counted on the fake's side."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import aiohttp
import pytest

from core.kernel.platform import Platform
from core.scheduling.recurrence import ALL_DAYS, Recurrence
from core.scheduling.schedules import NewSchedule, ScheduleKind
from core.store.database import create_engine
from core.store.store import Store
from tests.bot.discord_adapter import payloads
from tests.bot.discord_adapter.fake_discord import FakeDiscord
from tests.faults.cluster import (
    all_recorded_sent,
    free_port,
    kill_all,
    replica_env,
    spawn,
    until,
)
from tests.postgres import fresh_postgres

pytestmark = pytest.mark.faults
CHANNELS = 60


@dataclass
class Replica:
    process: asyncio.subprocess.Process
    health: int
    log: Path


@dataclass
class DiscordCluster:
    fake: FakeDiscord
    database_url: str
    folder: Path
    replicas: list[Replica] = field(default_factory=list)

    async def start(self, count: int) -> list[Replica]:
        started = [await self._spawn(f"d{len(self.replicas) + i}") for i in range(count)]
        self.replicas.extend(started)
        for replica in started:
            await self._ready(replica)
        return started

    async def _spawn(self, name: str) -> Replica:
        health = free_port()
        env = replica_env(
            self.database_url,
            self.folder / name,
            DISCORD_TOKEN="fake-bot-token",
            DISCORD_API_URL=self.fake.api_base,
            DISCORD_GATEWAY_URL=self.fake.gateway_url,
            DISCORD_RATE_PER_SECOND="1000",
            HEALTH_PORT=str(health),
        )
        log = self.folder / f"{name}.log"
        return Replica(await spawn(env, self.folder, log), health, log)

    async def _ready(self, replica: Replica, within: float = 60) -> None:
        deadline = time.monotonic() + within
        async with aiohttp.ClientSession() as http:
            while time.monotonic() < deadline:
                if replica.process.returncode is not None:
                    raise AssertionError(replica.log.read_text()[-3000:])
                try:
                    url = f"http://127.0.0.1:{replica.health}/readyz"
                    async with http.get(url) as response:
                        if response.status == 200:
                            return
                except aiohttp.ClientError:
                    pass
                await asyncio.sleep(0.2)
        raise AssertionError("never ready:\n" + replica.log.read_text()[-3000:])

    async def stop_all(self) -> None:
        await kill_all([replica.process for replica in self.replicas])

    async def add_due_schedules(self) -> set[str]:
        now = datetime.now(UTC)
        zone = ZoneInfo("UTC")
        targets = [str(910_000_000_000_000_000 + i) for i in range(CHANNELS)]
        schedules = [
            NewSchedule(
                platform=Platform.DISCORD, workspace=payloads.GUILD_ID,
                kind=ScheduleKind.CHANNEL, target=target, owner=payloads.USER_ID,
                recurrence=Recurrence(now.time().replace(second=0, microsecond=0), zone, ALL_DAYS),
                next_fire_at=now - timedelta(seconds=1), created_at=now,
            )
            for target in targets
        ]  # fmt: skip
        store = Store(create_engine(self.database_url))
        try:
            await store.schedules.add_many(schedules)
        finally:
            await store.close()
        return set(targets)

    def posts(self) -> Counter[str]:
        return Counter(str(m["channel_id"]) for m in self.fake.messages)


@pytest.fixture
async def cluster(tmp_path: Path) -> AsyncIterator[DiscordCluster]:
    fake = FakeDiscord()
    await fake.start()
    async with fresh_postgres() as url:
        running = DiscordCluster(fake, url, tmp_path)
        try:
            yield running
        finally:
            await running.stop_all()
            await fake.close()


def exactly_once(cluster: DiscordCluster, targets: set[str]) -> None:
    posts = cluster.posts()
    assert set(posts) == targets, "lost or misdirected"
    assert set(posts.values()) == {1}, "a channel got more than one post"


async def test_a_minute_of_503s_on_every_post_loses_nothing(cluster: DiscordCluster) -> None:
    await cluster.start(2)
    loop = asyncio.get_running_loop()
    cluster.fake.unavailable_until = loop.time() + 60
    targets = await cluster.add_due_schedules()
    await asyncio.sleep(55)
    assert cluster.posts() == Counter()  # nothing got through while Discord answered 503
    await until(lambda: set(cluster.posts()) >= targets, 60, "not every post arrived")
    exactly_once(cluster, targets)
    await all_recorded_sent(cluster.database_url)


async def test_kill_9_of_a_replica_mid_fan_out_loses_nothing(cluster: DiscordCluster) -> None:
    replicas = await cluster.start(2)
    cluster.fake.post_latency = 0.1
    targets = await cluster.add_due_schedules()
    await until(lambda: len(cluster.posts()) >= 10, 30, "the fan-out never started")
    for replica in replicas:  # kill both mid fan-out, then start a fresh one
        replica.process.kill()
        await replica.process.wait()
    assert len(cluster.posts()) < CHANNELS, "the fan-out ended before the kill"
    await cluster.start(1)
    await until(lambda: set(cluster.posts()) >= targets, 60, "not every post arrived")
    await asyncio.sleep(2)
    exactly_once(cluster, targets)
    await all_recorded_sent(cluster.database_url)
