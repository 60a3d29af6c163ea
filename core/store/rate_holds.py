"""Rate holds on SQLAlchemy: a platform's "not before then" for a scope, shared by replicas."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from core.kernel.platform import Platform
from core.scheduling.deliveries import Hold
from core.store.database import dialect_module
from core.store.tables import RateHold


class RateHoldRepository:
    def __init__(self, engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession]) -> None:
        self.engine = engine
        self.sessions = sessions

    async def holds(self, platforms: Sequence[Platform], now: datetime) -> dict[Hold, datetime]:
        """The rate holds still in force: (platform, scope) → until when."""
        async with self.sessions() as session:
            found = await session.execute(
                select(RateHold.platform, RateHold.scope, RateHold.until).where(
                    RateHold.platform.in_([p.value for p in platforms]), RateHold.until > now
                )
            )
            return {(Platform(p), scope): until for p, scope, until in found.all()}

    async def hold(self, platform: Platform, scope: str, until: datetime) -> None:
        """Hold a scope back until then (or later, if another worker already holds it longer)."""
        postgres = self.engine.dialect.name == "postgresql"
        dialect = dialect_module(self.engine.dialect.name)
        statement = dialect.insert(RateHold).values(
            platform=platform.value, scope=scope[:200], until=until
        )
        latest = func.greatest if postgres else func.max
        statement = statement.on_conflict_do_update(
            index_elements=["platform", "scope"],
            set_={"until": latest(RateHold.until, statement.excluded.until)},
        )
        async with self.sessions.begin() as session:
            await session.execute(statement)
