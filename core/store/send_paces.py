"""Send paces on SQLAlchemy: the next free moment of a platform's overall budget, moved on
atomically by each replica's reservation (one statement, on PostgreSQL and SQLite alike)."""

from __future__ import annotations

from sqlalchemy import func, literal
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from core.kernel.platform import Platform
from core.store.database import dialect_module
from core.store.tables import SendPace


class SendPaceRepository:
    def __init__(self, engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession]) -> None:
        self.engine = engine
        self.sessions = sessions

    async def reserve(
        self, platform: Platform, scope: str, count: int, interval: float, now: float
    ) -> float:
        """Reserve `count` slots `interval` seconds apart; when the first one is (seconds
        since the epoch): now, or when the slots other replicas reserved run out."""
        span = count * interval
        postgres = self.engine.dialect.name == "postgresql"
        latest = func.greatest if postgres else func.max
        statement = (
            dialect_module(self.engine.dialect.name)
            .insert(SendPace)
            .values(platform=platform.value, scope=scope, free_at=now + span)
        )
        statement = statement.on_conflict_do_update(
            index_elements=["platform", "scope"],
            set_={"free_at": latest(SendPace.free_at, literal(now)) + span},
        ).returning(SendPace.free_at)
        async with self.sessions.begin() as session:
            free_at = float((await session.execute(statement)).scalar_one())
        return free_at - span
