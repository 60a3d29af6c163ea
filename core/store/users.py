"""Members on SQLAlchemy: profile, streak, practice, quiz results and check-in answers."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime

from sqlalchemy import ColumnElement, and_, delete, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.coaching.profile import DONE, SKIP, Answered, Consent, Profile, Stats
from core.kernel.identity import UserKey
from core.kernel.platform import Platform
from core.scheduling.schedules import PERSONAL_KINDS
from core.store import rows
from core.store.practised import mark_practised, practised, recount_streak
from core.store.tables import (
    CheckinAnswer,
    FitRecord,
    PracticeRecord,
    RotationRow,
    ScheduleRow,
    UserRow,
)


class UserRepository:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self.sessions = sessions

    async def user(self, key: UserKey) -> Profile | None:
        async with self.sessions() as session:
            row = await find_user(session, key)
            return rows.profile(row) if row else None

    async def users(self, keys: Collection[UserKey]) -> dict[UserKey, Profile]:
        """Many members at once (the dispatcher's check-ins); the ones that exist."""
        found: dict[UserKey, Profile] = {}
        wanted = set(keys)
        ids = sorted({k.user_id for k in wanted})
        async with self.sessions() as session:
            for start in range(0, len(ids), rows.IN_CHUNK):
                chunk = ids[start : start + rows.IN_CHUNK]
                for row in await session.scalars(select(UserRow).where(UserRow.user_id.in_(chunk))):
                    profile = rows.profile(row)
                    if profile.key in wanted:
                        found[profile.key] = profile
        return found

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
    ) -> Profile:
        async with self.sessions.begin() as session:
            row = await ensure_user(session, key, now)
            if reviews_a_day is not None:
                row.reviews_a_day = reviews_a_day
            if keep_answers is not None:
                row.keep_answers = keep_answers
            if ai_feedback is not None:
                row.ai_feedback = ai_feedback.value
            if role is not None:
                row.target_role = role
            if interview is not None:
                row.interview_date = interview
            if timezone is not None:
                row.timezone = timezone
            return rows.profile(row)

    async def record_outcome(self, key: UserKey, outcome: str, now: datetime) -> Profile:
        """How the member says their interview went."""
        async with self.sessions.begin() as session:
            row = await ensure_user(session, key, now)
            row.interview_outcome = outcome
            return rows.profile(row)

    async def record_practice(self, key: UserKey, question_id: str, now: datetime) -> None:
        async with self.sessions.begin() as session:
            row = await ensure_user(session, key, now)
            session.add(PracticeRecord(user_pk=row.id, question_id=question_id, asked_at=now))

    async def practice_history(self, key: UserKey) -> list[str]:
        """The question ids a member was asked, newest first."""
        async with self.sessions() as session:
            found = await session.scalars(
                select(PracticeRecord.question_id)
                .join(UserRow, UserRow.id == PracticeRecord.user_pk)
                .where(*is_user(key))
                .order_by(PracticeRecord.id.desc())
            )
            return list(found)

    async def record_fit(self, key: UserKey, best: str, answers: str, now: datetime) -> None:
        async with self.sessions.begin() as session:
            row = await ensure_user(session, key, now)
            session.add(FitRecord(user_pk=row.id, best_role=best, answers=answers, created_at=now))

    async def answer_checkin(
        self, key: UserKey, local_date: date, answer: str, now: datetime, *, changeable: bool
    ) -> tuple[Profile, Answered]:
        """Record the day's answer; `done` extends the streak. A day already answered keeps
        its answer unless `changeable` (the day is not over), when the other answer replaces
        it and the streak is worked out again from every day marked done."""
        async with self.sessions.begin() as session:
            row = await ensure_user(session, key, now)
            existing = await session.scalar(
                select(CheckinAnswer).where(
                    CheckinAnswer.user_pk == row.id, CheckinAnswer.local_date == local_date
                )
            )
            if existing is not None and existing.answer == answer:
                return rows.profile(row), Answered.UNCHANGED
            if existing is not None and not changeable:
                return rows.profile(row), Answered.SETTLED
            if existing is None:
                session.add(
                    CheckinAnswer(
                        user_pk=row.id, local_date=local_date, answer=answer, answered_at=now
                    )
                )
                if answer == DONE:
                    mark_practised(row, local_date)
                outcome = Answered.RECORDED
            else:
                existing.answer, existing.answered_at = answer, now
                await session.flush()
                await recount_streak(session, row)
                outcome = Answered.CHANGED
            return rows.profile(row), outcome

    async def done_since(self, key: UserKey, since: date) -> int:
        """Days since `since` on which the member practised."""
        async with self.sessions() as session:
            row = await find_user(session, key)
            if row is None:
                return 0
            days = practised(since, row.id).subquery()
            return await session.scalar(select(func.count()).select_from(days)) or 0

    async def stats(self, key: UserKey) -> Stats | None:
        async with self.sessions() as session:
            row = await find_user(session, key)
            if row is None:
                return None
            answers = dict(
                (
                    await session.execute(
                        select(CheckinAnswer.answer, func.count())
                        .where(CheckinAnswer.user_pk == row.id)
                        .group_by(CheckinAnswer.answer)
                    )
                ).all()
            )
            practised = await session.scalar(
                select(func.count()).where(PracticeRecord.user_pk == row.id)
            )
            fits = await session.scalar(select(func.count()).where(FitRecord.user_pk == row.id))
            return Stats(
                streak=row.streak,
                best_streak=row.best_streak,
                done=answers.get(DONE, 0),
                skipped=answers.get(SKIP, 0),
                practised=practised or 0,
                fits=fits or 0,
            )

    async def leaderboard(
        self, platform: Platform, workspace: str, limit: int = 10
    ) -> list[Profile]:
        async with self.sessions() as session:
            found = await session.scalars(
                select(UserRow)
                .where(
                    UserRow.platform == platform.value,
                    UserRow.workspace == workspace,
                    UserRow.streak > 0,
                )
                .order_by(UserRow.streak.desc(), UserRow.best_streak.desc(), UserRow.id)
                .limit(limit)
            )
            return [rows.profile(row) for row in found]

    async def forget(self, key: UserKey) -> tuple[bool, int]:
        """Delete the member, their history and every schedule they own."""
        async with self.sessions.begin() as session:
            owned = await session.execute(
                delete(ScheduleRow).where(
                    ScheduleRow.platform == key.platform.value,
                    ScheduleRow.workspace == key.workspace,
                    or_(
                        ScheduleRow.owner == key.user_id,
                        # their personal schedules; not a channel that happens to share the id
                        and_(
                            ScheduleRow.target == key.user_id,
                            ScheduleRow.kind.in_(PERSONAL_KINDS),
                        ),
                    ),
                )
            )
            # where their check-ins were in the cycle of questions
            await session.execute(
                delete(RotationRow).where(
                    RotationRow.platform == key.platform.value,
                    RotationRow.workspace == key.workspace,
                    RotationRow.target == key.user_id,
                )
            )
            removed = await session.execute(delete(UserRow).where(*is_user(key)))
            return bool(rows.rowcount(removed)), rows.rowcount(owned)


def is_user(key: UserKey) -> tuple[ColumnElement[bool], ...]:
    return (
        UserRow.platform == key.platform.value,
        UserRow.workspace == key.workspace,
        UserRow.user_id == key.user_id,
    )


async def find_user(session: AsyncSession, key: UserKey) -> UserRow | None:
    return await session.scalar(select(UserRow).where(*is_user(key)))


async def ensure_user(session: AsyncSession, key: UserKey, now: datetime) -> UserRow:
    """The member's row, created inside the caller's transaction if it is not there yet."""
    row = await find_user(session, key)
    if row is None:
        row = UserRow(
            platform=key.platform.value,
            workspace=key.workspace,
            user_id=key.user_id,
            streak=0,
            best_streak=0,
            keep_answers=False,
            created_at=now,
        )
        session.add(row)
        await session.flush()
    return row
