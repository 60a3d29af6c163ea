"""Mock interviews in progress on SQLAlchemy: one row per member, saved compare-and-set on
its version so that a second press of the same button, from any replica, changes nothing."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.kernel.identity import UserKey
from core.mock.loop import MockRun
from core.mock.tables import MockRow
from core.store import rows
from core.store.tables import UserRow
from core.store.users import ensure_user, find_user, is_user


class MockRepository:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self.sessions = sessions

    async def get(self, key: UserKey) -> MockRun | None:
        async with self.sessions() as session:
            row = await session.scalar(
                select(MockRow).join(UserRow, UserRow.id == MockRow.user_pk).where(*is_user(key))
            )
            return MockRun.load(row.state, row.version) if row else None

    async def save(self, key: UserKey, run: MockRun, now: datetime) -> bool:
        """Store `run` if the stored one is the version before it (none, for version 1)."""
        try:
            async with self.sessions.begin() as session:
                user = await ensure_user(session, key, now)
                if run.version <= 1:
                    await session.execute(delete(MockRow).where(MockRow.user_pk == user.id))
                    session.add(
                        MockRow(user_pk=user.id, state=run.dump(), version=1, updated_at=now)
                    )
                    return True
                moved = await session.execute(
                    update(MockRow)
                    .where(MockRow.user_pk == user.id, MockRow.version == run.version - 1)
                    .values(state=run.dump(), version=run.version, updated_at=now)
                )
                return rows.rowcount(moved) == 1
        except IntegrityError:
            return False

    async def remove(self, key: UserKey) -> bool:
        async with self.sessions.begin() as session:
            user = await find_user(session, key)
            if user is None:
                return False
            gone = await session.execute(delete(MockRow).where(MockRow.user_pk == user.id))
            return rows.rowcount(gone) == 1

    async def finish(self, key: UserKey, run: MockRun, weakest: str | None) -> bool:
        """Remove the finished mock (if still at the version before `run`) and, where it
        found one, make its weakest stage's category the member's weakest."""
        async with self.sessions.begin() as session:
            user = await find_user(session, key)
            if user is None:
                return False
            gone = await session.execute(
                delete(MockRow).where(
                    MockRow.user_pk == user.id, MockRow.version == run.version - 1
                )
            )
            if rows.rowcount(gone) != 1:
                return False
            if weakest is not None:
                user.weakest_category = weakest
            return True
