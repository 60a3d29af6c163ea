"""What the delivery ledger remembers: the questions each channel was asked, the posts an
owner should hear about, and the whole ledger for operators and tests."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import datetime

from sqlalchemy import and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.kernel.identity import UserKey
from core.kernel.platform import Platform
from core.practice.bank import Rotation
from core.scheduling.deliveries import Delivery, DeliveryStatus, Target, Trouble
from core.scheduling.schedules import ScheduleKind
from core.scheduling.status import SILENT, Activity
from core.store import rows
from core.store.database import dialect_module
from core.store.tables import DeliveryRow, RotationRow, ScheduleRow

# what counts as asked, for rotation: sent, or on its way
_POSTED = (DeliveryStatus.SENT, DeliveryStatus.CLAIMED, DeliveryStatus.PENDING)


class DeliveryHistory:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self.sessions = sessions

    async def rotations(self, targets: Collection[Target]) -> dict[Target, Rotation]:
        """Where each target is in its cycle through the questions (the stored ones)."""
        wanted = set(targets)
        names = sorted({target for _, _, target in wanted})
        found: dict[Target, Rotation] = {}
        async with self.sessions() as session:
            for start in range(0, len(names), rows.IN_CHUNK):
                result = await session.scalars(
                    select(RotationRow).where(
                        RotationRow.target.in_(names[start : start + rows.IN_CHUNK])
                    )
                )
                for row in result:
                    key = (Platform(row.platform), row.workspace, row.target)
                    if key in wanted:
                        found[key] = Rotation(frozenset(row.asked.split()), row.last)
        return found

    async def save_rotations(self, states: Mapping[Target, Rotation]) -> None:
        """Store where each target now is, in one transaction."""
        if not states:
            return
        values = [
            {
                "platform": platform.value,
                "workspace": workspace,
                "target": target,
                "asked": " ".join(sorted(state.asked)),
                "last": state.last,
            }
            for (platform, workspace, target), state in sorted(states.items())
        ]
        async with self.sessions.begin() as session:
            connection = await session.connection()
            dialect = dialect_module(connection.dialect.name)
            statement = dialect.insert(RotationRow)
            statement = statement.on_conflict_do_update(
                index_elements=["target", "platform", "workspace"],
                set_={"asked": statement.excluded.asked, "last": statement.excluded.last},
            )
            await connection.execute(statement, values)

    async def troubles(
        self, owners: Collection[UserKey], since: datetime
    ) -> dict[UserKey, list[Trouble]]:
        """Posts of these owners' channel schedules that were missed or failed since then."""
        found: dict[UserKey, list[Trouble]] = {}
        wanted = set(owners)
        ids = sorted({o.user_id for o in wanted})
        async with self.sessions() as session:
            for start in range(0, len(ids), rows.IN_CHUNK):
                result = await session.execute(
                    select(DeliveryRow, ScheduleRow)
                    .join(ScheduleRow, ScheduleRow.id == DeliveryRow.schedule_id)
                    .where(
                        ScheduleRow.owner.in_(ids[start : start + rows.IN_CHUNK]),
                        ScheduleRow.kind == ScheduleKind.CHANNEL,
                        DeliveryRow.status.in_((DeliveryStatus.MISSED, DeliveryStatus.FAILED)),
                        DeliveryRow.fire_at >= since,
                    )
                    .order_by(DeliveryRow.fire_at)
                )
                for delivery, schedule in result.all():
                    key = UserKey(Platform(schedule.platform), schedule.workspace, schedule.owner)
                    if key in wanted:
                        trouble = Trouble(
                            schedule.id,
                            schedule.target,
                            delivery.fire_at,
                            delivery.status,
                            delivery.error,
                        )
                        found.setdefault(key, []).append(trouble)
        return found

    async def activity(self, schedule_ids: Collection[int], since: datetime) -> dict[int, Activity]:
        """Each schedule's last delivery and those missed, skipped or failed since `since`,
        through the occurrence key's index (schedule first)."""
        ids = sorted(set(schedule_ids))
        last: dict[int, Delivery] = {}
        silent: dict[int, list[Delivery]] = {}
        async with self.sessions() as session:
            for start in range(0, len(ids), rows.IN_CHUNK):
                chunk = ids[start : start + rows.IN_CHUNK]
                latest = (
                    select(func.max(DeliveryRow.id))
                    .where(DeliveryRow.schedule_id.in_(chunk))
                    .group_by(DeliveryRow.schedule_id)
                )
                found = await session.scalars(
                    select(DeliveryRow).where(
                        or_(
                            DeliveryRow.id.in_(latest),
                            and_(
                                DeliveryRow.schedule_id.in_(chunk),
                                DeliveryRow.status.in_(SILENT),
                                DeliveryRow.fire_at >= since,
                            ),
                        )
                    )
                )
                for row in found:
                    delivery = rows.delivery(row)
                    known = last.get(delivery.schedule_id)
                    if known is None or known.id < delivery.id:
                        last[delivery.schedule_id] = delivery
                    if delivery.status in SILENT and delivery.fire_at >= since:
                        silent.setdefault(delivery.schedule_id, []).append(delivery)
        return {
            schedule_id: Activity(
                last.get(schedule_id),
                tuple(sorted(silent.get(schedule_id, ()), key=lambda d: d.fire_at)),
            )
            for schedule_id in ids
            if schedule_id in last
        }

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
