"""One database, its repositories, and closing it."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from core.kernel.identity import UserKey
from core.mock.store import MockRepository
from core.pairing.feedback_store import PeerFeedbackRepository
from core.pairing.store import PairRepository
from core.practice.store import CardRepository
from core.questions.store import QuestionRepository
from core.scheduling.store import ScheduleRepository
from core.store.database import session_factory
from core.store.deliveries import DeliveryRepository
from core.store.moves import Moved, move_user
from core.store.rate_holds import RateHoldRepository
from core.store.send_paces import SendPaceRepository
from core.store.users import UserRepository


class Store:
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self._sessions = sessions = session_factory(engine)
        self.users = UserRepository(sessions)
        self.schedules = ScheduleRepository(sessions)
        self.deliveries = DeliveryRepository(engine, sessions)
        self.holds = RateHoldRepository(engine, sessions)
        self.cards = CardRepository(sessions)
        self.mocks = MockRepository(sessions)
        self.paces = SendPaceRepository(engine, sessions)
        self.pairs = PairRepository(sessions)
        self.peer_feedback = PeerFeedbackRepository(sessions)
        self.questions = QuestionRepository(sessions)

    async def ping(self) -> bool:
        """Whether the database answers (raises what it answered otherwise)."""
        async with self.engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
        return True

    async def move_user(self, old: UserKey, new_user: str) -> Moved:
        """Every row about `old` under another user id of its workspace, which must hold none."""
        return await move_user(self._sessions, old, new_user)

    async def close(self) -> None:
        await self.engine.dispose()
