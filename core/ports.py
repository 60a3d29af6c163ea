"""What the commands and the dispatcher need from outside, as small Protocols the core owns:
the stores (core/store implements them on SQLAlchemy; each method is one transaction) and the
chart renderer (core/ports_charts.py; the composition root supplies one). The grader's port is in
core/practice/feedback.py, beside the request and feedback it exchanges.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Collection, Mapping, Sequence
from datetime import date, datetime
from typing import Protocol

from core.coaching.profile import Answered, Consent, Profile, Stats
from core.kernel.identity import UserKey
from core.kernel.platform import Platform
from core.mock.loop import MockRun
from core.pairing.feedback import PeerFeedbackStore
from core.pairing.ports import PairStore
from core.ports_charts import ChartRenderer as ChartRenderer
from core.practice.bank import Rotation
from core.practice.srs import Card, Review
from core.questions.library import QuestionStore as QuestionStore
from core.scheduling.deliveries import (
    Claim,
    Delivery,
    DeliveryStatus,
    Fence,
    Hold,
    Outcome,
    Target,
    Trouble,
)
from core.scheduling.schedules import NewSchedule, Schedule, ScheduleKind
from core.scheduling.status import Activity


class UserStore(Protocol):
    """Members: profile, progress and what they did."""

    async def user(self, key: UserKey) -> Profile | None: ...

    async def users(self, keys: Collection[UserKey]) -> dict[UserKey, Profile]: ...

    async def update_profile(
        self,
        key: UserKey,
        now: datetime,
        *,
        role: str | None = None,
        interview: date | None = None,
        timezone: str | None = None,
        keep_answers: bool | None = None,
        reviews_a_day: int | None = None,
        ai_feedback: Consent | None = None,
    ) -> Profile: ...

    async def record_practice(self, key: UserKey, question_id: str, now: datetime) -> None: ...

    async def record_outcome(self, key: UserKey, outcome: str, now: datetime) -> Profile: ...

    async def practice_history(self, key: UserKey) -> list[str]: ...

    async def record_fit(self, key: UserKey, best: str, answers: str, now: datetime) -> None: ...

    async def answer_checkin(
        self, key: UserKey, local_date: date, answer: str, now: datetime, *, changeable: bool
    ) -> tuple[Profile, Answered]: ...

    async def done_since(self, key: UserKey, since: date) -> int: ...

    async def stats(self, key: UserKey) -> Stats | None: ...

    async def leaderboard(
        self, platform: Platform, workspace: str, limit: int = 10
    ) -> list[Profile]: ...

    async def forget(self, key: UserKey) -> tuple[bool, int]: ...


class ScheduleStore(Protocol):
    """Channel schedules and members' personal ones."""

    async def add(self, schedule: NewSchedule) -> Schedule: ...

    async def add_many(self, schedules: Sequence[NewSchedule]) -> None: ...

    async def get(self, schedule_id: int) -> Schedule | None: ...

    async def find(
        self,
        platform: Platform,
        workspace: str,
        *,
        target: str | None = None,
        owner: str | None = None,
        kinds: Sequence[ScheduleKind] = (ScheduleKind.CHANNEL,),
    ) -> list[Schedule]: ...

    def each(self, batch: int = 1000) -> AsyncIterator[Schedule]: ...

    async def remove(self, schedule_id: int) -> bool: ...

    async def replace_personal(
        self, key: UserKey, kinds: Sequence[ScheduleKind], schedules: Sequence[NewSchedule]
    ) -> int: ...

    async def set_paused(
        self, schedule_id: int, reason: str | None, next_fire_at: datetime | None = None
    ) -> bool: ...

    async def active(self) -> dict[Platform, int]: ...

    async def pause_workspace(self, platform: Platform, workspace: str, reason: str) -> int: ...

    async def paused_for(
        self, platform: Platform, workspace: str, reason: str
    ) -> list[Schedule]: ...


