"""Every lookup a dispatcher tick makes is served by an index: the tick's SELECTs, replayed
under SQLite's EXPLAIN QUERY PLAN and under PostgreSQL's EXPLAIN (sequential scans and sorts
turned off, so that one left in the plan is one no index can replace), scan no table from end
to end, and the batches of what is due come out of the index in order, with no sort."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from typing import Any

from sqlalchemy import event

from core.content.loader import Content
from core.dispatch.dispatcher import Dispatcher
from core.dispatch.policy import DispatchPolicy
from core.kernel.platform import Platform
from core.scheduling.schedules import ScheduleKind
from core.store.database import create_engine
from core.store.migrate import upgrade
from core.store.store import Store
from tests.conftest import FakeClock
from tests.fakes import FakeMessenger, add, channel_schedule
from tests.postgres import fresh_postgres

# Tables small by nature, or read whole on purpose, which a scan is fine for.
SMALL = {"rate_holds", "alembic_version", "send_paces"}
Statement = tuple[str, Any]


async def _a_ticks_selects(store: Store, clock: FakeClock, content: Content) -> list[Statement]:
    """Two mornings of ticks over three channels and a check-in, two schedules a batch (so
    that a batch starts where the last one ended); every SELECT they issued."""
    nine = clock.now + timedelta(hours=1)
    for i in range(3):
        await add(store, channel_schedule(clock.now, target=f"c{i}", next_fire_at=nine))
    await add(
        store,
        channel_schedule(clock.now, target="ada", owner="ada", kind=ScheduleKind.CHECKIN),
    )
    statements: list[Statement] = []

    def record(conn: Any, cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append((statement, parameters))

    event.listen(store.engine.sync_engine, "before_cursor_execute", record)
    clock.now = nine + timedelta(seconds=5)
    policy = DispatchPolicy(batch=2)
    dispatcher = Dispatcher(
        store, content, {Platform.CONSOLE: FakeMessenger()}, clock, policy=policy
    )
    assert (await dispatcher.tick()).sent == 4  # three channels and the check-in
    clock.advance(days=1)
    await dispatcher.tick()  # a second morning: rotation state, history, expired claims
    event.remove(store.engine.sync_engine, "before_cursor_execute", record)
    assert statements, "the tick issued no query (else this shows nothing)"
    return statements


def _finds_due(statement: str) -> bool:
    return "FROM schedules" in statement and "next_fire_at <=" in statement


async def test_a_tick_reads_every_table_through_an_index_on_sqlite(
    store: Store, clock: FakeClock, content: Content
) -> None:
    statements = await _a_ticks_selects(store, clock, content)
    database = store.engine.url.database
    assert database is not None
    scans, sorts = [], []
    with sqlite3.connect(database) as connection:
        for statement, parameters in statements:
            plan = connection.execute(f"EXPLAIN QUERY PLAN {statement}", parameters).fetchall()
            for *_, detail in plan:
                words = str(detail).split()
                if (
                    words[:2] == ["SCAN", words[1]]
                    and words[1] not in SMALL
                    and "USING" not in words
                ):
                    scans.append(f"{detail} in: {' '.join(statement.split())[:160]}")
                if _finds_due(statement) and "TEMP B-TREE" in str(detail):
                    sorts.append(str(detail))
    assert scans == []
    assert sorts == []
    assert sum("(schedules.next_fire_at, schedules.id) >" in s for s, _ in statements) >= 1


async def test_a_tick_reads_every_table_through_an_index_on_postgresql(
    clock: FakeClock, content: Content
) -> None:
    async with fresh_postgres() as url:
        engine = create_engine(url)
        await upgrade(engine)
        store = Store(engine)
        try:
            statements = await _a_ticks_selects(store, clock, content)
            scans, sorts = [], []
            async with engine.connect() as connection:
                await connection.exec_driver_sql("SET enable_seqscan = off")
                await connection.exec_driver_sql("SET enable_sort = off")
                for statement, parameters in statements:
                    result = await connection.exec_driver_sql(f"EXPLAIN {statement}", parameters)
                    plan = "\n".join(row[0] for row in result)
                    for line in plan.splitlines():
                        if (
                            "Seq Scan on" in line
                            and line.split("Seq Scan on ")[1].split()[0] not in SMALL
                        ):
                            scans.append(f"{line.strip()} in: {' '.join(statement.split())[:160]}")
                    if _finds_due(statement) and "Sort" in plan:
                        sorts.append(plan)
            assert scans == []
            assert sorts == []
        finally:
            await store.close()
