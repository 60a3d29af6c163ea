"""The delivery ledger on SQLAlchemy: what is due, claims and leases, outcomes, rotation history."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime

from sqlalchemy import bindparam, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from core.deliveries import Claim, Delivery, DeliveryStatus, Outcome, Target
from core.platform import Platform
from core.schedules import Schedule
from core.store import rows
from core.store.tables import Base, DeliveryRow, ScheduleRow

_POSTED = (DeliveryStatus.SENT, DeliveryStatus.CLAIMED)  # what counts as asked, for rotation


class DeliveryRepository:
    def __init__(self, engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession]) -> None:
        self.engine = engine
        self.sessions = sessions

    async def due(self, now: datetime, limit: int, platforms: Sequence[Platform]) -> list[Schedule]:
        async with self.sessions() as session:
            found = await session.scalars(
                select(ScheduleRow)
                .where(
                    ScheduleRow.paused.is_(False),
                    ScheduleRow.next_fire_at <= now,
                    ScheduleRow.platform.in_([p.value for p in platforms]),
                )
                .order_by(ScheduleRow.next_fire_at, ScheduleRow.id)
                .limit(limit)
            )
            return [rows.schedule(row) for row in found]

    async def claim(
        self, claims: Sequence[Claim], status: DeliveryStatus, worker: str, now: datetime
    ) -> dict[int, int]:
        """Insert deliveries, skipping occurrences already claimed; {schedule_id: delivery_id}
        for the ones this call inserted."""
        if not claims:
            return {}
        values = [
            {
                "schedule_id": c.schedule_id,
                "local_date": c.local_date,
                "fire_at": c.fire_at,
                "status": status,
                "late": c.late,
                "attempts": 1,
                "claimed_by": worker,
                "claimed_at": now,
                "question_id": c.question_id,
                "finished_at": now if status is DeliveryStatus.SKIPPED else None,
            }
            for c in claims
        ]
        dialect = postgresql if self.engine.dialect.name == "postgresql" else sqlite
        table = Base.metadata.tables[DeliveryRow.__tablename__]
        # One statement executed for every row ("insertmanyvalues": batched into multi-row
        # INSERTs, compiled once and cached), in a fixed order so that concurrent claimers
        # take the unique index's locks in the same order.
        statement = (
            dialect.insert(table)
            .on_conflict_do_nothing(index_elements=["schedule_id", "local_date"])
            .returning(table.c.schedule_id, table.c.id)
        )
        values.sort(key=lambda row: (row["schedule_id"], row["local_date"]))
        async with self.sessions.begin() as session:
            connection = await session.connection()
            result = await connection.execute(statement, values)
            return {schedule_id: delivery_id for schedule_id, delivery_id in result.all()}

    async def advance(self, moves: dict[int, tuple[datetime, datetime | None]]) -> None:
        """Move schedules on from the occurrence they were at (compare-and-set per schedule),
        in one statement executed for every schedule; None retires a one-off."""
        if not moves:
            return
        table = Base.metadata.tables[ScheduleRow.__tablename__]
        statement = (
            update(table)
            .where(table.c.id == bindparam("b_id"), table.c.next_fire_at == bindparam("b_was"))
            .values(next_fire_at=bindparam("b_then"))
        )
        params = [
            {"b_id": schedule_id, "b_was": was, "b_then": then}
            for schedule_id, (was, then) in sorted(moves.items())
        ]
        async with self.sessions.begin() as session:
            connection = await session.connection()
            await connection.execute(statement, params)

    async def expired_claims(
        self, before: datetime, limit: int, platforms: Sequence[Platform] | None = None
    ) -> list[tuple[Delivery, Schedule]]:
        """Claims never completed, on the platforms a process serves (else another
        platform's could fill the limit, and this process's would wait for ever)."""
        query = (
            select(DeliveryRow, ScheduleRow)
            .join(ScheduleRow, ScheduleRow.id == DeliveryRow.schedule_id)
            .where(DeliveryRow.status == DeliveryStatus.CLAIMED, DeliveryRow.claimed_at < before)
        )
        if platforms is not None:
            query = query.where(ScheduleRow.platform.in_([p.value for p in platforms]))
        async with self.sessions() as session:
            found = await session.execute(query.order_by(DeliveryRow.id).limit(limit))
            return [(rows.delivery(d), rows.schedule(s)) for d, s in found.all()]

    async def reclaim(self, delivery: Delivery, worker: str, now: datetime) -> bool:
        """Take over an expired claim; only one process gets True."""
        async with self.sessions.begin() as session:
            result = await session.execute(
                update(DeliveryRow)
                .where(
                    DeliveryRow.id == delivery.id,
                    DeliveryRow.status == DeliveryStatus.CLAIMED,
                    DeliveryRow.claimed_at == delivery.claimed_at,
                )
                .values(claimed_at=now, claimed_by=worker, attempts=DeliveryRow.attempts + 1)
            )
            return rows.rowcount(result) == 1

    async def renew(self, delivery_id: int, worker: str, now: datetime) -> bool:
        """Extend this worker's claim before a retry; False if the claim is no longer its own."""
        async with self.sessions.begin() as session:
            result = await session.execute(
                update(DeliveryRow)
                .where(
                    DeliveryRow.id == delivery_id,
                    DeliveryRow.status == DeliveryStatus.CLAIMED,
                    DeliveryRow.claimed_by == worker,
                )
                .values(claimed_at=now)
            )
            return rows.rowcount(result) == 1

    async def finish_many(self, outcomes: Sequence[Outcome]) -> None:
        """Record many deliveries' outcomes in one transaction."""
        if not outcomes:
            return
        table = Base.metadata.tables[DeliveryRow.__tablename__]
        statement = (
            update(table)
            .where(table.c.id == bindparam("b_id"))
            .values(
                status=bindparam("b_status"),
                message_id=bindparam("b_message_id"),
                error=bindparam("b_error"),
                finished_at=bindparam("b_finished_at"),
            )
        )
        params = [
            {
                "b_id": o.delivery_id,
                "b_status": o.status,
                "b_message_id": o.message_id,
                "b_error": rows.clip(o.error, rows.ERROR_LENGTH),
                "b_finished_at": o.finished_at,
            }
            for o in sorted(outcomes, key=lambda o: o.delivery_id)
        ]
        async with self.sessions.begin() as session:
            connection = await session.connection()
            await connection.execute(statement, params)

    async def all(self, schedule_id: int | None = None) -> list[Delivery]:
        """The ledger, oldest first (for operators and tests)."""
        query = select(DeliveryRow).order_by(DeliveryRow.id)
        if schedule_id is not None:
            query = query.where(DeliveryRow.schedule_id == schedule_id)
        async with self.sessions() as session:
            return [rows.delivery(row) for row in await session.scalars(query)]

    async def questions_posted_many(self, targets: Collection[Target]) -> dict[Target, list[str]]:
        """Question ids each of many channels (or members) has been sent, oldest first; a few
        queries for hundreds of targets instead of one each.

        Two steps, so that SQLite looks deliveries up by schedule (the occurrence key's index)
        instead of walking every delivery through the status index, which it prefers for any
        query joining the two or filtering on status."""
        history: dict[Target, list[str]] = {t: [] for t in targets}
        names = sorted({target for _, _, target in history})
        owners: dict[int, Target] = {}
        found: list[tuple[int, int, str]] = []
        async with self.sessions() as session:
            for start in range(0, len(names), rows.IN_CHUNK):
                schedules = await session.execute(
                    select(
                        ScheduleRow.id,
                        ScheduleRow.platform,
                        ScheduleRow.workspace,
                        ScheduleRow.target,
                    ).where(ScheduleRow.target.in_(names[start : start + rows.IN_CHUNK]))
                )
                for schedule_id, platform, workspace, target in schedules:
                    key = (Platform(platform), workspace, target)
                    if key in history:
                        owners[schedule_id] = key
            ids = sorted(owners)
            for start in range(0, len(ids), rows.IN_CHUNK):
                deliveries = await session.execute(
                    select(
                        DeliveryRow.id,
                        DeliveryRow.schedule_id,
                        DeliveryRow.question_id,
                        DeliveryRow.status,
                    ).where(
                        DeliveryRow.schedule_id.in_(ids[start : start + rows.IN_CHUNK]),
                        DeliveryRow.question_id.is_not(None),
                    )
                )
                found.extend(
                    (delivery_id, schedule_id, question_id)
                    for delivery_id, schedule_id, question_id, status in deliveries
                    if question_id is not None and status in _POSTED
                )
        for _, schedule_id, question_id in sorted(found):
            history[owners[schedule_id]].append(question_id)
        return history
