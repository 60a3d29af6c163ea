"""Real `prepbot run` processes in Slack HTTP mode on one PostgreSQL, against the fake Slack
running in the test: started, killed, signalled, and watched from the fake's side."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from core.kernel.platform import Platform
from core.scheduling.deliveries import Delivery, DeliveryStatus
from core.scheduling.recurrence import ALL_DAYS, Recurrence
from core.scheduling.schedules import NewSchedule, ScheduleKind
from core.store.database import create_engine
from core.store.store import Store
from tests.bot.slack_adapter.fake_slack import BOT_TOKEN, TEAM, FakeSlack

SIGNING_SECRET = "fault-suite-signing-secret"
CHANNELS, CHECKINS = 200, 20
# Settings the replicas share: quick ticks and back-offs, so that a fault plays out in seconds.
BASE_ENV = {
    "TICK_SECONDS": "0.5",
    "LEASE_SECONDS": "4",
    "GRACE_MINUTES": "120",
    "RETRY_BASE_SECONDS": "1",
    "RETRY_CAP_SECONDS": "8",
    "SEND_CONCURRENCY": "8",
    "LOG_LEVEL": "INFO",
}
_OURS = ("SLACK_", "DISCORD_", "DATABASE_URL", "DATA_DIR", "CONTENT_DIR", "HEALTH_PORT")


def replica_env(database_url: str, data_dir: Path, **settings: str) -> dict[str, str]:
    """This process's environment without any prepbot setting, then the suite's and these."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(_OURS)}
    env.update(BASE_ENV)
    env.update(settings)
    env.update(DATABASE_URL=database_url, DATA_DIR=str(data_dir))
    return env


async def spawn(env: dict[str, str], folder: Path, log: Path) -> asyncio.subprocess.Process:
    """`prepbot run` as a process of its own, its output in `log`."""
    with log.open("wb") as out:
        return await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot.cli", "run",
            env=env, cwd=folder, stdin=asyncio.subprocess.DEVNULL,
            stdout=out, stderr=asyncio.subprocess.STDOUT,
        )  # fmt: skip


async def kill_all(processes: list[asyncio.subprocess.Process]) -> None:
    for process in processes:
        if process.returncode is None:
            process.kill()
            await process.wait()


async def ledger(database_url: str) -> list[Delivery]:
    """Every delivery the replicas recorded."""
    store = Store(create_engine(database_url))
    try:
        return await store.deliveries.all()
    finally:
        await store.close()


async def all_recorded_sent(database_url: str, within: float = 30) -> None:
    """Until every delivery is recorded as sent. A post can arrive before its record:
    outcomes are written a group at a time, and a post a killed replica made is recorded by
    the one that takes its claim over, after the lease."""
    deadline = time.monotonic() + within
    while (statuses := {d.status for d in await ledger(database_url)}) != {DeliveryStatus.SENT}:
        if time.monotonic() > deadline:
            raise AssertionError(f"not all recorded as sent: {sorted(statuses)}")
        await asyncio.sleep(0.2)


@dataclass
class Replica:
    name: str
    process: asyncio.subprocess.Process
    port: int
    log: Path

    @property
    def pid(self) -> int:
        return self.process.pid

    async def ready(self, within: float = 60.0) -> None:
        """Until its Slack endpoint accepts connections (it starts after migrations)."""
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            if self.process.returncode is not None:
                raise AssertionError(f"{self.name} exited early:\n{self.log.read_text()[-3000:]}")
            try:
                _, writer = await asyncio.open_connection("127.0.0.1", self.port)
                writer.close()
                return
            except OSError:
                await asyncio.sleep(0.1)
        raise AssertionError(f"{self.name} never became ready:\n{self.log.read_text()[-3000:]}")


@dataclass
class Cluster:
    fake: FakeSlack
    database_url: str
    folder: Path
    env: dict[str, str] = field(default_factory=dict)
    replicas: list[Replica] = field(default_factory=list)

    async def start(self, count: int, **settings: str) -> list[Replica]:
        started = [await self._spawn(f"r{len(self.replicas) + i}", settings) for i in range(count)]
        self.replicas.extend(started)
        await asyncio.gather(*(r.ready() for r in started))
        return started

    async def _spawn(self, name: str, settings: dict[str, str]) -> Replica:
        port = free_port()
        env = replica_env(self.database_url, self.folder / name, **settings)
        env.update(
            SLACK_BOT_TOKEN=BOT_TOKEN,
            SLACK_SIGNING_SECRET=SIGNING_SECRET,
            SLACK_API_URL=self.fake.api_url,
            SLACK_PORT=str(port),
            SLACK_RATE_PER_SECOND="1",
        )
        log = self.folder / f"{name}.log"
        return Replica(name, await spawn(env, self.folder, log), port, log)

    async def stop_all(self) -> None:
        await kill_all([replica.process for replica in self.replicas])

    async def add_due_schedules(self) -> set[str]:
        """200 channel schedules and 20 check-ins, all due now; the targets posted to."""
        now = datetime.now(UTC)
        zone = ZoneInfo("UTC")
        at = now.astimezone(zone).time().replace(second=0, microsecond=0)
        schedules = []
        for i in range(CHANNELS + CHECKINS):
            checkin = i >= CHANNELS
            owner = f"U{i:04d}"
            target = owner if checkin else f"C{i:04d}"
            kind = ScheduleKind.CHECKIN if checkin else ScheduleKind.CHANNEL
            schedules.append(
                NewSchedule(
                    platform=Platform.SLACK, workspace=TEAM, kind=kind, target=target,
                    owner=owner, recurrence=Recurrence(at, zone, ALL_DAYS),
                    next_fire_at=now - timedelta(seconds=1), created_at=now,
                )
            )  # fmt: skip
        store = Store(create_engine(self.database_url))
        try:
            await store.schedules.add_many(schedules)
        finally:
            await store.close()
        # where the fake shows each: channels by id, check-ins in the user's direct message
        return {
            s.target if s.kind is ScheduleKind.CHANNEL else "D" + s.target[1:] for s in schedules
        }

    async def delivered(self, targets: set[str], within: float) -> None:
        """Until every target has a scheduled message, or the time is up."""
        await until(lambda: targets <= self.posted_to(), within, "not every post arrived")

    def posted_to(self) -> set[str]:
        return {
            channel
            for channel, messages in self.fake.messages.items()
            if any((m.get("metadata") or {}).get("event_type") for m in messages)
        }

    def assert_exactly_once(self, targets: set[str]) -> None:
        keys = self.fake.delivery_keys()
        assert len(keys) == len(set(keys)), "a delivery was posted twice"
        per_target = {
            channel: len([m for m in messages if m.get("metadata")])
            for channel, messages in self.fake.messages.items()
        }
        assert {t for t, n in per_target.items() if n} == targets, "lost or misdirected"
        assert set(per_target.values()) - {0} == {1}, "a target got more than one post"

    async def claim_holders(self) -> set[int]:
        """The process ids holding claims now (a worker's name carries its pid)."""
        held = await ledger(self.database_url)
        return {int(d.claimed_by.split(":")[1]) for d in held if d.status is DeliveryStatus.CLAIMED}


async def until(condition: Callable[[], bool], within: float, failure: str) -> None:
    deadline = time.monotonic() + within
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(failure)
        await asyncio.sleep(0.05)


async def stop(replica: Replica, how: signal.Signals) -> tuple[int, float]:
    """Signal a replica; its exit code and how long it took to exit."""
    started = time.monotonic()
    replica.process.send_signal(how)
    code = await asyncio.wait_for(replica.process.wait(), timeout=30)
    return code, time.monotonic() - started


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
