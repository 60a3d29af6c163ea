"""The tables of weekly peer pairing: who opted in where, the groups each week drew, who asked
to be paired again, and the forms partners filled in for each other."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column

from core.store.tables import ID, Base, UtcDateTime


class PairMemberRow(Base):
    """A member opted in to a channel's weekly pairing."""

    __tablename__ = "pair_members"
    __table_args__ = (UniqueConstraint("platform", "workspace", "channel", "user_id"),)

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    workspace: Mapped[str] = mapped_column(String(64))
    channel: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[str] = mapped_column(String(64))
    joined_at: Mapped[datetime] = mapped_column(UtcDateTime)


class PairGroupRow(Base):
    """One group of a pairing week. (channel, date, number) is unique, so that a week taken
    over by another worker keeps the groups it already drew."""

    __tablename__ = "pair_groups"
    __table_args__ = (
        UniqueConstraint(
            "platform", "workspace", "channel", "local_date", "number", name="uq_pair_group"
        ),
    )

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    workspace: Mapped[str] = mapped_column(String(64))
    channel: Mapped[str] = mapped_column(String(64))
    local_date: Mapped[date] = mapped_column(Date)
    number: Mapped[int] = mapped_column(Integer)
    members: Mapped[str] = mapped_column(String(300))  # user ids, comma-separated, in order
    message_id: Mapped[str | None] = mapped_column(String(128))
    met: Mapped[bool] = mapped_column(default=False, server_default=false())
    reminded: Mapped[bool] = mapped_column(default=False, server_default=false())


class PairRematchRow(Base):
    """A member of a group that could not meet, asking for another partner that week; once
    paired again, the group they were put in."""

    __tablename__ = "pair_rematches"
    __table_args__ = (UniqueConstraint("group_id", "user_id", name="uq_pair_rematch_once"),)

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("pair_groups.id", ondelete="CASCADE"))
    user_id: Mapped[str] = mapped_column(String(64))
    asked_at: Mapped[datetime] = mapped_column(UtcDateTime)
    matched_group_id: Mapped[int | None] = mapped_column(ID)


class PeerFeedbackRow(Base):
    """A partner's form on one answer in a pairing: the rubric points they ticked, a note, and
    the grade that follows. It belongs to the member interviewed (it goes with them when they
    ask to be forgotten); the interviewer's id and note are cleared when they do."""

    __tablename__ = "peer_feedback"
    __table_args__ = (
        UniqueConstraint("group_id", "user_pk", "question_id", name="uq_peer_feedback_once"),
    )

    id: Mapped[int] = mapped_column(ID, primary_key=True)
    user_pk: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    group_id: Mapped[int] = mapped_column(Integer)
    interviewer: Mapped[str | None] = mapped_column(String(64))
    question_id: Mapped[str] = mapped_column(String(64))
    points: Mapped[str] = mapped_column(String(16))  # "1" or "0" per rubric point, in order
    note: Mapped[str | None] = mapped_column(Text)
    grade: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int | None] = mapped_column(Integer)  # the review it put on the card, if any
    card_before: Mapped[str | None] = mapped_column(Text)  # that card before it, as JSON
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
