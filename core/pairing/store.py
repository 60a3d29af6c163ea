"""Weekly pairing on SQLAlchemy: who opted in where, and the groups each week drew."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.kernel.identity import UserKey
from core.kernel.platform import Platform
from core.pairing.noshow_store import NoShowQueries, in_channel, with_requests
from core.pairing.tables import PairGroupRow, PairMemberRow, PairRematchRow, PeerFeedbackRow
from core.pairing.week import FORGOTTEN, Group, PairGroup
from core.store import rows
from core.store.tables import UserRow


class PairRepository(NoShowQueries):
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self.sessions = sessions

    async def join(self, key: UserKey, channel: str, now: datetime) -> bool:
        """Opt in; False when already in."""
        try:
            async with self.sessions.begin() as session:
                session.add(
                    PairMemberRow(
                        platform=key.platform.value,
                        workspace=key.workspace,
                        channel=channel,
                        user_id=key.user_id,
                        joined_at=now,
                    )
                )
        except IntegrityError:
            return False
        return True

    async def leave(self, key: UserKey, channel: str) -> bool:
        async with self.sessions.begin() as session:
            result = await session.execute(
                delete(PairMemberRow).where(
                    PairMemberRow.platform == key.platform.value,
                    PairMemberRow.workspace == key.workspace,
                    PairMemberRow.channel == channel,
                    PairMemberRow.user_id == key.user_id,
                )
            )
            return rows.rowcount(result) == 1

    async def members(self, platform: Platform, workspace: str, channel: str) -> list[str]:
        async with self.sessions() as session:
            found = await session.scalars(
                select(PairMemberRow.user_id)
                .where(
                    PairMemberRow.platform == platform.value,
                    PairMemberRow.workspace == workspace,
                    PairMemberRow.channel == channel,
                )
                .order_by(PairMemberRow.id)
            )
            return list(found)

    async def history(
        self, platform: Platform, workspace: str, channel: str, before: date, weeks: int
    ) -> list[tuple[Group, ...]]:
        """The groups of each pairing day in the `weeks` weeks before `before`, oldest first."""
        async with self.sessions() as session:
            found = await session.scalars(
                select(PairGroupRow)
                .where(
                    *in_channel(platform, workspace, channel),
                    PairGroupRow.local_date < before,
                    PairGroupRow.local_date >= before - timedelta(weeks=weeks),
                )
                .order_by(PairGroupRow.local_date, PairGroupRow.number)
            )
            days: dict[date, list[Group]] = {}
            for row in found:
                days.setdefault(row.local_date, []).append(_members(row))
            return [tuple(groups) for _, groups in sorted(days.items())]

    async def save_week(
        self,
        platform: Platform,
        workspace: str,
        channel: str,
        local_date: date,
        groups: Sequence[Group],
    ) -> list[PairGroup]:
        """Store the day's groups, unless some are stored already: then those, unchanged (a
        worker that takes a pairing over sends the groups first drawn)."""
        existing = await self.week(platform, workspace, channel, local_date)
        if existing:
            return existing
        try:
            async with self.sessions.begin() as session:
                session.add_all(
                    PairGroupRow(
                        platform=platform.value,
                        workspace=workspace,
                        channel=channel,
                        local_date=local_date,
                        number=number,
                        members=",".join(group),
                    )
                    for number, group in enumerate(groups, 1)
                )
        except IntegrityError:
            pass  # another worker stored them first
        return await self.week(platform, workspace, channel, local_date)

    async def mark_sent(self, group_id: int, message_id: str) -> None:
        async with self.sessions.begin() as session:
            await session.execute(
                update(PairGroupRow)
                .where(PairGroupRow.id == group_id)
                .values(message_id=message_id[:128])
            )

    async def group(self, group_id: int) -> PairGroup | None:
        async with self.sessions() as session:
            row = await session.get(PairGroupRow, group_id)
            return (await with_requests(session, [row]))[0] if row else None

    async def mark_met(self, group_id: int) -> bool:
        """Record that the group met; True only the first time."""
        async with self.sessions.begin() as session:
            result = await session.execute(
                update(PairGroupRow)
                .where(PairGroupRow.id == group_id, PairGroupRow.met.is_(False))
                .values(met=True)
            )
            return rows.rowcount(result) == 1

    async def forget(self, key: UserKey) -> int:
        """Drop the member's opt-ins; in past groups, an anonymous marker takes their place
        (their partners' history stays whole), and the forms they gave their partners keep
        neither their name nor their notes. The number of opt-ins removed."""
        async with self.sessions.begin() as session:
            removed = await session.execute(
                delete(PairMemberRow).where(
                    PairMemberRow.platform == key.platform.value,
                    PairMemberRow.workspace == key.workspace,
                    PairMemberRow.user_id == key.user_id,
                )
            )
            groups = await session.scalars(
                select(PairGroupRow).where(
                    PairGroupRow.platform == key.platform.value,
                    PairGroupRow.workspace == key.workspace,
                    PairGroupRow.members.contains(key.user_id),
                )
            )
            for row in groups:
                members = row.members.split(",")
                if key.user_id in members:
                    row.members = ",".join(FORGOTTEN if m == key.user_id else m for m in members)
            await session.execute(
                delete(PairRematchRow).where(
                    PairRematchRow.user_id == key.user_id,
                    PairRematchRow.group_id.in_(
                        select(PairGroupRow.id).where(
                            PairGroupRow.platform == key.platform.value,
                            PairGroupRow.workspace == key.workspace,
                        )
                    ),
                )
            )
            in_workspace = select(UserRow.id).where(
                UserRow.platform == key.platform.value, UserRow.workspace == key.workspace
            )
            await session.execute(
                update(PeerFeedbackRow)
                .where(
                    PeerFeedbackRow.interviewer == key.user_id,
                    PeerFeedbackRow.user_pk.in_(in_workspace.scalar_subquery()),
                )
                .values(interviewer=None, note=None)
            )
            return rows.rowcount(removed)


def _members(row: PairGroupRow) -> Group:
    return tuple(row.members.split(","))
