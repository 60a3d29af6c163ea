"""Every lookup a dispatcher tick makes is served by an index: the tick's SELECTs, replayed
under SQLite's EXPLAIN QUERY PLAN, scan no table from end to end."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from typing import Any

from sqlalchemy import event

from core.content.loader import Content
from core.dispatch import Dispatcher
from core.platform import Platform
from core.schedules import ScheduleKind
from core.store.store import Store
from tests.conftest import FakeClock
from tests.fakes import FakeMessenger, add, channel_schedule

# Tables small by nature, or read whole on purpose, which a scan is fine for.
SMALL = {"rate_holds", "alembic_version"}


async def test_a_tick_reads_every_table_through_an_index(
    store: Store, clock: FakeClock, content: Content
) -> None:
    nine = clock.now + timedelta(hours=1)
    for i in range(3):
        await add(store, channel_schedule(clock.now, target=f"c{i}", next_fire_at=nine))
    await add(
        store,
        channel_schedule(clock.now, target="ada", owner="ada", kind=ScheduleKind.CHECKIN),
    )
    statements: list[tuple[str, Any]] = []

    def record(conn: Any, cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append((statement, parameters))

    event.listen(store.engine.sync_engine, "before_cursor_execute", record)
    messenger = FakeMessenger()
    clock.now = nine + timedelta(seconds=5)
    dispatcher = Dispatcher(store, content, {Platform.CONSOLE: messenger}, clock)
    assert (await dispatcher.tick()).sent == 4  # three channels and the check-in
    clock.advance(days=1)
    await dispatcher.tick()  # a second morning: rotation state, history, expired claims
    event.remove(store.engine.sync_engine, "before_cursor_execute", record)
    assert statements, "the tick issued no query (else this shows nothing)"

    database = store.engine.url.database
    assert database is not None
    with sqlite3.connect(database) as connection:
        scans = []
        for statement, parameters in statements:
            plan = connection.execute(f"EXPLAIN QUERY PLAN {statement}", parameters).fetchall()
            for *_, detail in plan:
                words = str(detail).split()
                if (
                    words[:2] == ["SCAN", words[1]]
                    and words[1] not in SMALL
                    and ("USING" not in words)
                ):
                    scans.append(f"{detail} in: {' '.join(statement.split())[:160]}")
    assert scans == []
