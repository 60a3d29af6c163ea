"""Everything the core reads and writes, behind one class; each method is one transaction."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import ColumnElement, delete, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from core.identity import UserKey
from core.store.database import session_factory
from core.store.tables import (
    CheckinAnswer,
    Delivery,
    DeliveryStatus,
    FitRecord,
    PracticeRecord,
    Schedule,
    ScheduleKind,
    User,
)


@dataclass(frozen=True)
class Claim:
    """An occurrence to insert; the insert wins or loses against other processes."""

    schedule_id: int
    local_date: date
    fire_at: datetime
    late: bool
    question_id: str | None


@dataclass(frozen=True)
class Stats:
    streak: int
    best_streak: int
    done: int
    skipped: int
    practised: int
    fits: int


class Store:
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.sessions: async_sessionmaker[AsyncSession] = session_factory(engine)

    async def close(self) -> None:
        await self.engine.dispose()

    # users -----------------------------------------------------------------------------

    async def user(self, key: UserKey) -> User | None:
        async with self.sessions() as session:
            return await _user(session, key)

    async def ensure_user(self, key: UserKey, now: datetime) -> User:
        async with self.sessions.begin() as session:
            user = await _user(session, key)
            if user is None:
                user = User(
                    platform=key.platform,
                    workspace=key.workspace,
                    user_id=key.user_id,
                    streak=0,
                    best_streak=0,
                    created_at=now,
                )
                session.add(user)
                await session.flush()
            return user

    async def update_profile(
        self,
        key: UserKey,
        now: datetime,
        *,
        role: str | None = None,
        interview: date | None = None,
        timezone: str | None = None,
    ) -> User:
        await self.ensure_user(key, now)
        async with self.sessions.begin() as session:
            user = await _user(session, key)
            assert user is not None
            if role is not None:
                user.target_role = role
            if interview is not None:
                user.interview_date = interview
            if timezone is not None:
                user.timezone = timezone
            return user

    async def forget(self, key: UserKey) -> tuple[bool, int]:
        """Delete the user, their history and every schedule they own."""
        async with self.sessions.begin() as session:
            owned = await session.execute(
                delete(Schedule).where(
                    Schedule.platform == key.platform,
                    Schedule.workspace == key.workspace,
                    or_(Schedule.owner == key.user_id, Schedule.target == key.user_id),
                )
            )
            removed = await session.execute(
                delete(User).where(
                    User.platform == key.platform,
                    User.workspace == key.workspace,
                    User.user_id == key.user_id,
                )
            )
            return bool(_rowcount(removed)), _rowcount(owned)

    async def record_practice(self, key: UserKey, question_id: str, now: datetime) -> None:
        user = await self.ensure_user(key, now)
        async with self.sessions.begin() as session:
            session.add(PracticeRecord(user_pk=user.id, question_id=question_id, asked_at=now))

    async def recent_practice(self, key: UserKey, limit: int = 200) -> list[str]:
        async with self.sessions() as session:
            rows = await session.scalars(
                select(PracticeRecord.question_id)
                .join(User, User.id == PracticeRecord.user_pk)
                .where(*_is(key))
                .order_by(PracticeRecord.id.desc())
                .limit(limit)
            )
            return list(rows)

    async def record_fit(self, key: UserKey, best: str, answers: str, now: datetime) -> None:
        user = await self.ensure_user(key, now)
        async with self.sessions.begin() as session:
            session.add(FitRecord(user_pk=user.id, best_role=best, answers=answers, created_at=now))

    async def answer_checkin(
        self, key: UserKey, local_date: date, answer: str, now: datetime
    ) -> tuple[User, bool]:
        """Record the day's answer once; `done` extends the streak. False if already answered."""
        await self.ensure_user(key, now)
        async with self.sessions.begin() as session:
            user = await _user(session, key)
            assert user is not None
            existing = await session.scalar(
                select(CheckinAnswer).where(
                    CheckinAnswer.user_pk == user.id, CheckinAnswer.local_date == local_date
                )
            )
            if existing is not None:
                return user, False
            session.add(
                CheckinAnswer(
                    user_pk=user.id, local_date=local_date, answer=answer, answered_at=now
                )
            )
            if answer == "done":
                consecutive = user.last_done == local_date - timedelta(days=1)
                user.streak = user.streak + 1 if consecutive else 1
                user.best_streak = max(user.best_streak, user.streak)
                user.last_done = local_date
            return user, True

    async def snooze(self, key: UserKey, until: datetime, now: datetime) -> None:
        await self.ensure_user(key, now)
        async with self.sessions.begin() as session:
            await session.execute(update(User).where(*_is(key)).values(snooze_until=until))

    async def due_snoozes(
        self, now: datetime, platforms: Sequence[str], limit: int = 500
    ) -> list[User]:
        async with self.sessions() as session:
            rows = await session.scalars(
                select(User)
                .where(User.snooze_until <= now, User.platform.in_(platforms))
                .order_by(User.id)
                .limit(limit)
            )
            return list(rows)

    async def take_snooze(self, user_pk: int, until: datetime) -> bool:
        """Claim a due snooze; only one process gets True."""
        async with self.sessions.begin() as session:
            result = await session.execute(
                update(User)
                .where(User.id == user_pk, User.snooze_until == until)
                .values(snooze_until=None)
            )
            return _rowcount(result) == 1

    async def done_since(self, key: UserKey, since: date) -> int:
        async with self.sessions() as session:
            count = await session.scalar(
                select(func.count())
                .select_from(CheckinAnswer)
                .join(User, User.id == CheckinAnswer.user_pk)
                .where(*_is(key), CheckinAnswer.answer == "done", CheckinAnswer.local_date >= since)
            )
            return count or 0

    async def stats(self, key: UserKey) -> Stats | None:
        async with self.sessions() as session:
            user = await _user(session, key)
            if user is None:
                return None
            answers = dict(
                (
                    await session.execute(
                        select(CheckinAnswer.answer, func.count())
                        .where(CheckinAnswer.user_pk == user.id)
                        .group_by(CheckinAnswer.answer)
                    )
                ).all()
            )
            practised = await session.scalar(
                select(func.count()).where(PracticeRecord.user_pk == user.id)
            )
            fits = await session.scalar(select(func.count()).where(FitRecord.user_pk == user.id))
            return Stats(
                streak=user.streak,
                best_streak=user.best_streak,
                done=answers.get("done", 0),
                skipped=answers.get("skip", 0),
                practised=practised or 0,
                fits=fits or 0,
            )

    async def leaderboard(self, platform: str, workspace: str, limit: int = 10) -> list[User]:
        async with self.sessions() as session:
            rows = await session.scalars(
                select(User)
                .where(User.platform == platform, User.workspace == workspace, User.streak > 0)
                .order_by(User.streak.desc(), User.best_streak.desc(), User.id)
                .limit(limit)
            )
            return list(rows)

    # schedules -------------------------------------------------------------------------

    async def add_schedule(self, schedule: Schedule) -> Schedule:
        async with self.sessions.begin() as session:
            session.add(schedule)
            await session.flush()
            return schedule

    async def add_schedules(self, schedules: Sequence[Schedule]) -> None:
        async with self.sessions.begin() as session:
            session.add_all(schedules)

    async def schedule(self, schedule_id: int) -> Schedule | None:
        async with self.sessions() as session:
            return await session.get(Schedule, schedule_id)

    async def schedules(
        self,
        platform: str,
        workspace: str,
        *,
        target: str | None = None,
        owner: str | None = None,
        kinds: Sequence[ScheduleKind] = (ScheduleKind.CHANNEL,),
    ) -> list[Schedule]:
        query = select(Schedule).where(
            Schedule.platform == platform,
            Schedule.workspace == workspace,
            Schedule.kind.in_(kinds),
        )
        if target is not None:
            query = query.where(Schedule.target == target)
        if owner is not None:
            query = query.where(Schedule.owner == owner)
        async with self.sessions() as session:
            return list(await session.scalars(query.order_by(Schedule.id)))

    async def all_schedules(self) -> list[Schedule]:
        async with self.sessions() as session:
            return list(await session.scalars(select(Schedule).order_by(Schedule.id)))

    async def remove_schedule(self, schedule_id: int) -> bool:
        async with self.sessions.begin() as session:
            result = await session.execute(delete(Schedule).where(Schedule.id == schedule_id))
            return _rowcount(result) == 1

    async def remove_personal(self, key: UserKey) -> int:
        """Remove a user's check-in and weekly summary."""
        async with self.sessions.begin() as session:
            result = await session.execute(
                delete(Schedule).where(
                    Schedule.platform == key.platform,
                    Schedule.workspace == key.workspace,
                    Schedule.target == key.user_id,
                    Schedule.kind.in_((ScheduleKind.CHECKIN, ScheduleKind.SUMMARY)),
                )
            )
            return _rowcount(result)

    async def set_paused(
        self, schedule_id: int, reason: str | None, next_fire_at: datetime | None = None
    ) -> bool:
        """Pause (with a reason) or resume (reason None); True if this call changed it."""
        values: dict[str, object] = {"paused": reason is not None, "pause_reason": reason}
        if next_fire_at is not None:
            values["next_fire_at"] = next_fire_at
        async with self.sessions.begin() as session:
            result = await session.execute(
                update(Schedule)
                .where(Schedule.id == schedule_id, Schedule.paused.is_(reason is None))
                .values(**values)
            )
            return _rowcount(result) == 1

    # the dispatcher --------------------------------------------------------------------

    async def due(self, now: datetime, limit: int, platforms: Sequence[str]) -> list[Schedule]:
        async with self.sessions() as session:
            rows = await session.scalars(
                select(Schedule)
                .where(
                    Schedule.paused.is_(False),
                    Schedule.next_fire_at <= now,
                    Schedule.platform.in_(platforms),
                )
                .order_by(Schedule.next_fire_at, Schedule.id)
                .limit(limit)
            )
            return list(rows)

    async def claim(
        self, claims: Sequence[Claim], status: DeliveryStatus, worker: str, now: datetime
    ) -> dict[int, int]:
        """Insert deliveries, skipping occurrences already claimed; {schedule_id: delivery_id}
        for the ones this call inserted."""
        if not claims:
            return {}
        rows = [
            {
                "schedule_id": c.schedule_id,
                "local_date": c.local_date,
                "fire_at": c.fire_at,
                "status": status,
                "late": c.late,
                "attempts": 1,
                "claimed_by": worker,
                "claimed_at": now,
                "question_id": c.question_id,
                "finished_at": now if status is DeliveryStatus.SKIPPED else None,
            }
            for c in claims
        ]
        dialect = postgresql if self.engine.dialect.name == "postgresql" else sqlite
        statement = (
            dialect.insert(Delivery)
            .values(rows)
            .on_conflict_do_nothing(index_elements=["schedule_id", "local_date"])
            .returning(Delivery.schedule_id, Delivery.id)
        )
        async with self.sessions.begin() as session:
            result = await session.execute(statement)
            return {schedule_id: delivery_id for schedule_id, delivery_id in result.all()}

    async def advance(self, moves: dict[int, tuple[datetime, datetime]]) -> None:
        """Move schedules on from the occurrence they were at (compare-and-set per schedule)."""
        if not moves:
            return
        async with self.sessions.begin() as session:
            for schedule_id, (was, then) in moves.items():
                await session.execute(
                    update(Schedule)
                    .where(Schedule.id == schedule_id, Schedule.next_fire_at == was)
                    .values(next_fire_at=then)
                )

    async def expired_claims(self, before: datetime, limit: int) -> list[tuple[Delivery, Schedule]]:
        async with self.sessions() as session:
            rows = await session.execute(
                select(Delivery, Schedule)
                .join(Schedule, Schedule.id == Delivery.schedule_id)
                .where(Delivery.status == DeliveryStatus.CLAIMED, Delivery.claimed_at < before)
                .order_by(Delivery.id)
                .limit(limit)
            )
            return [(row[0], row[1]) for row in rows]

    async def reclaim(self, delivery: Delivery, worker: str, now: datetime) -> bool:
        """Take over an expired claim; only one process gets True."""
        async with self.sessions.begin() as session:
            result = await session.execute(
                update(Delivery)
                .where(
                    Delivery.id == delivery.id,
                    Delivery.status == DeliveryStatus.CLAIMED,
                    Delivery.claimed_at == delivery.claimed_at,
                )
                .values(claimed_at=now, claimed_by=worker, attempts=Delivery.attempts + 1)
            )
            return _rowcount(result) == 1

    async def finish(
        self,
        delivery_id: int,
        status: DeliveryStatus,
        now: datetime,
        *,
        message_id: str | None = None,
        error: str | None = None,
    ) -> None:
        async with self.sessions.begin() as session:
            await session.execute(
                update(Delivery)
                .where(Delivery.id == delivery_id)
                .values(status=status, message_id=message_id, error=error, finished_at=now)
            )

    async def delivery(self, delivery_id: int) -> Delivery | None:
        async with self.sessions() as session:
            return await session.get(Delivery, delivery_id)

    async def deliveries(self, schedule_id: int | None = None) -> list[Delivery]:
        query = select(Delivery).order_by(Delivery.id)
        if schedule_id is not None:
            query = query.where(Delivery.schedule_id == schedule_id)
        async with self.sessions() as session:
            return list(await session.scalars(query))

    async def questions_posted(self, platform: str, workspace: str, target: str) -> list[str]:
        """Question ids a channel has been sent, oldest first."""
        async with self.sessions() as session:
            rows = await session.scalars(
                select(Delivery.question_id)
                .join(Schedule, Schedule.id == Delivery.schedule_id)
                .where(
                    Schedule.platform == platform,
                    Schedule.workspace == workspace,
                    Schedule.target == target,
                    Delivery.question_id.is_not(None),
                    Delivery.status.in_((DeliveryStatus.SENT, DeliveryStatus.CLAIMED)),
                )
                .order_by(Delivery.id)
            )
            return [q for q in rows if q is not None]


def _is(key: UserKey) -> tuple[ColumnElement[bool], ...]:
    return (
        User.platform == key.platform,
        User.workspace == key.workspace,
        User.user_id == key.user_id,
    )


async def _user(session: AsyncSession, key: UserKey) -> User | None:
    return await session.scalar(select(User).where(*_is(key)))


def _rowcount(result: object) -> int:
    return int(getattr(result, "rowcount", 0) or 0)
