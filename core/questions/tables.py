"""The tables of a workspace's own questions and of what it hides of the shipped bank."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.store.tables import ID, Base, UtcDateTime


class GroupQuestionRow(Base):
    """One question of one workspace, from its suggestion on (pending, active, retired,
    rejected). Its id, global, makes the question's id `ws-<id>`."""

    __tablename__ = "workspace_questions"
    __table_args__ = (Index("ix_workspace_questions_bank", "platform", "workspace", "id"),)

    id: Mapped[int] = mapped_column(ID, primary_key=True, autoincrement=True)
    platform: Mapped[str] = mapped_column(String(16))
    workspace: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16))
    prompt: Mapped[str] = mapped_column(Text)
    category: Mapped[str] = mapped_column(String(32))
    roles: Mapped[str] = mapped_column(String(400))  # role ids, space-separated
    rubric: Mapped[str] = mapped_column(Text)  # the points as a JSON list
    origin: Mapped[str] = mapped_column(String(200))
    proposer: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    decided_by: Mapped[str | None] = mapped_column(String(64))
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class QuestionBankRow(Base):
    """A workspace's bank as a whole: its revision (moved by every change, so that a replica
    knows when the bank it holds is stale) and the shipped questions it hides."""

    __tablename__ = "workspace_banks"

    platform: Mapped[str] = mapped_column(String(16), primary_key=True)
    workspace: Mapped[str] = mapped_column(String(64), primary_key=True)
    revision: Mapped[int] = mapped_column(Integer)
    hidden: Mapped[str] = mapped_column(Text)  # shipped question ids, space-separated
