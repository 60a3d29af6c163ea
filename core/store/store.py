"""One database, its repositories, and closing it."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncEngine

from core.store.database import session_factory
from core.store.deliveries import DeliveryRepository
from core.store.pairs import PairRepository
from core.store.rate_holds import RateHoldRepository
from core.store.reviews import CardRepository
from core.store.schedules import ScheduleRepository
from core.store.users import UserRepository


class Store:
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        sessions = session_factory(engine)
        self.users = UserRepository(sessions)
        self.schedules = ScheduleRepository(sessions)
        self.deliveries = DeliveryRepository(engine, sessions)
        self.holds = RateHoldRepository(engine, sessions)
        self.cards = CardRepository(sessions)
        self.pairs = PairRepository(sessions)

    async def close(self) -> None:
        await self.engine.dispose()
