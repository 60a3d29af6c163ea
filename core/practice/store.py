"""Spaced-repetition cards, the review log and kept answers on SQLAlchemy.

A grade is recorded at most once per review: the review row's unique key (member, question,
the card's review count before it) and a compare-and-set on the card's count both refuse a
second recording, whichever replica it comes from.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date, datetime

from sqlalchemy import and_, func, literal_column, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.coaching.profile import DONE, Profile
from core.kernel.identity import UserKey
from core.kernel.platform import Platform
from core.practice.srs import Card, Grade, GradedBy, Review
from core.store import rows
from core.store.practised import mark_practised, practised
from core.store.tables import AnswerRow, CardRow, CheckinAnswer, ReviewRow, UserRow
from core.store.users import ensure_user, find_user, is_user


class CardRepository:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self.sessions = sessions

    async def cards(self, key: UserKey) -> list[Card]:
        """Every card of a member."""
        async with self.sessions() as session:
            found = await session.scalars(
                select(CardRow).join(UserRow, UserRow.id == CardRow.user_pk).where(*is_user(key))
            )
            return [_card(row) for row in found]

    async def due(self, key: UserKey, until: datetime, limit: int = 50) -> list[Card]:
        """A member's cards due by `until`, most overdue first."""
        async with self.sessions() as session:
            user = await find_user(session, key)
            if user is None:
                return []
            found = await session.scalars(
                select(CardRow)
                .where(CardRow.user_pk == user.id, CardRow.due <= until)
                .order_by(CardRow.due, CardRow.id)
                .limit(limit)
            )
            return [_card(row) for row in found]

    async def record(
        self, key: UserKey, card: Card, review: Review, weakest: str | None, now: datetime
    ) -> bool:
        """Log a review and store the card it left; False (and nothing written) if that
        review was already recorded."""
        try:
            async with self.sessions.begin() as session:
                user = await ensure_user(session, key, now)
                await store_review(session, user.id, card, review)
                user.weakest_category = weakest
                mark_practised(user, review.local_date)
        except (IntegrityError, AlreadyRecorded):
            return False
        return True

    async def reschedule(
        self, key: UserKey, cards: Collection[Card], moves: Mapping[str, datetime]
    ) -> int:
        """Move these cards (question id to due) as they were read: a card graded meanwhile
        has moved on and is left as its grade left it. How many moved."""
        reps = {card.question_id: card.reps for card in cards}
        moved = 0
        async with self.sessions.begin() as session:
            user = await find_user(session, key)
            if user is None:
                return 0
            for question_id, due in sorted(moves.items()):
                done = await session.execute(
                    update(CardRow)
                    .where(
                        CardRow.user_pk == user.id,
                        CardRow.question_id == question_id,
                        CardRow.reps == reps[question_id],
                    )
                    .values(due=due)
                )
                moved += rows.rowcount(done)
        return moved

    async def reviews(self, key: UserKey, since: datetime | None = None) -> list[Review]:
        """A member's reviews, oldest first; from `since` on if given."""
        query = (
            select(ReviewRow)
            .join(UserRow, UserRow.id == ReviewRow.user_pk)
            .where(*is_user(key))
            .order_by(ReviewRow.reviewed_at, ReviewRow.id)
        )
        if since is not None:
            query = query.where(ReviewRow.reviewed_at >= since)
        async with self.sessions() as session:
            return [_review(row) for row in await session.scalars(query)]

    async def done_days(self, key: UserKey, since: date) -> list[date]:
        """Days since `since` on which the member marked their check-in done."""
        async with self.sessions() as session:
            found = await session.scalars(
                select(CheckinAnswer.local_date)
                .join(UserRow, UserRow.id == CheckinAnswer.user_pk)
                .where(
                    *is_user(key),
                    CheckinAnswer.answer == DONE,
                    CheckinAnswer.local_date >= since,
                )
            )
            return list(found)

    async def keep_answer(self, key: UserKey, question_id: str, text: str, now: datetime) -> None:
        async with self.sessions.begin() as session:
            user = await ensure_user(session, key, now)
            session.add(
                AnswerRow(user_pk=user.id, question_id=question_id, text=text, created_at=now)
            )

    async def answers(self, key: UserKey) -> list[tuple[str, str]]:
        """The answers kept for a member, oldest first: (question id, text)."""
        async with self.sessions() as session:
            found = await session.execute(
                select(AnswerRow.question_id, AnswerRow.text)
                .join(UserRow, UserRow.id == AnswerRow.user_pk)
                .where(*is_user(key))
                .order_by(AnswerRow.id)
            )
            return [(question_id, text) for question_id, text in found]

    async def due_counts(self, keys: Collection[UserKey], until: datetime) -> dict[UserKey, int]:
        """How many cards each member has due by `until` (the members with any), for the
        check-in fan-out: one query per few hundred members, each member found through the
        users' unique index and their cards counted in the (user, due) index alone."""
        ordered = sorted(set(keys), key=lambda k: (k.platform.value, k.workspace, k.user_id))
        counts: dict[UserKey, int] = {}
        async with self.sessions() as session:
            for start in range(0, len(ordered), rows.IN_CHUNK):
                groups: dict[tuple[str, str], list[str]] = {}
                for key in ordered[start : start + rows.IN_CHUNK]:
                    groups.setdefault((key.platform.value, key.workspace), []).append(key.user_id)
                found = await session.execute(
                    select(UserRow.platform, UserRow.workspace, UserRow.user_id, func.count())
                    .join(CardRow, (CardRow.user_pk == UserRow.id) & (CardRow.due <= until))
                    .where(
                        or_(
                            *(
                                and_(
                                    UserRow.platform == platform,
                                    UserRow.workspace == workspace,
                                    UserRow.user_id.in_(ids),
                                )
                                for (platform, workspace), ids in groups.items()
                            )
                        )
                    )
                    .group_by(UserRow.id, UserRow.platform, UserRow.workspace, UserRow.user_id)
                )
                for platform, workspace, user_id, count in found:
                    counts[UserKey(Platform(platform), workspace, user_id)] = int(count)
        return counts

    async def consistency(
        self, platform: Platform, workspace: str, since: date, limit: int = 10
    ) -> list[tuple[Profile, int]]:
        """Members of a workspace by the days they practised since `since`; the most
        consistent first."""
        days = practised(since).subquery()
        per_user = (
            select(days.c.user_pk, func.count(literal_column("*")).label("days"))
            .group_by(days.c.user_pk)
            .subquery()
        )
        async with self.sessions() as session:
            found = await session.execute(
                select(UserRow, per_user.c.days)
                .join(per_user, per_user.c.user_pk == UserRow.id)
                .where(UserRow.platform == platform.value, UserRow.workspace == workspace)
                .order_by(per_user.c.days.desc(), UserRow.streak.desc(), UserRow.id)
                .limit(limit)
            )
            return [(rows.profile(row), int(count)) for row, count in found.all()]


