"""The pairing store's queries about groups that did not meet: reminders sent, requests for
another partner, and the groups that answer them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import ColumnElement, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.kernel.platform import Platform
from core.pairing.noshow import Standby
from core.pairing.tables import PairGroupRow, PairRematchRow
from core.pairing.week import Group, PairGroup
from core.store import rows


class NoShowQueries:
    sessions: async_sessionmaker[AsyncSession]

    async def week(
        self, platform: Platform, workspace: str, channel: str, local_date: date
    ) -> list[PairGroup]:
        async with self.sessions() as session:
            found = await session.scalars(
                select(PairGroupRow)
                .where(*in_channel(platform, workspace, channel))
                .where(PairGroupRow.local_date == local_date)
                .order_by(PairGroupRow.number)
            )
            return await with_requests(session, list(found))

    async def latest_day(
        self, platform: Platform, workspace: str, channel: str, on_or_before: date
    ) -> date | None:
        async with self.sessions() as session:
            found: date | None = await session.scalar(
                select(func.max(PairGroupRow.local_date)).where(
                    *in_channel(platform, workspace, channel),
                    PairGroupRow.local_date <= on_or_before,
                )
            )
            return found

    async def weeks(
        self, platform: Platform, workspace: str, channel: str, before: date, count: int
    ) -> list[list[PairGroup]]:
        async with self.sessions() as session:
            days = list(
                await session.scalars(
                    select(PairGroupRow.local_date)
                    .where(*in_channel(platform, workspace, channel))
                    .where(PairGroupRow.local_date < before)
                    .group_by(PairGroupRow.local_date)
                    .order_by(PairGroupRow.local_date.desc())
                    .limit(count)
                )
            )
            found = await session.scalars(
                select(PairGroupRow)
                .where(*in_channel(platform, workspace, channel))
                .where(PairGroupRow.local_date.in_(days))
                .order_by(PairGroupRow.local_date, PairGroupRow.number)
            )
            groups = await with_requests(session, list(found))
            return [[g for g in groups if g.local_date == day] for day in sorted(days)]

    async def mark_reminded(self, group_id: int) -> bool:
        async with self.sessions.begin() as session:
            result = await session.execute(
                update(PairGroupRow)
                .where(PairGroupRow.id == group_id, PairGroupRow.reminded.is_(False))
                .values(reminded=True)
            )
            return rows.rowcount(result) == 1

    async def ask_rematch(self, group_id: int, user_id: str, now: datetime) -> bool:
        try:
            async with self.sessions.begin() as session:
                session.add(PairRematchRow(group_id=group_id, user_id=user_id, asked_at=now))
        except IntegrityError:
            return False
        return True

    async def standby(
        self, platform: Platform, workspace: str, channel: str, local_date: date, since: datetime
    ) -> list[Standby]:
        async with self.sessions() as session:
            found = await session.execute(
                select(PairRematchRow)
                .join(PairGroupRow, PairGroupRow.id == PairRematchRow.group_id)
                .where(*in_channel(platform, workspace, channel))
                .where(
                    PairGroupRow.local_date == local_date,
                    PairRematchRow.matched_group_id.is_(None),
                    PairRematchRow.asked_at >= since,
                )
                .order_by(PairRematchRow.asked_at, PairRematchRow.id)
            )
            return [Standby(r.user_id, r.group_id, r.asked_at) for r in found.scalars()]

    async def rematch(
        self,
        platform: Platform,
        workspace: str,
        channel: str,
        local_date: date,
        members: Group,
        requests: Sequence[Standby],
    ) -> PairGroup | None:
        try:
            async with self.sessions.begin() as session:
                number = await session.scalar(
                    select(func.max(PairGroupRow.number))
                    .where(*in_channel(platform, workspace, channel))
                    .where(PairGroupRow.local_date == local_date)
                )
                row = PairGroupRow(
                    platform=platform.value,
                    workspace=workspace,
                    channel=channel,
                    local_date=local_date,
                    number=(number or 0) + 1,
                    members=",".join(members),
                )
                session.add(row)
                await session.flush()
                for request in requests:
                    settled = await session.execute(
                        update(PairRematchRow)
                        .where(
                            PairRematchRow.group_id == request.group_id,
                            PairRematchRow.user_id == request.user_id,
                            PairRematchRow.matched_group_id.is_(None),
                        )
                        .values(matched_group_id=row.id)
                    )
                    if rows.rowcount(settled) != 1:
                        raise _Settled
                return to_group(row)
        except (IntegrityError, _Settled):
            return None


class _Settled(Exception):
    """A request was answered by another press first: roll back."""


def in_channel(platform: Platform, workspace: str, channel: str) -> tuple[ColumnElement[bool], ...]:
    return (
        PairGroupRow.platform == platform.value,
        PairGroupRow.workspace == workspace,
        PairGroupRow.channel == channel,
    )


async def with_requests(session: AsyncSession, found: list[PairGroupRow]) -> list[PairGroup]:
    """The groups, each with the members who asked to be paired again from it."""
    asked: dict[int, list[str]] = {}
    if found:
        requests = await session.scalars(
            select(PairRematchRow).where(PairRematchRow.group_id.in_([r.id for r in found]))
        )
        for request in requests:
            asked.setdefault(request.group_id, []).append(request.user_id)
    return [to_group(row, tuple(asked.get(row.id, ()))) for row in found]


def to_group(row: PairGroupRow, asked: tuple[str, ...] = ()) -> PairGroup:
    return PairGroup(
        id=row.id,
        channel=row.channel,
        local_date=row.local_date,
        number=row.number,
        members=tuple(row.members.split(",")),
        message_id=row.message_id,
        met=bool(row.met),
        reminded=bool(row.reminded),
        asked=asked,
    )
