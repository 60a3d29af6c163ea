"""Moving a member's rows to another user id in the same workspace: what the console needs now
that it is its login name rather than the `cli` it used to be.

Only a move into an id that holds nothing is made. Two histories cannot be merged safely: a
card per question and a check-in answer per day are unique, the streaks were counted apart,
and two check-in schedules would send two check-ins a day.
"""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import and_, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.kernel.identity import UserKey
from core.pairing.tables import PairMemberRow
from core.scheduling.schedules import PERSONAL_KINDS
from core.store.tables import RotationRow, ScheduleRow, UserRow


class Moved(StrEnum):
    MOVED = "moved"
    NOTHING = "nothing"  # the old id holds nothing
    TAKEN = "taken"  # the new id holds something already: nothing was moved


async def move_user(
    sessions: async_sessionmaker[AsyncSession], old: UserKey, new_user: str
) -> Moved:
    """Every row about `old` (profile and history, schedules owned, personal schedules, the
    check-ins' place in the question cycle, pairing opt-ins) under `new_user`, in one
    transaction. A pairing week already drawn keeps the ids it was drawn with."""
    new = UserKey(old.platform, old.workspace, new_user)
    async with sessions.begin() as session:
        if not await _holds_anything(session, old):
            return Moved.NOTHING
        if await _holds_anything(session, new):
            return Moved.TAKEN
        where = (old.platform.value, old.workspace)
        await session.execute(
            update(UserRow)
            .where(UserRow.platform == where[0], UserRow.workspace == where[1])
            .where(UserRow.user_id == old.user_id)
            .values(user_id=new_user)
        )
        schedules = (ScheduleRow.platform == where[0], ScheduleRow.workspace == where[1])
        await session.execute(
            update(ScheduleRow)
            .where(*schedules, ScheduleRow.owner == old.user_id)
            .values(owner=new_user)
        )
        await session.execute(
            update(ScheduleRow)
            .where(*schedules, ScheduleRow.target == old.user_id)
            .where(ScheduleRow.kind.in_(PERSONAL_KINDS))
            .values(target=new_user)
        )
        await session.execute(
            update(RotationRow)
            .where(RotationRow.platform == where[0], RotationRow.workspace == where[1])
            .where(RotationRow.target == old.user_id)
            .values(target=new_user)
        )
        await session.execute(
            update(PairMemberRow)
            .where(PairMemberRow.platform == where[0], PairMemberRow.workspace == where[1])
            .where(PairMemberRow.user_id == old.user_id)
            .values(user_id=new_user)
        )
        return Moved.MOVED


async def _holds_anything(session: AsyncSession, key: UserKey) -> bool:
    platform, workspace, user = key.platform.value, key.workspace, key.user_id
    probes = (
        select(UserRow.id).where(
            UserRow.platform == platform, UserRow.workspace == workspace, UserRow.user_id == user
        ),
        select(ScheduleRow.id).where(
            ScheduleRow.platform == platform,
            ScheduleRow.workspace == workspace,
            or_(
                ScheduleRow.owner == user,
                and_(ScheduleRow.target == user, ScheduleRow.kind.in_(PERSONAL_KINDS)),
            ),
        ),
        select(RotationRow.target).where(
            RotationRow.platform == platform,
            RotationRow.workspace == workspace,
            RotationRow.target == user,
        ),
        select(PairMemberRow.id).where(
            PairMemberRow.platform == platform,
            PairMemberRow.workspace == workspace,
            PairMemberRow.user_id == user,
        ),
    )
    for probe in probes:
        if await session.scalar(probe.limit(1)) is not None:
            return True
    return False
