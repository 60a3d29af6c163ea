"""Partners' feedback forms on SQLAlchemy, each kept in one transaction with what it does to
the member's card."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.kernel.identity import UserKey
from core.kernel.platform import Platform
from core.pairing.feedback import PeerFeedback, dump_card, load_card
from core.pairing.tables import PeerFeedbackRow
from core.practice.srs import Card, GradedBy, Review
from core.practice.store import AlreadyRecorded, card_values, store_review
from core.store import rows
from core.store.practised import mark_practised
from core.store.tables import CardRow, ReviewRow, UserRow
from core.store.users import ensure_user, find_user


class PeerFeedbackRepository:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self.sessions = sessions

    async def give(
        self,
        feedback: PeerFeedback,
        now: datetime,
        graded: tuple[Card, Review] | None = None,
        own_seq: int | None = None,
    ) -> int | None:
        try:
            async with self.sessions.begin() as session:
                user = await ensure_user(session, feedback.interviewee, now)
                row = _row(user.id, feedback, now)
                session.add(row)
                await session.flush()  # the unique key refuses a second form here
                if graded is not None:
                    card, review = graded
                    await store_review(session, user.id, card, review)
                    mark_practised(user, review.local_date)
                elif own_seq is not None:
                    await session.execute(
                        update(ReviewRow)
                        .where(
                            ReviewRow.user_pk == user.id,
                            ReviewRow.question_id == feedback.question_id,
                            ReviewRow.seq == own_seq,
                        )
                        .values(other_grade=feedback.grade, other_by=GradedBy.PEER.value)
                    )
                return row.id
        except (IntegrityError, AlreadyRecorded):
            return None

    async def feedback(self, feedback_id: int) -> PeerFeedback | None:
        async with self.sessions() as session:
            found = await session.execute(
                select(PeerFeedbackRow, UserRow)
                .join(UserRow, UserRow.id == PeerFeedbackRow.user_pk)
                .where(PeerFeedbackRow.id == feedback_id)
            )
            pair = found.first()
            if pair is None:
                return None
            row, user = pair
            key = UserKey(Platform(user.platform), user.workspace, user.user_id)
            return _feedback(key, row)

    async def replace(self, feedback: PeerFeedback, card: Card, review: Review) -> bool:
        try:
            return await self._replace(feedback, card, review)
        except AlreadyRecorded:
            return False  # reviewed again since: that later review stands

    async def _replace(self, feedback: PeerFeedback, card: Card, review: Review) -> bool:
        assert feedback.seq is not None
        async with self.sessions.begin() as session:
            user = await find_user(session, feedback.interviewee)
            if user is None:
                return False
            swapped = await session.execute(
                update(ReviewRow)
                .where(
                    ReviewRow.user_pk == user.id,
                    ReviewRow.question_id == feedback.question_id,
                    ReviewRow.seq == feedback.seq,
                    ReviewRow.graded_by == GradedBy.PEER.value,
                )
                .values(
                    grade=int(review.grade),
                    graded_by=review.graded_by.value,
                    other_grade=feedback.grade,
                    other_by=GradedBy.PEER.value,
                    reviewed_at=review.reviewed_at,
                    local_date=review.local_date,
                    stability=review.stability,
                    due=review.due,
                )
            )
            if rows.rowcount(swapped) != 1:
                return False
            moved = await session.execute(
                update(CardRow)
                .where(
                    CardRow.user_pk == user.id,
                    CardRow.question_id == feedback.question_id,
                    CardRow.reps == feedback.seq + 1,
                )
                .values(**card_values(card))
            )
            if rows.rowcount(moved) != 1:
                raise AlreadyRecorded
            return True


def _row(user_pk: int, feedback: PeerFeedback, now: datetime) -> PeerFeedbackRow:
    return PeerFeedbackRow(
        user_pk=user_pk,
        group_id=feedback.group_id,
        interviewer=feedback.interviewer,
        question_id=feedback.question_id,
        points="".join("1" if p else "0" for p in feedback.points),
        note=feedback.note,
        grade=feedback.grade,
        seq=feedback.seq,
        card_before=dump_card(feedback.card_before),
        created_at=now,
    )


def _feedback(key: UserKey, row: PeerFeedbackRow) -> PeerFeedback:
    return PeerFeedback(
        interviewee=key,
        group_id=row.group_id,
        interviewer=row.interviewer,
        question_id=row.question_id,
        points=tuple(c == "1" for c in row.points),
        note=row.note,
        grade=row.grade,
        seq=row.seq,
        card_before=load_card(row.card_before),
        id=row.id,
    )
