"""The delivery ledger on SQLAlchemy: what is due, claims and leases, outcomes, rotation history."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, ColumnElement, bindparam, func, or_, select, tuple_, update
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.orm import InstrumentedAttribute

from core.kernel.platform import Platform
from core.scheduling.deliveries import (
    Claim,
    Delivery,
    DeliveryStatus,
    Fence,
    Outcome,
)
from core.scheduling.schedules import Schedule
from core.store import rows
from core.store.database import dialect_module
from core.store.delivery_history import DeliveryHistory
from core.store.tables import Base, DeliveryRow, ScheduleRow


class DeliveryRepository(DeliveryHistory):
    def __init__(self, engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession]) -> None:
        super().__init__(sessions)
        self.engine = engine

    async def due(
        self,
        now: datetime,
        limit: int,
        platforms: Sequence[Platform],
        after: Schedule | None = None,
    ) -> list[Schedule]:
        query = select(ScheduleRow).where(
            ScheduleRow.paused.is_(False),
            ScheduleRow.next_fire_at <= now,
            ScheduleRow.platform.in_([p.value for p in platforms]),
        )
        if after is not None:
            # Where the last batch ended: an index range from there, not a sort of all due.
            key = tuple_(ScheduleRow.next_fire_at, ScheduleRow.id)
            query = query.where(key > (after.next_fire_at, after.id))
        query = query.order_by(ScheduleRow.next_fire_at, ScheduleRow.id).limit(limit)
        async with self.sessions() as session:
            return [rows.schedule(row) for row in await session.scalars(query)]

    async def claim(
        self, claims: Sequence[Claim], status: DeliveryStatus, worker: str, now: datetime
    ) -> dict[int, int]:
        """Insert deliveries, skipping occurrences already claimed; {schedule_id: delivery_id}
        for the ones this call inserted (each as attempt 1 of `worker`)."""
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
                "guard_key": c.guard_key,
                "maybe_sent": False,
                "finished_at": now if status is DeliveryStatus.SKIPPED else None,
            }
            for c in claims
        ]
        dialect = dialect_module(self.engine.dialect.name)
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
        """Claims whose lease ran out (their worker died or stalled), on the platforms a
        process serves (else another platform's could fill the limit for ever)."""
        return await self._with_schedules(
            (DeliveryRow.status == DeliveryStatus.CLAIMED, DeliveryRow.claimed_at < before),
            DeliveryRow.id,
            limit,
            platforms,
        )

    async def due_retries(
        self, now: datetime, limit: int, platforms: Sequence[Platform] | None = None
    ) -> list[tuple[Delivery, Schedule]]:
        """Pending deliveries whose back-off is over, longest waiting first."""
        return await self._with_schedules(
            (DeliveryRow.status == DeliveryStatus.PENDING, DeliveryRow.next_attempt_at <= now),
            DeliveryRow.next_attempt_at,
            limit,
            platforms,
        )

    async def _with_schedules(
        self,
        where: tuple[ColumnElement[bool], ...],
        order: ColumnElement[Any] | InstrumentedAttribute[Any],
        limit: int,
        platforms: Sequence[Platform] | None,
    ) -> list[tuple[Delivery, Schedule]]:
        query = (
            select(DeliveryRow, ScheduleRow)
            .join(ScheduleRow, ScheduleRow.id == DeliveryRow.schedule_id)
            .where(*where)
        )
        if platforms is not None:
            query = query.where(ScheduleRow.platform.in_([p.value for p in platforms]))
        async with self.sessions() as session:
            found = await session.execute(query.order_by(order, DeliveryRow.id).limit(limit))
            return [(rows.delivery(d), rows.schedule(s)) for d, s in found.all()]

    async def reclaim(self, delivery: Delivery, worker: str, now: datetime) -> Fence | None:
        """Take over an expired claim or a due retry: only one worker gets its new fence."""
        held = (
            DeliveryRow.claimed_at == delivery.claimed_at
            if delivery.status is DeliveryStatus.CLAIMED
            else DeliveryRow.next_attempt_at == delivery.next_attempt_at
        )
        async with self.sessions.begin() as session:
            result = await session.execute(
                update(DeliveryRow)
                .where(
                    DeliveryRow.id == delivery.id,
                    DeliveryRow.status == delivery.status,
                    DeliveryRow.attempts == delivery.attempts,
                    held,
                )
                .values(
                    status=DeliveryStatus.CLAIMED,
                    claimed_at=now,
                    claimed_by=worker,
                    attempts=delivery.attempts + 1,
                    next_attempt_at=None,
                )
            )
            won = rows.rowcount(result) == 1
        return Fence(delivery.id, worker, delivery.attempts + 1) if won else None

    async def renew(self, fences: Collection[Fence], now: datetime) -> set[int]:
        """Extend the leases these fences still hold (the ids); a worker proves it still owns
        a claim this way right before it sends, and keeps it while it waits."""
        if not fences:
            return set()
        held: set[int] = set()
        workers = {f.worker for f in fences}
        ordered = sorted(fences, key=lambda f: f.delivery_id)
        async with self.sessions.begin() as session:
            for worker in workers:
                mine = [f for f in ordered if f.worker == worker]
                for start in range(0, len(mine), rows.IN_CHUNK):
                    chunk = mine[start : start + rows.IN_CHUNK]
                    result = await session.execute(
                        update(DeliveryRow)
                        .where(
                            DeliveryRow.status == DeliveryStatus.CLAIMED,
                            DeliveryRow.claimed_by == worker,
                            tuple_(DeliveryRow.id, DeliveryRow.attempts).in_(
                                [(f.delivery_id, f.attempt) for f in chunk]
                            ),
                        )
                        .values(claimed_at=now)
                        .returning(DeliveryRow.id)
                    )
                    held.update(result.scalars())
        return held

    async def settle(self, outcomes: Sequence[Outcome]) -> None:
        """Record how attempts ended, in one transaction; an outcome whose fence no longer
        holds (another worker took the delivery over) changes nothing."""
        if not outcomes:
            return
        table = Base.metadata.tables[DeliveryRow.__tablename__]
        statement = (
            update(table)
            .where(
                table.c.id == bindparam("b_id"),
                table.c.status == DeliveryStatus.CLAIMED,
                table.c.claimed_by == bindparam("b_worker"),
                table.c.attempts == bindparam("b_attempt"),
            )
            .values(
                status=bindparam("b_status"),
                message_id=bindparam("b_message_id"),
                error=bindparam("b_error"),
                finished_at=bindparam("b_finished_at"),
                next_attempt_at=bindparam("b_next_attempt_at"),
                maybe_sent=or_(table.c.maybe_sent, bindparam("b_maybe_sent", type_=Boolean)),
            )
        )
        params = [
            {
                "b_id": o.fence.delivery_id,
                "b_worker": o.fence.worker,
                "b_attempt": o.fence.attempt,
                "b_status": o.status,
                "b_message_id": o.message_id,
                "b_error": rows.clip(o.error, rows.ERROR_LENGTH),
                "b_finished_at": None if o.status is DeliveryStatus.PENDING else o.at,
                "b_next_attempt_at": o.next_attempt_at,
                "b_maybe_sent": o.maybe_sent,
            }
            for o in sorted(outcomes, key=lambda o: o.fence.delivery_id)
        ]
        async with self.sessions.begin() as session:
            connection = await session.connection()
            await connection.execute(statement, params)

    async def miss(self, deliveries: Collection[Delivery], now: datetime) -> int:
        """Give up on pending deliveries whose grace window has closed; the number given up."""
        if not deliveries:
            return 0
        async with self.sessions.begin() as session:
            result = await session.execute(
                update(DeliveryRow)
                .where(
                    DeliveryRow.status == DeliveryStatus.PENDING,
                    tuple_(DeliveryRow.id, DeliveryRow.attempts).in_(
                        [(d.id, d.attempts) for d in deliveries]
                    ),
                )
                .values(status=DeliveryStatus.MISSED, finished_at=now, next_attempt_at=None)
            )
            return rows.rowcount(result)

    async def next_retry(self, platforms: Sequence[Platform]) -> datetime | None:
        """When the earliest pending delivery on these platforms is due again."""
        async with self.sessions() as session:
            return await session.scalar(
                select(func.min(DeliveryRow.next_attempt_at))
                .join(ScheduleRow, ScheduleRow.id == DeliveryRow.schedule_id)
                .where(
                    DeliveryRow.status == DeliveryStatus.PENDING,
                    ScheduleRow.platform.in_([p.value for p in platforms]),
                )
            )
