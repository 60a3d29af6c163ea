"""The tables of weekly peer pairing: who opted in where, and the groups each week drew."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, Integer, String, UniqueConstraint, false
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
