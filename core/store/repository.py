"""Everything the core reads and writes, behind one class; each method is one transaction."""

from __future__ import annotations

from collections.abc import AsyncIterator, Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import ColumnElement, and_, bindparam, delete, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from core.identity import UserKey
from core.store.database import session_factory
from core.store.tables import (
    Base,
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
class Outcome:
    """How a claimed delivery ended, to record with others in one transaction."""

    delivery_id: int
    status: DeliveryStatus
    finished_at: datetime
    message_id: str | None = None
    error: str | None = None


Target = tuple[str, str, str]  # platform, workspace, channel or user id
_REASON_LENGTH, _ERROR_LENGTH = 200, 300  # Schedule.pause_reason, Delivery.error
_IN_CHUNK = 500  # values per IN (...) list, well inside every backend's parameter limit
_POSTED = (DeliveryStatus.SENT, DeliveryStatus.CLAIMED)  # what counts as asked, for rotation


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

    async def users(self, keys: Collection[UserKey]) -> dict[UserKey, User]:
        """Many users at once (the dispatcher's check-ins); the ones that exist."""
        found: dict[UserKey, User] = {}
        wanted = set(keys)
        ids = sorted({k.user_id for k in wanted})
        async with self.sessions() as session:
            for start in range(0, len(ids), _IN_CHUNK):
                rows = await session.scalars(
                    select(User).where(User.user_id.in_(ids[start : start + _IN_CHUNK]))
                )
                for user in rows:
                    key = UserKey(user.platform, user.workspace, user.user_id)
                    if key in wanted:
                        found[key] = user
        return found

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
                    or_(
                        Schedule.owner == key.user_id,
                        # their check-ins; not a channel that happens to share the id
                        and_(
                            Schedule.target == key.user_id,
                            Schedule.kind.in_((ScheduleKind.CHECKIN, ScheduleKind.SUMMARY)),
                        ),
                    ),
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

    async def practice_history(self, key: UserKey) -> list[str]:
        """The question ids a user was asked, newest first."""
        async with self.sessions() as session:
            rows = await session.scalars(
                select(PracticeRecord.question_id)
                .join(User, User.id == PracticeRecord.user_pk)
                .where(*_is(key))
                .order_by(PracticeRecord.id.desc())
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
            # A late press of an older day's button is recorded, but must not move the streak
            # back in time (it would reset a streak that has run on since).
            if answer == "done" and (user.last_done is None or local_date > user.last_done):
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

    async def each_schedule(self, batch: int = 1000) -> AsyncIterator[Schedule]:
        """Every schedule, read in batches so that memory stays flat however many there are."""
        async with self.sessions() as session:
            rows = await session.stream_scalars(
                select(Schedule).order_by(Schedule.id).execution_options(yield_per=batch)
            )
            async for schedule in rows:
                yield schedule

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
        values: dict[str, object] = {
            "paused": reason is not None,
            "pause_reason": _clip(reason, _REASON_LENGTH),
        }
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
        table = Base.metadata.tables[Delivery.__tablename__]
        # One statement executed for every row ("insertmanyvalues": batched into multi-row
        # INSERTs, compiled once and cached), in a fixed order so that concurrent claimers
        # take the unique index's locks in the same order.
        statement = (
            dialect.insert(table)
            .on_conflict_do_nothing(index_elements=["schedule_id", "local_date"])
            .returning(table.c.schedule_id, table.c.id)
        )
        rows.sort(key=lambda row: (row["schedule_id"], row["local_date"]))
        async with self.sessions.begin() as session:
            connection = await session.connection()
            result = await connection.execute(statement, rows)
            return {schedule_id: delivery_id for schedule_id, delivery_id in result.all()}

    async def advance(self, moves: dict[int, tuple[datetime, datetime]]) -> None:
        """Move schedules on from the occurrence they were at (compare-and-set per schedule),
        in one statement executed for every schedule."""
        if not moves:
            return
        table = Base.metadata.tables[Schedule.__tablename__]
        statement = (
            update(table)
            .where(table.c.id == bindparam("b_id"), table.c.next_fire_at == bindparam("b_was"))
            .values(next_fire_at=bindparam("b_then"))
        )
        params = [
            {"b_id": schedule_id, "b_was": was, "b_then": then}
            for schedule_id, (was, then) in sorted(moves.items())
        ]
        async with self.sessions.begin() as session:
            connection = await session.connection()
            await connection.execute(statement, params)

    async def expired_claims(
        self, before: datetime, limit: int, platforms: Sequence[str] | None = None
    ) -> list[tuple[Delivery, Schedule]]:
        """Claims never completed, on the platforms a process serves (else another
        platform's could fill the limit, and this process's would wait for ever)."""
        query = (
            select(Delivery, Schedule)
            .join(Schedule, Schedule.id == Delivery.schedule_id)
            .where(Delivery.status == DeliveryStatus.CLAIMED, Delivery.claimed_at < before)
        )
        if platforms is not None:
            query = query.where(Schedule.platform.in_(platforms))
        async with self.sessions() as session:
            rows = await session.execute(query.order_by(Delivery.id).limit(limit))
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

    async def renew(self, delivery_id: int, worker: str, now: datetime) -> bool:
        """Extend this worker's claim before a retry; False if the claim is no longer its own."""
        async with self.sessions.begin() as session:
            result = await session.execute(
                update(Delivery)
                .where(
                    Delivery.id == delivery_id,
                    Delivery.status == DeliveryStatus.CLAIMED,
                    Delivery.claimed_by == worker,
                )
                .values(claimed_at=now)
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
                .values(
                    status=status,
                    message_id=message_id,
                    error=_clip(error, _ERROR_LENGTH),
                    finished_at=now,
                )
            )

    async def finish_many(self, outcomes: Sequence[Outcome]) -> None:
        """Record many deliveries' outcomes in one transaction."""
        if not outcomes:
            return
        table = Base.metadata.tables[Delivery.__tablename__]
        statement = (
            update(table)
            .where(table.c.id == bindparam("b_id"))
            .values(
                status=bindparam("b_status"),
                message_id=bindparam("b_message_id"),
                error=bindparam("b_error"),
                finished_at=bindparam("b_finished_at"),
            )
        )
        params = [
            {
                "b_id": o.delivery_id,
                "b_status": o.status,
                "b_message_id": o.message_id,
                "b_error": _clip(o.error, _ERROR_LENGTH),
                "b_finished_at": o.finished_at,
            }
            for o in sorted(outcomes, key=lambda o: o.delivery_id)
        ]
        async with self.sessions.begin() as session:
            connection = await session.connection()
            await connection.execute(statement, params)

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
        key = (platform, workspace, target)
        return (await self.questions_posted_many([key]))[key]

    async def questions_posted_many(self, targets: Collection[Target]) -> dict[Target, list[str]]:
        """Question ids each of many channels (or users) has been sent, oldest first; a few
        queries for hundreds of targets instead of one each.

        Two steps, so that SQLite looks deliveries up by schedule (the occurrence key's index)
        instead of walking every delivery through the status index, which it prefers for any
        query joining the two or filtering on status."""
        history: dict[Target, list[str]] = {t: [] for t in targets}
        names = sorted({target for _, _, target in history})
        owners: dict[int, Target] = {}
        found: list[tuple[int, int, str]] = []
        async with self.sessions() as session:
            for start in range(0, len(names), _IN_CHUNK):
                rows = await session.execute(
                    select(
                        Schedule.id, Schedule.platform, Schedule.workspace, Schedule.target
                    ).where(Schedule.target.in_(names[start : start + _IN_CHUNK]))
                )
                for schedule_id, platform, workspace, target in rows:
                    if (platform, workspace, target) in history:
                        owners[schedule_id] = (platform, workspace, target)
            ids = sorted(owners)
            for start in range(0, len(ids), _IN_CHUNK):
                deliveries = await session.execute(
                    select(
                        Delivery.id, Delivery.schedule_id, Delivery.question_id, Delivery.status
                    ).where(
                        Delivery.schedule_id.in_(ids[start : start + _IN_CHUNK]),
                        Delivery.question_id.is_not(None),
                    )
                )
                found.extend(
                    (delivery_id, schedule_id, question_id)
                    for delivery_id, schedule_id, question_id, status in deliveries
                    if question_id is not None and status in _POSTED
                )
        for _, schedule_id, question_id in sorted(found):
            history[owners[schedule_id]].append(question_id)
        return history


def _is(key: UserKey) -> tuple[ColumnElement[bool], ...]:
    return (
        User.platform == key.platform,
        User.workspace == key.workspace,
        User.user_id == key.user_id,
    )


async def _user(session: AsyncSession, key: UserKey) -> User | None:
    return await session.scalar(select(User).where(*_is(key)))


def _clip(text: str | None, length: int) -> str | None:
    """A platform's error text, cut to fit its column (PostgreSQL refuses longer values)."""
    return text if text is None or len(text) <= length else text[: length - 1] + "…"


def _rowcount(result: object) -> int:
    return int(getattr(result, "rowcount", 0) or 0)
