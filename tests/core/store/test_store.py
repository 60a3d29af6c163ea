"""The store: migrations (the `prepbot db upgrade` path), and the compare-and-set operations the
dispatcher's exactly-once rests on."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, inspect, text
from sqlalchemy.ext.asyncio import AsyncEngine

from core.kernel.identity import UserKey
from core.kernel.platform import Platform
from core.practice.srs import Grade, Review, new_card, review
from core.scheduling.deliveries import Claim, DeliveryStatus, Fence, Outcome
from core.scheduling.schedules import Schedule, ScheduleKind, snooze
from core.store.database import create_engine, normalise_url, sqlite_url
from core.store.migrate import is_current, upgrade
from core.store.store import Store
from core.store.tables import Base, described_here
from tests.conftest import FakeClock
from tests.fakes import all_schedules, channel_schedule, due_at

TABLES = {
    *("users", "schedules", "deliveries", "practice_history", "checkin_answers", "fit_results"),
    *("cards", "reviews", "answers", "rate_holds", "rotations", "send_pace"),
    *("mocks", "pair_members", "pair_groups", "workspace_questions", "workspace_banks"),
    *("peer_feedback", "pair_rematches"),
    # slack_sdk's installation and OAuth state stores, and the Grid teams of the Slack adapter
    *("slack_installations", "slack_bots", "slack_oauth_states", "slack_teams"),
}
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
    await store.users.update_profile(
        UserKey(Platform.CONSOLE, "local", "ada"), NOW, role="netflix-pm"
    )
    before = await schema(fresh)
    async with fresh.connect() as connection:
        version = (await connection.execute(text("SELECT version_num FROM alembic_version"))).all()
    await upgrade(fresh)
    assert await schema(fresh) == before
    async with fresh.connect() as connection:
        assert (
            await connection.execute(text("SELECT version_num FROM alembic_version"))
        ).all() == version
    user = await store.users.user(UserKey(Platform.CONSOLE, "local", "ada"))
    assert user is not None
    assert user.target_role == "netflix-pm"
    assert await is_current(fresh) is True


async def test_the_migrations_match_the_models(store: Store) -> None:
    def differences(connection: Connection) -> list[object]:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_name": described_here}
        )
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
    a = await store.schedules.add(channel_schedule(clock.now, target="a"))
    b = await store.schedules.add(channel_schedule(clock.now, target="b"))
    today = date(2026, 11, 23)
    first = await store.deliveries.claim(
        [Claim(a.id, today, due_at(a), False, "q1")], DeliveryStatus.CLAIMED, "w1", NOW
    )
    assert list(first) == [a.id]
    second = await store.deliveries.claim(
        [
            Claim(a.id, today, due_at(a), False, "q2"),
            Claim(b.id, today, due_at(b), False, "q3"),
        ],
        DeliveryStatus.CLAIMED,
        "w2",
        NOW,
    )
    assert list(second) == [b.id]
    deliveries = await store.deliveries.all()
    assert [(d.schedule_id, d.claimed_by, d.question_id) for d in deliveries] == [
        (a.id, "w1", "q1"),
        (b.id, "w2", "q3"),
    ]
    assert first[a.id] == deliveries[0].id
    assert await store.deliveries.claim([], DeliveryStatus.CLAIMED, "w3", NOW) == {}


async def test_advance_moves_a_schedule_only_from_where_it_was(
    store: Store, clock: FakeClock
) -> None:
    schedule = await store.schedules.add(channel_schedule(clock.now))
    was = due_at(schedule)
    await store.deliveries.advance({schedule.id: (was, was + timedelta(days=1))})
    await store.deliveries.advance(
        {schedule.id: (was, was + timedelta(days=7))}
    )  # a stale second mover
    moved = await store.schedules.get(schedule.id)
    assert moved is not None
    assert moved.next_fire_at == was + timedelta(days=1)


async def test_only_one_reclaim_of_an_expired_claim_wins(store: Store, clock: FakeClock) -> None:
    schedule = await store.schedules.add(channel_schedule(clock.now))
    await store.deliveries.claim(
        [Claim(schedule.id, date(2026, 11, 23), due_at(schedule), False, None)],
        DeliveryStatus.CLAIMED,
        "dead",
        NOW,
    )
    assert await store.deliveries.expired_claims(NOW, 10) == []  # not expired yet
    later = NOW + timedelta(minutes=10)
    ((delivery, owner),) = await store.deliveries.expired_claims(later - timedelta(minutes=5), 10)
    assert owner.id == schedule.id
    fence = await store.deliveries.reclaim(delivery, "a", later)
    assert fence == Fence(delivery.id, "a", 2)
    assert await store.deliveries.reclaim(delivery, "b", later) is None
    (row,) = await store.deliveries.all()
    assert (row.claimed_by, row.attempts, row.claimed_at) == ("a", 2, later)
    # the dead worker's late outcome is fenced off; the new owner's is recorded
    await store.deliveries.settle([Outcome(delivery.fence, DeliveryStatus.FAILED, later)])
    assert (await store.deliveries.all())[0].status is DeliveryStatus.CLAIMED
    await store.deliveries.settle([Outcome(fence, DeliveryStatus.SENT, later, "m1")])
    assert (await store.deliveries.all())[0].status is DeliveryStatus.SENT
    assert await store.deliveries.expired_claims(later + timedelta(days=1), 10) == []


async def test_pause_and_resume_report_whether_they_changed_anything(
    store: Store, clock: FakeClock
) -> None:
    schedule = await store.schedules.add(channel_schedule(clock.now))
    assert await store.schedules.set_paused(schedule.id, "channel_not_found") is True
    assert await store.schedules.set_paused(schedule.id, "channel_not_found") is False
    assert await store.deliveries.due(NOW + timedelta(days=2), 10, [Platform.CONSOLE]) == []
    upcoming = NOW + timedelta(days=3)
    assert await store.schedules.set_paused(schedule.id, None, upcoming) is True
    assert await store.schedules.set_paused(schedule.id, None, upcoming) is False
    resumed = await store.schedules.get(schedule.id)
    assert resumed is not None
    assert (resumed.paused, resumed.pause_reason, resumed.next_fire_at) == (False, None, upcoming)


async def test_due_is_ordered_limited_and_scoped_to_the_platforms_served(
    store: Store, clock: FakeClock
) -> None:
    for minute, platform in [
        (5, Platform.CONSOLE),
        (1, Platform.CONSOLE),
        (3, Platform.SLACK),
        (2, Platform.CONSOLE),
    ]:
        await store.schedules.add(
            channel_schedule(
                clock.now, platform=platform, next_fire_at=NOW + timedelta(minutes=minute)
            )
        )
    due = await store.deliveries.due(NOW + timedelta(minutes=4), 10, [Platform.CONSOLE])
    assert [due_at(s).minute for s in due] == [1, 2]
    assert (
        len(
            await store.deliveries.due(
                NOW + timedelta(minutes=10), 2, [Platform.CONSOLE, Platform.SLACK]
            )
        )
        == 2
    )
    assert await store.deliveries.due(NOW, 10, [Platform.CONSOLE]) == []


async def test_due_in_batches_starts_each_batch_where_the_last_ended(
    store: Store, clock: FakeClock
) -> None:
    """Five due at the same instant and two at another: batches of two, each after the
    last one's (time, id), cover all seven once, in order, though none has moved on."""
    fire_times = [3, 1, 1, 3, 1, 1, 1]
    for minute in fire_times:
        await store.schedules.add(
            channel_schedule(clock.now, next_fire_at=NOW + timedelta(minutes=minute))
        )
    seen: list[Schedule] = []
    batch = await store.deliveries.due(NOW + timedelta(minutes=5), 2, [Platform.CONSOLE])
    while batch:
        seen += batch
        batch = await store.deliveries.due(
            NOW + timedelta(minutes=5), 2, [Platform.CONSOLE], after=batch[-1]
        )
    assert [(due_at(s).minute, s.id) for s in seen] == sorted(
        (due_at(s).minute, s.id) for s in seen
    )
    assert sorted(due_at(s).minute for s in seen) == sorted(fire_times)
    assert len({s.id for s in seen}) == 7