class DeliveryLedger(Protocol):
    """The dispatcher's record of occurrences: due, claimed, waiting, finished."""

    async def due(
        self,
        now: datetime,
        limit: int,
        platforms: Sequence[Platform],
        after: Schedule | None = None,
    ) -> list[Schedule]:
        """Due schedules in (next_fire_at, id) order; `after` the last of the previous batch."""
        ...

    async def claim(
        self, claims: Sequence[Claim], status: DeliveryStatus, worker: str, now: datetime
    ) -> dict[int, int]: ...

    async def advance(self, moves: dict[int, tuple[datetime, datetime | None]]) -> None: ...

    async def expired_claims(
        self, before: datetime, limit: int, platforms: Sequence[Platform] | None = None
    ) -> list[tuple[Delivery, Schedule]]: ...

    async def due_retries(
        self, now: datetime, limit: int, platforms: Sequence[Platform] | None = None
    ) -> list[tuple[Delivery, Schedule]]: ...

    async def reclaim(self, delivery: Delivery, worker: str, now: datetime) -> Fence | None: ...

    async def renew(self, fences: Collection[Fence], now: datetime) -> set[int]: ...

    async def settle(self, outcomes: Sequence[Outcome]) -> None: ...

    async def miss(self, deliveries: Collection[Delivery], now: datetime) -> int: ...

    async def next_retry(self, platforms: Sequence[Platform]) -> datetime | None: ...

    async def troubles(
        self, owners: Collection[UserKey], since: datetime
    ) -> dict[UserKey, list[Trouble]]: ...

    async def questions_posted_many(
        self, targets: Collection[Target]
    ) -> dict[Target, list[str]]: ...

    async def activity(
        self, schedule_ids: Collection[int], since: datetime
    ) -> dict[int, Activity]: ...

    async def rotations(self, targets: Collection[Target]) -> dict[Target, Rotation]: ...

    async def save_rotations(self, states: Mapping[Target, Rotation]) -> None: ...


class RateHolds(Protocol):
    """What the platforms said about sending less, shared by every replica."""

    async def holds(self, platforms: Sequence[Platform], now: datetime) -> dict[Hold, datetime]: ...

    async def hold(self, platform: Platform, scope: str, until: datetime) -> None: ...


class CardStore(Protocol):
    """Members' spaced-repetition cards, their reviews and the answers they chose to keep."""

    async def cards(self, key: UserKey) -> list[Card]: ...

    async def due(self, key: UserKey, until: datetime, limit: int = 50) -> list[Card]: ...

    async def record(
        self, key: UserKey, card: Card, review: Review, weakest: str | None, now: datetime
    ) -> bool: ...

    async def reschedule(
        self, key: UserKey, cards: Collection[Card], moves: Mapping[str, datetime]
    ) -> int: ...

    async def reviews(self, key: UserKey, since: datetime | None = None) -> list[Review]: ...

    async def done_days(self, key: UserKey, since: date) -> list[date]: ...

    async def keep_answer(
        self, key: UserKey, question_id: str, text: str, now: datetime
    ) -> None: ...

    async def due_counts(
        self, keys: Collection[UserKey], until: datetime
    ) -> dict[UserKey, int]: ...

    async def consistency(
        self, platform: Platform, workspace: str, since: date, limit: int = 10
    ) -> list[tuple[Profile, int]]: ...


class SendPaces(Protocol):
    """A platform's overall send budget, as a timeline every replica reserves slots from."""

    async def reserve(
        self, platform: Platform, scope: str, count: int, interval: float, now: float
    ) -> float: ...


class MockStore(Protocol):
    """Each member's mock interview in progress, at most one. A save names the version it
    replaces, so that of two presses of one button only the first moves the mock on."""

    async def get(self, key: UserKey) -> MockRun | None: ...

    async def save(self, key: UserKey, run: MockRun, now: datetime) -> bool: ...

    async def remove(self, key: UserKey) -> bool: ...

    async def finish(self, key: UserKey, run: MockRun, weakest: str | None) -> bool: ...


class Stores(Protocol):
    """The stores together, as the composition root hands them out."""

    @property
    def users(self) -> UserStore: ...

    @property
    def schedules(self) -> ScheduleStore: ...

    @property
    def deliveries(self) -> DeliveryLedger: ...

    @property
    def holds(self) -> RateHolds: ...

    @property
    def cards(self) -> CardStore: ...

    @property
    def paces(self) -> SendPaces: ...

    @property
    def mocks(self) -> MockStore: ...

    @property
    def pairs(self) -> PairStore: ...

    @property
    def peer_feedback(self) -> PeerFeedbackStore: ...

    @property
    def questions(self) -> QuestionStore: ...
