"""The table of mock interviews in progress (on the same metadata as the rest)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.store.tables import Base, UtcDateTime


class MockRow(Base):
    """A member's mock interview in progress: the run as JSON, and how many saves it has had."""

    __tablename__ = "mocks"

    user_pk: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    state: Mapped[str] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