async def test_a_snooze_fires_once_then_retires(store: Store) -> None:
    key = UserKey(Platform.CONSOLE, "local", "ada")
    until = NOW + timedelta(hours=1)
    added = await store.schedules.add(snooze(key, until, ZoneInfo("Europe/Berlin"), NOW))
    assert await store.deliveries.due(NOW, 10, [Platform.CONSOLE]) == []
    (due,) = await store.deliveries.due(until, 10, [Platform.CONSOLE])
    assert (due.id, due.kind, due.recurrence.at) == (added.id, ScheduleKind.SNOOZE, time(10, 0))
    assert due.following(until) is None
    await store.deliveries.advance({due.id: (until, due.following(until))})
    assert await store.deliveries.due(until + timedelta(days=2), 10, [Platform.CONSOLE]) == []


async def test_datetimes_come_back_aware_and_in_utc(store: Store, clock: FakeClock) -> None:
    schedule = await store.schedules.add(channel_schedule(clock.now, timezone="Asia/Tokyo"))
    loaded = await store.schedules.get(schedule.id)
    assert loaded is not None
    assert due_at(loaded).tzinfo is UTC
    assert loaded.next_fire_at == schedule.next_fire_at
    with pytest.raises(Exception, match="naive"):
        await store.schedules.add(
            channel_schedule(clock.now, next_fire_at=datetime(2026, 11, 24, 9))  # no tzinfo
        )


