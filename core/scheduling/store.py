"""Schedules on SQLAlchemy: add, find, pause and remove channel and personal schedules."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from datetime import datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.kernel.identity import UserKey
from core.kernel.platform import Platform
from core.scheduling.schedules import NewSchedule, Schedule, ScheduleKind
from core.store import rows
from core.store.tables import ScheduleRow


class ScheduleRepository:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self.sessions = sessions

    async def add(self, schedule: NewSchedule) -> Schedule:
        async with self.sessions.begin() as session:
            row = rows.schedule_row(schedule)
            session.add(row)
            await session.flush()
            return rows.schedule(row)

    async def add_many(self, schedules: Sequence[NewSchedule]) -> None:
        async with self.sessions.begin() as session:
            session.add_all([rows.schedule_row(s) for s in schedules])

    async def get(self, schedule_id: int) -> Schedule | None:
        async with self.sessions() as session:
            row = await session.get(ScheduleRow, schedule_id)
            return rows.schedule(row) if row else None

    async def find(
        self,
        platform: Platform,
        workspace: str,
        *,
        target: str | None = None,
        owner: str | None = None,
        kinds: Sequence[ScheduleKind] = (ScheduleKind.CHANNEL,),
    ) -> list[Schedule]:
        query = select(ScheduleRow).where(
            ScheduleRow.platform == platform.value,
            ScheduleRow.workspace == workspace,
            ScheduleRow.kind.in_(kinds),
        )
        if target is not None:
            query = query.where(ScheduleRow.target == target)
        if owner is not None:
            query = query.where(ScheduleRow.owner == owner)
        async with self.sessions() as session:
            found = await session.scalars(query.order_by(ScheduleRow.id))
            return [rows.schedule(row) for row in found]

    async def each(self, batch: int = 1000) -> AsyncIterator[Schedule]:
        """Every schedule, read in batches so that memory stays flat however many there are."""
        async with self.sessions() as session:
            found = await session.stream_scalars(
                select(ScheduleRow).order_by(ScheduleRow.id).execution_options(yield_per=batch)
            )
            async for row in found:
                yield rows.schedule(row)

    async def remove(self, schedule_id: int) -> bool:
        async with self.sessions.begin() as session:
            result = await session.execute(delete(ScheduleRow).where(ScheduleRow.id == schedule_id))
            return rows.rowcount(result) == 1

    async def replace_personal(
        self, key: UserKey, kinds: Sequence[ScheduleKind], schedules: Sequence[NewSchedule]
    ) -> int:
        """Remove a member's personal schedules of these kinds and add `schedules` in their
        place, in one transaction; the number removed."""
        async with self.sessions.begin() as session:
            result = await session.execute(
                delete(ScheduleRow).where(
                    ScheduleRow.platform == key.platform.value,
                    ScheduleRow.workspace == key.workspace,
                    ScheduleRow.target == key.user_id,
                    ScheduleRow.kind.in_(kinds),
                )
            )
            session.add_all([rows.schedule_row(s) for s in schedules])
            return rows.rowcount(result)

    async def set_paused(
        self, schedule_id: int, reason: str | None, next_fire_at: datetime | None = None
    ) -> bool:
        """Pause (with a reason) or resume (reason None); True if this call changed it."""
        values: dict[str, object] = {
            "paused": reason is not None,
            "pause_reason": rows.clip(reason, rows.REASON_LENGTH),
        }
        if next_fire_at is not None:
            values["next_fire_at"] = next_fire_at
        async with self.sessions.begin() as session:
            result = await session.execute(
                update(ScheduleRow)
                .where(ScheduleRow.id == schedule_id, ScheduleRow.paused.is_(reason is None))
                .values(**values)
            )
            return rows.rowcount(result) == 1

    async def active(self) -> dict[Platform, int]:
        """How many schedules are running (not paused), by platform."""
        async with self.sessions() as session:
            found = await session.execute(
                select(ScheduleRow.platform, func.count())
                .where(ScheduleRow.paused.is_(False))
                .group_by(ScheduleRow.platform)
            )
            return {Platform(platform): count for platform, count in found.all()}

    async def pause_workspace(self, platform: Platform, workspace: str, reason: str) -> int:
        """Pause every running schedule of a workspace (each kind); the number paused."""
        async with self.sessions.begin() as session:
            result = await session.execute(
                update(ScheduleRow)
                .where(
                    ScheduleRow.platform == platform.value,
                    ScheduleRow.workspace == workspace,
                    ScheduleRow.paused.is_(False),
                )
                .values(paused=True, pause_reason=rows.clip(reason, rows.REASON_LENGTH))
            )
            return rows.rowcount(result)

    async def paused_for(self, platform: Platform, workspace: str, reason: str) -> list[Schedule]:
        """A workspace's schedules paused for this reason, of every kind."""
        async with self.sessions() as session:
            found = await session.scalars(
                select(ScheduleRow)
                .where(
                    ScheduleRow.platform == platform.value,
                    ScheduleRow.workspace == workspace,
                    ScheduleRow.paused.is_(True),
                    ScheduleRow.pause_reason == rows.clip(reason, rows.REASON_LENGTH),
                )
                .order_by(ScheduleRow.id)
            )
            return [rows.schedule(row) for row in found]
