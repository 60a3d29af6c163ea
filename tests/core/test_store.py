"""The store: migrations (the `prepbot db upgrade` path), and the compare-and-set operations the
dispatcher's exactly-once rests on."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, inspect, text
from sqlalchemy.ext.asyncio import AsyncEngine

from core.identity import UserKey
from core.store.database import create_engine, normalise_url, sqlite_url
from core.store.migrate import is_current, upgrade
from core.store.repository import Claim, Store
from core.store.tables import Base, DeliveryStatus, ScheduleKind
from tests.conftest import FakeClock
from tests.fakes import channel_schedule

TABLES = {"users", "schedules", "deliveries", "practice_history", "checkin_answers", "fit_results"}
NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)


@pytest.fixture
async def fresh(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    """An engine on a file that does not exist yet, as on a first run."""
    engine = create_engine(sqlite_url(tmp_path / "new" / "prepbot.sqlite3"))
    yield engine
    await engine.dispose()


def _schema(connection: Connection) -> dict[str, object]:
    inspector = inspect(connection)
    return {
        name: (
            sorted(c["name"] for c in inspector.get_columns(name)),
            sorted(str(i["name"]) for i in inspector.get_indexes(name)),
            sorted(str(u["column_names"]) for u in inspector.get_unique_constraints(name)),
        )
        for name in inspector.get_table_names()
    }


async def schema(engine: AsyncEngine) -> dict[str, object]:
    async with engine.connect() as connection:
        return await connection.run_sync(_schema)


async def test_upgrade_creates_the_tables_on_a_fresh_file(fresh: AsyncEngine) -> None:
    assert await is_current(fresh) is False
    await upgrade(fresh)
    assert set(await schema(fresh)) == TABLES | {"alembic_version"}
    assert await is_current(fresh) is True
    database = fresh.url.database
    assert database is not None
    assert await asyncio.to_thread(Path(database).is_file)


async def test_upgrade_twice_is_a_no_op_and_keeps_the_data(fresh: AsyncEngine) -> None:
    await upgrade(fresh)
    store = Store(fresh)
    await store.update_profile(UserKey("console", "local", "ada"), NOW, role="netflix-pm")
    before = await schema(fresh)
    async with fresh.connect() as connection:
        version = (await connection.execute(text("SELECT version_num FROM alembic_version"))).all()
    await upgrade(fresh)
    assert await schema(fresh) == before
    async with fresh.connect() as connection:
        assert (
            await connection.execute(text("SELECT version_num FROM alembic_version"))
        ).all() == version
    user = await store.user(UserKey("console", "local", "ada"))
    assert user is not None
    assert user.target_role == "netflix-pm"
    assert await is_current(fresh) is True


async def test_the_migrations_match_the_models(store: Store) -> None:
    def differences(connection: Connection) -> list[object]:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, Base.metadata))

    async with store.engine.connect() as connection:
        assert await connection.run_sync(differences) == []


def test_urls_get_the_async_driver() -> None:
    assert normalise_url("postgres://u@h/db") == "postgresql+asyncpg://u@h/db"
    assert normalise_url("postgresql://u:p@h:5432/db") == "postgresql+asyncpg://u:p@h:5432/db"
    assert normalise_url("sqlite:///x.db") == "sqlite+aiosqlite:///x.db"


async def test_foreign_keys_are_enforced_on_sqlite(store: Store) -> None:
    async with store.engine.connect() as connection:
        assert (await connection.execute(text("PRAGMA foreign_keys"))).scalar() == 1
        assert (await connection.execute(text("PRAGMA journal_mode"))).scalar() == "wal"


# the compare-and-set operations ------------------------------------------------------------


async def test_a_claim_inserts_only_occurrences_nobody_has_claimed(
    store: Store, clock: FakeClock
) -> None:
    a = await store.add_schedule(channel_schedule(clock.now, target="a"))
    b = await store.add_schedule(channel_schedule(clock.now, target="b"))
    today = date(2026, 11, 23)
    first = await store.claim(
        [Claim(a.id, today, a.next_fire_at, False, "q1")], DeliveryStatus.CLAIMED, "w1", NOW
    )
    assert list(first) == [a.id]
    second = await store.claim(
        [
            Claim(a.id, today, a.next_fire_at, False, "q2"),
            Claim(b.id, today, b.next_fire_at, False, "q3"),
        ],
        DeliveryStatus.CLAIMED,
        "w2",
        NOW,
    )
    assert list(second) == [b.id]
    deliveries = await store.deliveries()
    assert [(d.schedule_id, d.claimed_by, d.question_id) for d in deliveries] == [
        (a.id, "w1", "q1"),
        (b.id, "w2", "q3"),
    ]
    assert first[a.id] == deliveries[0].id
    assert await store.claim([], DeliveryStatus.CLAIMED, "w3", NOW) == {}


async def test_advance_moves_a_schedule_only_from_where_it_was(
    store: Store, clock: FakeClock
) -> None:
    schedule = await store.add_schedule(channel_schedule(clock.now))
    was = schedule.next_fire_at
    await store.advance({schedule.id: (was, was + timedelta(days=1))})
    await store.advance({schedule.id: (was, was + timedelta(days=7))})  # a stale second mover
    moved = await store.schedule(schedule.id)
    assert moved is not None
    assert moved.next_fire_at == was + timedelta(days=1)


async def test_only_one_reclaim_of_an_expired_claim_wins(store: Store, clock: FakeClock) -> None:
    schedule = await store.add_schedule(channel_schedule(clock.now))
    await store.claim(
        [Claim(schedule.id, date(2026, 11, 23), schedule.next_fire_at, False, None)],
        DeliveryStatus.CLAIMED,
        "dead",
        NOW,
    )
    assert await store.expired_claims(NOW, 10) == []  # not expired yet
    later = NOW + timedelta(minutes=10)
    ((delivery, owner),) = await store.expired_claims(later - timedelta(minutes=5), 10)
    assert owner.id == schedule.id
    assert await store.reclaim(delivery, "a", later) is True
    assert await store.reclaim(delivery, "b", later) is False
    (row,) = await store.deliveries()
    assert (row.claimed_by, row.attempts, row.claimed_at) == ("a", 2, later)
    await store.finish(row.id, DeliveryStatus.SENT, later, message_id="m1")
    assert await store.expired_claims(later + timedelta(days=1), 10) == []


async def test_pause_and_resume_report_whether_they_changed_anything(
    store: Store, clock: FakeClock
) -> None:
    schedule = await store.add_schedule(channel_schedule(clock.now))
    assert await store.set_paused(schedule.id, "channel_not_found") is True
    assert await store.set_paused(schedule.id, "channel_not_found") is False
    assert await store.due(NOW + timedelta(days=2), 10, ["console"]) == []
    upcoming = NOW + timedelta(days=3)
    assert await store.set_paused(schedule.id, None, upcoming) is True
    assert await store.set_paused(schedule.id, None, upcoming) is False
    resumed = await store.schedule(schedule.id)
    assert resumed is not None
    assert (resumed.paused, resumed.pause_reason, resumed.next_fire_at) == (False, None, upcoming)


async def test_due_is_ordered_limited_and_scoped_to_the_platforms_served(
    store: Store, clock: FakeClock
) -> None:
    for minute, platform in [(5, "console"), (1, "console"), (3, "slack"), (2, "console")]:
        await store.add_schedule(
            channel_schedule(
                clock.now, platform=platform, next_fire_at=NOW + timedelta(minutes=minute)
            )
        )
    due = await store.due(NOW + timedelta(minutes=4), 10, ["console"])
    assert [s.next_fire_at.minute for s in due] == [1, 2]
    assert len(await store.due(NOW + timedelta(minutes=10), 2, ["console", "slack"])) == 2
    assert await store.due(NOW, 10, ["console"]) == []


async def test_a_snooze_is_taken_once(store: Store) -> None:
    key = UserKey("console", "local", "ada")
    until = NOW + timedelta(hours=1)
    await store.snooze(key, until, NOW)
    assert await store.due_snoozes(NOW, ["console"]) == []
    (user,) = await store.due_snoozes(until, ["console"])
    assert await store.take_snooze(user.id, until) is True
    assert await store.take_snooze(user.id, until) is False
    assert await store.due_snoozes(until, ["console"]) == []


async def test_datetimes_come_back_aware_and_in_utc(store: Store, clock: FakeClock) -> None:
    schedule = await store.add_schedule(channel_schedule(clock.now, timezone="Asia/Tokyo"))
    loaded = await store.schedule(schedule.id)
    assert loaded is not None
    assert loaded.next_fire_at.tzinfo is UTC
    assert loaded.next_fire_at == schedule.next_fire_at
    with pytest.raises(Exception, match="naive"):
        await store.add_schedule(
            channel_schedule(clock.now, next_fire_at=datetime(2026, 11, 24, 9))  # no tzinfo
        )


async def test_forget_removes_the_users_schedules_but_not_a_channel_that_shares_the_name(
    store: Store, clock: FakeClock
) -> None:
    ada = UserKey("console", "local", "ada")
    await store.ensure_user(ada, NOW)
    own = await store.add_schedule(channel_schedule(clock.now, target="study", owner="ada"))
    checkin = await store.add_schedule(
        channel_schedule(clock.now, target="ada", owner="ada", kind=ScheduleKind.CHECKIN)
    )
    # someone else's channel schedule, in a channel whose id happens to equal ada's user id
    theirs = await store.add_schedule(channel_schedule(clock.now, target="ada", owner="bob"))
    other_workspace = await store.add_schedule(
        channel_schedule(clock.now, owner="ada", workspace="elsewhere")
    )
    assert await store.forget(ada) == (True, 2)
    left = {s.id for s in await store.all_schedules()}
    assert own.id not in left
    assert checkin.id not in left
    assert {theirs.id, other_workspace.id} <= left
