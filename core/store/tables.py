"""The database tables. Schema changes go through the Alembic migrations beside this file."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import (
    BigInteger,
    Date,
    DateTime,
    Enum,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from core.scheduling.deliveries import DeliveryStatus
from core.scheduling.schedules import ScheduleKind

ID = BigInteger().with_variant(Integer(), "sqlite")


class UtcDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes on every backend (SQLite keeps no offset of its own)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    pass


# Tables the migrations create whose models live with the code that uses them: slack_sdk's
# installation and OAuth state stores, and the Slack adapter's teams.
ELSEWHERE = "slack_"


def described_here(name: str | None, kind: str, _parents: object = None) -> bool:
    """Whether a table is described by the models below (Alembic's include_name filter)."""
    return not (kind == "table" and (name or "").startswith(ELSEWHERE))


class UserRow(Base):
    __tablename__ = "users"
    __table_args__ = (
        UniqueConstraint("platform", "workspace", "user_id"),
        Index("ix_users_user_id", "user_id"),
    )

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    workspace: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[str] = mapped_column(String(64))
    timezone: Mapped[str | None] = mapped_column(String(64))
    target_role: Mapped[str | None] = mapped_column(String(64))
    interview_date: Mapped[date | None] = mapped_column(Date)
    streak: Mapped[int] = mapped_column(Integer, default=0)
    best_streak: Mapped[int] = mapped_column(Integer, default=0)
    last_done: Mapped[date | None] = mapped_column(Date)
    interview_outcome: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    keep_answers: Mapped[bool] = mapped_column(default=False, server_default=false())
    ai_feedback: Mapped[str | None] = mapped_column(String(8))
    # The category with the lowest retention when the member last graded a review, so that
    # a check-in can name it without reading every member's cards.
    weakest_category: Mapped[str | None] = mapped_column(String(32))
    reviews_a_day: Mapped[int | None] = mapped_column(Integer)


class ScheduleRow(Base):
    """A channel's daily questions, or one member's check-in, summary or snooze."""

    __tablename__ = "schedules"
    __table_args__ = (
        Index("ix_schedules_due", "paused", "next_fire_at", "id"),
        Index("ix_schedules_target", "target"),
    )

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    workspace: Mapped[str] = mapped_column(String(64))
    kind: Mapped[ScheduleKind] = mapped_column(Enum(ScheduleKind, native_enum=False, length=16))
    target: Mapped[str] = mapped_column(String(64))
    owner: Mapped[str] = mapped_column(String(64), index=True)
    hour: Mapped[int] = mapped_column(Integer)
    minute: Mapped[int] = mapped_column(Integer)
    timezone: Mapped[str] = mapped_column(String(64))
    weekdays: Mapped[int] = mapped_column(Integer)
    role: Mapped[str | None] = mapped_column(String(64))
    category: Mapped[str | None] = mapped_column(String(32))
    paused: Mapped[bool] = mapped_column(default=False)
    pause_reason: Mapped[str | None] = mapped_column(String(200))
    next_fire_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class DeliveryRow(Base):
    """One occurrence of a schedule. The unique key is the claim: only one insert wins."""

    __tablename__ = "deliveries"
    __table_args__ = (
        UniqueConstraint("schedule_id", "local_date", name="uq_delivery_occurrence"),
        Index("ix_deliveries_status_claimed", "status", "claimed_at"),
        Index("ix_deliveries_status_next_attempt", "status", "next_attempt_at"),
        UniqueConstraint("guard_key", name="uq_deliveries_guard_key"),
    )

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    schedule_id: Mapped[int] = mapped_column(ForeignKey("schedules.id", ondelete="CASCADE"))
    local_date: Mapped[date] = mapped_column(Date)
    fire_at: Mapped[datetime] = mapped_column(UtcDateTime)
    status: Mapped[DeliveryStatus] = mapped_column(
        Enum(DeliveryStatus, native_enum=False, length=16)
    )
    late: Mapped[bool] = mapped_column(default=False)
    attempts: Mapped[int] = mapped_column(Integer, default=1)
    claimed_by: Mapped[str] = mapped_column(String(64))
    claimed_at: Mapped[datetime] = mapped_column(UtcDateTime)
    question_id: Mapped[str | None] = mapped_column(String(64))
    message_id: Mapped[str | None] = mapped_column(String(128))
    error: Mapped[str | None] = mapped_column(String(300))
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    guard_key: Mapped[str] = mapped_column(String(40))
    next_attempt_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    maybe_sent: Mapped[bool] = mapped_column(default=False)


class RotationRow(Base):
    """Where a channel (or member) is in its cycle through the practice questions."""

    __tablename__ = "rotations"

    # the target first: a tick looks rotations up by target
    target: Mapped[str] = mapped_column(String(64), primary_key=True)
    platform: Mapped[str] = mapped_column(String(16), primary_key=True)
    workspace: Mapped[str] = mapped_column(String(64), primary_key=True)
    asked: Mapped[str] = mapped_column(Text)  # question ids, space-separated
    last: Mapped[str | None] = mapped_column(String(64))


class RateHold(Base):
    """A platform said "not before then" for a scope (a workspace, a channel, the whole bot):
    every replica holds back what falls in it."""

    __tablename__ = "rate_holds"

    platform: Mapped[str] = mapped_column(String(16), primary_key=True)
    scope: Mapped[str] = mapped_column(String(200), primary_key=True)
    until: Mapped[datetime] = mapped_column(UtcDateTime)


class SendPace(Base):
    """The next free moment (seconds since the epoch) of a platform's overall send budget:
    each replica reserves its sends from it, so that together they keep under the limit."""

    __tablename__ = "send_pace"

    platform: Mapped[str] = mapped_column(String(16), primary_key=True)
    scope: Mapped[str] = mapped_column(String(200), primary_key=True)
    free_at: Mapped[float] = mapped_column(Float)


class PracticeRecord(Base):
    __tablename__ = "practice_history"

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    user_pk: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[str] = mapped_column(String(64))
    asked_at: Mapped[datetime] = mapped_column(UtcDateTime)


class CheckinAnswer(Base):
    __tablename__ = "checkin_answers"
    __table_args__ = (UniqueConstraint("user_pk", "local_date"),)

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    user_pk: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    local_date: Mapped[date] = mapped_column(Date)
    answer: Mapped[str] = mapped_column(String(16))
    answered_at: Mapped[datetime] = mapped_column(UtcDateTime)


class CardRow(Base):
    """A member's spaced-repetition card for one question (FSRS state)."""

    __tablename__ = "cards"
    __table_args__ = (
        UniqueConstraint("user_pk", "question_id", name="uq_card_question"),
        Index("ix_cards_user_due", "user_pk", "due"),
    )

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    user_pk: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    question_id: Mapped[str] = mapped_column(String(64))
    category: Mapped[str] = mapped_column(String(32))
    due: Mapped[datetime] = mapped_column(UtcDateTime)
    stability: Mapped[float | None] = mapped_column(Float)
    difficulty: Mapped[float | None] = mapped_column(Float)
    last_review: Mapped[datetime | None] = mapped_column(UtcDateTime)
    reps: Mapped[int] = mapped_column(Integer, default=0)
    lapses: Mapped[int] = mapped_column(Integer, default=0)


class ReviewRow(Base):
    """One graded review. (user, question, seq) is unique: a second press of the same grade
    button finds its review already taken and grades nothing."""

    __tablename__ = "reviews"
    __table_args__ = (
        UniqueConstraint("user_pk", "question_id", "seq", name="uq_review_once"),
        Index("ix_reviews_user_day", "user_pk", "local_date"),
    )

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    user_pk: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    question_id: Mapped[str] = mapped_column(String(64))
    category: Mapped[str] = mapped_column(String(32))
    seq: Mapped[int] = mapped_column(Integer)
    grade: Mapped[int] = mapped_column(Integer)
    covered: Mapped[int | None] = mapped_column(Integer)
    total: Mapped[int | None] = mapped_column(Integer)
    graded_by: Mapped[str] = mapped_column(String(8), default="self", server_default="self")
    other_grade: Mapped[int | None] = mapped_column(Integer)  # another's grade of this answer
    other_by: Mapped[str | None] = mapped_column(String(8))  # whose: the grader or a peer
    reviewed_at: Mapped[datetime] = mapped_column(UtcDateTime)
    local_date: Mapped[date] = mapped_column(Date)
    stability: Mapped[float] = mapped_column(Float)
    due: Mapped[datetime] = mapped_column(UtcDateTime)


class AnswerRow(Base):
    """An answer a member wrote, kept only when they asked for their answers to be kept."""

    __tablename__ = "answers"

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    user_pk: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class FitRecord(Base):
    __tablename__ = "fit_results"

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    user_pk: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    best_role: Mapped[str] = mapped_column(String(64))
    answers: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