async def test_forget_removes_the_users_schedules_but_not_a_channel_that_shares_the_name(
    store: Store, clock: FakeClock
) -> None:
    ada = UserKey(Platform.CONSOLE, "local", "ada")
    await store.users.update_profile(ada, NOW)
    own = await store.schedules.add(channel_schedule(clock.now, target="study", owner="ada"))
    checkin = await store.schedules.add(
        channel_schedule(clock.now, target="ada", owner="ada", kind=ScheduleKind.CHECKIN)
    )
    # someone else's channel schedule, in a channel whose id happens to equal ada's user id
    theirs = await store.schedules.add(channel_schedule(clock.now, target="ada", owner="bob"))
    other_workspace = await store.schedules.add(
        channel_schedule(clock.now, owner="ada", workspace="elsewhere")
    )
    assert await store.users.forget(ada) == (True, 2)
    left = {s.id for s in await all_schedules(store)}
    assert own.id not in left
    assert checkin.id not in left
    assert {theirs.id, other_workspace.id} <= left


async def test_a_graded_question_counts_as_a_day_practised_beside_a_check_in_marked_done(
    store: Store,
) -> None:
    ada = UserKey(Platform.CONSOLE, "local", "ada")
    for day, times in ((23, 3), (24, 2)):  # five questions graded over two days, no check-in
        for n in range(times):
            now = datetime(2026, 11, day, 9, tzinfo=UTC)
            qid = f"q{day}-{n}"
            card = review(new_card(qid, "execution", now), Grade.GOOD, now)
            entry = Review(qid, "execution", 0, Grade.GOOD, now, now.date(), 2.3, card.due)
            assert await store.cards.record(ada, card, entry, "execution", now)
    await store.users.record_practice(ada, "q9", datetime(2026, 11, 22, 9, tzinfo=UTC))
    # asked on the 22nd but never graded: not a day practised
    assert await store.users.done_since(ada, date(2026, 11, 22)) == 2
    await store.users.answer_checkin(
        ada, date(2026, 11, 25), "done", datetime(2026, 11, 25, 20, tzinfo=UTC), changeable=True
    )
    assert await store.users.done_since(ada, date(2026, 11, 23)) == 3
    assert await store.users.done_since(ada, date(2026, 11, 25)) == 1