class AlreadyRecorded(Exception):
    """The card moved on since the review was served: roll the transaction back."""


async def store_review(session: AsyncSession, user_pk: int, card: Card, review: Review) -> None:
    """Log `review` and store the card it left, in the caller's transaction; raises
    IntegrityError or AlreadyRecorded when that review was recorded already."""
    session.add(_review_row(user_pk, review))
    await session.flush()  # the unique key refuses a second recording here
    if review.seq == 0:
        session.add(CardRow(user_pk=user_pk, **card_values(card)))
        await session.flush()
        return
    moved = await session.execute(
        update(CardRow)
        .where(
            CardRow.user_pk == user_pk,
            CardRow.question_id == card.question_id,
            CardRow.reps == review.seq,
        )
        .values(**card_values(card))
    )
    if rows.rowcount(moved) != 1:
        raise AlreadyRecorded


def card_values(card: Card) -> dict[str, object]:
    return {
        "question_id": card.question_id,
        "category": card.category,
        "due": card.due,
        "stability": card.stability,
        "difficulty": card.difficulty,
        "last_review": card.last_review,
        "reps": card.reps,
        "lapses": card.lapses,
    }


def _card(row: CardRow) -> Card:
    return Card(
        question_id=row.question_id,
        category=row.category,
        due=row.due,
        stability=row.stability,
        difficulty=row.difficulty,
        last_review=row.last_review,
        reps=row.reps,
        lapses=row.lapses,
    )


def _review_row(user_pk: int, review: Review) -> ReviewRow:
    return ReviewRow(
        user_pk=user_pk,
        question_id=review.question_id,
        category=review.category,
        seq=review.seq,
        grade=int(review.grade),
        covered=review.covered,
        total=review.total,
        graded_by=review.graded_by.value,
        other_grade=None if review.other_grade is None else int(review.other_grade),
        other_by=None if review.other_by is None else review.other_by.value,
        reviewed_at=review.reviewed_at,
        local_date=review.local_date,
        stability=review.stability,
        due=review.due,
    )


def _review(row: ReviewRow) -> Review:
    return Review(
        question_id=row.question_id,
        category=row.category,
        seq=row.seq,
        grade=Grade(row.grade),
        reviewed_at=row.reviewed_at,
        local_date=row.local_date,
        stability=row.stability,
        due=row.due,
        covered=row.covered,
        total=row.total,
        graded_by=GradedBy(row.graded_by),
        other_grade=None if row.other_grade is None else Grade(row.other_grade),
        other_by=None if row.other_by is None else GradedBy(row.other_by),
    )
