"""The floor a dispatcher tick stands on: the same four statements a tick cannot do without,
issued as plain SQL through the same engine and driver, batch after batch, with nothing
around them (no domain objects, no composing, no leases, no sending). Per batch: select what
is due, claim it (insert its delivery rows), move each schedule to its next occurrence, and
mark each delivery sent."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from sqlalchemy import Table, bindparam, select, tuple_, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncEngine

from core.scheduling.deliveries import DeliveryStatus
from core.store.tables import Base

SCHEDULES: Table = Base.metadata.tables["schedules"]
DELIVERIES: Table = Base.metadata.tables["deliveries"]


async def raw_tick(engine: AsyncEngine, now: datetime, batch: int) -> int:
    """Every due schedule through the four statements; how many were marked sent. Built with
    SQLAlchemy Core (so that each backend gets its own date format), executed as they are."""
    dialect = postgresql if engine.dialect.name == "postgresql" else sqlite
    s, d = SCHEDULES.c, DELIVERIES.c
    advance = (
        update(SCHEDULES)
        .where(s.id == bindparam("b_id"), s.next_fire_at == bindparam("b_was"))
        .values(next_fire_at=bindparam("b_then"))
    )
    mark_sent = (
        update(DELIVERIES)
        .where(d.id == bindparam("b_id"))
        .values(status=DeliveryStatus.SENT, message_id=bindparam("b_message"), finished_at=now)
    )
    after_at, after_id, sent = datetime(1970, 1, 1, tzinfo=now.tzinfo), 0, 0
    while True:
        due = (
            select(s.id, s.next_fire_at)
            .where(
                s.paused.is_(False),
                s.next_fire_at <= now,
                tuple_(s.next_fire_at, s.id) > (after_at, after_id),
            )
            .order_by(s.next_fire_at, s.id)
            .limit(batch)
        )
        async with engine.connect() as connection:
            found = (await connection.execute(due)).all()
        if not found:
            return sent
        claim = (
            dialect.insert(DELIVERIES)
            .values(
                [
                    {
                        "schedule_id": schedule_id,
                        "local_date": now.date(),
                        "fire_at": fire_at,
                        "status": DeliveryStatus.CLAIMED,
                        "late": False,
                        "attempts": 1,
                        "claimed_by": "raw",
                        "claimed_at": now,
                        "guard_key": uuid.uuid4().hex[:32],
                        "maybe_sent": False,
                    }
                    for schedule_id, fire_at in found
                ]
            )
            .on_conflict_do_nothing()
            .returning(d.id)
        )
        moves = [
            {"b_id": schedule_id, "b_was": fire_at, "b_then": fire_at + timedelta(days=1)}
            for schedule_id, fire_at in found
        ]
        async with engine.begin() as connection:
            claimed = list((await connection.execute(claim)).scalars())
            await connection.execute(advance, moves)
        async with engine.begin() as connection:
            await connection.execute(
                mark_sent, [{"b_id": i, "b_message": f"m{i}"} for i in claimed]
            )
        sent += len(claimed)
        after_at, after_id = found[-1][1], found[-1][0]
        if len(found) < batch:
            return sent
