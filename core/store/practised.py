"""What counts as a day practised, the one rule behind the streak, a channel's leaderboard and
the weekly summary: a day, in the member's own zone, on which they graded a question or marked
their check-in done. Asking for a question without grading it does not count."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Select, select, union
from sqlalchemy.ext.asyncio import AsyncSession

from core.coaching.profile import DONE, Streak, streak_of
from core.store.tables import CheckinAnswer, ReviewRow, UserRow


def practised(since: date | None = None, user_pk: int | None = None) -> Select[tuple[int, date]]:
    """(member, day) for every day practised, each once; from `since` on, of one member if
    given."""
    reviewed = select(ReviewRow.user_pk, ReviewRow.local_date.label("day"))
    done = select(CheckinAnswer.user_pk, CheckinAnswer.local_date.label("day")).where(
        CheckinAnswer.answer == DONE
    )
    if since is not None:
        reviewed = reviewed.where(ReviewRow.local_date >= since)
        done = done.where(CheckinAnswer.local_date >= since)
    if user_pk is not None:
        reviewed = reviewed.where(ReviewRow.user_pk == user_pk)
        done = done.where(CheckinAnswer.user_pk == user_pk)
    days = union(reviewed, done).subquery()
    return select(days.c.user_pk, days.c.day)


def mark_practised(row: UserRow, day: date) -> Streak:
    """Extend the member's stored streak by a day practised."""
    streak = Streak(row.streak, row.best_streak, row.last_done).after_done(day)
    _store(row, streak)
    return streak


async def recount_streak(session: AsyncSession, row: UserRow) -> Streak:
    """The streak worked out again from every day practised, in the order each day was first
    practised (an answer changed while its day lasts)."""
    reviewed = select(ReviewRow.local_date, ReviewRow.reviewed_at).where(
        ReviewRow.user_pk == row.id
    )
    done = select(CheckinAnswer.local_date, CheckinAnswer.answered_at).where(
        CheckinAnswer.user_pk == row.id, CheckinAnswer.answer == DONE
    )
    moments = sorted(
        [*await session.execute(reviewed), *await session.execute(done)], key=lambda found: found[1]
    )
    streak = streak_of(day for day, _ in moments)
    _store(row, streak)
    return streak


def _store(row: UserRow, streak: Streak) -> None:
    row.streak, row.best_streak, row.last_done = streak.current, streak.best, streak.last_done
