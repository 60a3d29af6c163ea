"""Two dispatchers at once, each with its own engine, over 500 due schedules: each is sent
exactly once. On a real PostgreSQL (a fresh database per test, dropped after; skipped with the
reason when no server answers) and on a SQLite file."""

from __future__ import annotations

import asyncio
import itertools
import random
from collections import Counter
from collections.abc import AsyncIterator
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection

from core.content.loader import Content
from core.dispatch.dispatcher import Dispatcher
from core.dispatch.policy import DispatchPolicy
from core.kernel.platform import Platform
from core.scheduling.deliveries import Claim, DeliveryStatus
from core.store.database import create_engine, sqlite_url
from core.store.migrate import is_current, upgrade
from core.store.store import Store
from core.store.tables import Base, described_here
from tests.conftest import FakeClock
from tests.fakes import FakeMessenger, all_schedules, channel_schedule
from tests.postgres import fresh_postgres

NINE = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
ZONES = ["UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Sydney"]
SCHEDULES = 500


@pytest.fixture
async def postgres_url() -> AsyncIterator[str]:
    async with fresh_postgres() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    if request.param == "sqlite":
        yield sqlite_url(tmp_path / "shared.sqlite3")
        return
    async with fresh_postgres() as url:
        yield url


@pytest.fixture
async def stores(database_url: str) -> AsyncIterator[tuple[Store, Store]]:
    """Two processes' stores on one migrated database: each its own engine and pool."""
    first = Store(create_engine(database_url))
    await upgrade(first.engine)
    second = Store(create_engine(database_url))
    yield first, second
    await first.close()
    await second.close()


async def test_two_dispatchers_at_once_send_each_of_500_due_schedules_exactly_once(
    stores: tuple[Store, Store], content: Content, clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    first_store, second_store = stores
    schedules = []
    for i, zone in zip(range(SCHEDULES), itertools.cycle(ZONES), strict=False):
        local = NINE.astimezone(ZoneInfo(zone))  # due now, at each zone's own wall time
        schedules.append(
            channel_schedule(
                NINE - timedelta(minutes=1), target=f"c{i}", timezone=zone,
                at=time(local.hour, local.minute), next_fire_at=NINE,
            )
        )  # fmt: skip
    await first_store.schedules.add_many(schedules)
    stored = await all_schedules(first_store)
    assert len(stored) == SCHEDULES

    lost = Counter[str]()
    for worker, store in (("a", first_store), ("b", second_store)):
        monkeypatch.setattr(store.deliveries, "claim", _counting_claims(store, worker, lost))
    messengers = {"a": FakeMessenger(), "b": FakeMessenger()}
    dispatchers = [
        Dispatcher(
            store, content, {Platform.CONSOLE: messengers[worker]}, clock,
            policy=DispatchPolicy(batch=100, concurrency=16), rng=random.Random(worker),
            worker=worker,
        )
        for worker, store in (("a", first_store), ("b", second_store))
    ]  # fmt: skip

    for day in range(2):  # two mornings, both workers ticking at the same moment
        clock.now = NINE + timedelta(days=day, seconds=3)
        reports = await asyncio.gather(*(d.tick() for d in dispatchers))
        assert sum(r.sent for r in reports) == SCHEDULES
        assert sum(r.failed + r.skipped for r in reports) == 0

    posts = messengers["a"].posts + messengers["b"].posts
    assert len(posts) == 2 * SCHEDULES
    keys = Counter(p.delivery_key for p in posts)
    assert max(keys.values()) == 1
    assert {p.target for p in posts} == {s.target for s in stored}
    deliveries = await first_store.deliveries.all()
    assert len(deliveries) == 2 * SCHEDULES
    assert {d.status for d in deliveries} == {DeliveryStatus.SENT}
    per_schedule = Counter(d.schedule_id for d in deliveries)
    assert set(per_schedule.values()) == {2}
    # the two really did contend for the same occurrences (else this shows nothing)
    assert sum(lost.values()) > 0, lost
    for s in await all_schedules(second_store):
        assert s.next_fire_at == NINE + timedelta(days=2)


def _counting_claims(store: Store, worker: str, lost: Counter[str]) -> Any:
    real = store.deliveries.claim

    async def claim(
        claims: list[Claim], status: DeliveryStatus, by: str, now: datetime
    ) -> dict[int, int]:
        won: dict[int, int] = await real(claims, status, by, now)
        lost[worker] += len(claims) - len(won)
        return won

    return claim


async def test_migrations_on_postgres_apply_once_and_match_the_models(
    postgres_url: str,
) -> None:
    engine = create_engine(postgres_url)
    try:
        assert await is_current(engine) is False
        await upgrade(engine)
        await upgrade(engine)
        assert await is_current(engine) is True

        def differences(connection: Connection) -> list[object]:
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "include_name": described_here}
            )
            return list(compare_metadata(context, Base.metadata))

        async with engine.connect() as connection:
            assert await connection.run_sync(differences) == []
    finally:
        await engine.dispose()


async def test_a_long_platform_error_is_recorded_and_pauses_the_schedule(
    stores: tuple[Store, Store], content: Content, clock: FakeClock
) -> None:
    """PostgreSQL enforces column lengths (SQLite does not): a platform's long error text must
    not make the outcome, or the pause, fail to be written."""
    store, _ = stores
    schedule = await store.schedules.add(channel_schedule(NINE - timedelta(minutes=1)))
    messenger = FakeMessenger()
    reason = "missing_scope: " + "chat:write " * 60
    messenger.permanent(reason, kind="channel")
    messenger.transient(times=10, target="ada")  # and the owner's notice fails too
    clock.now = NINE
    dispatcher = Dispatcher(store, content, {Platform.CONSOLE: messenger}, clock, worker="w")
    report = await dispatcher.tick()
    assert (report.failed, report.paused) == (1, [schedule.id])
    (delivery,) = await store.deliveries.all(schedule.id)
    assert delivery.status is DeliveryStatus.FAILED
    assert (delivery.error or "").startswith("missing_scope: chat:write")
    paused = await store.schedules.get(schedule.id)
    assert paused is not None
    assert paused.paused
    assert (paused.pause_reason or "").startswith("missing_scope")
