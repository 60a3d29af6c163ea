"""A workspace's own questions on SQLAlchemy. Every change moves the workspace's revision in
the same transaction, so that any replica sees its bank is stale with one small query; a
decision is taken only from the state it expects, so a second press changes nothing."""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from datetime import datetime

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.sql.elements import ColumnElement

from core.content.models import Category, PracticeQuestion, Source
from core.kernel.identity import UserKey
from core.kernel.platform import Platform
from core.pairing.week import FORGOTTEN
from core.practice.bank import GROUP_ARTICLE
from core.questions.bank import BankKey, Draft, GroupQuestion, Status, StoredBank, own_id
from core.questions.tables import GroupQuestionRow, QuestionBankRow
from core.store import rows
from core.store.database import dialect_module


def _question(row: GroupQuestionRow) -> GroupQuestion:
    question = PracticeQuestion.model_construct(
        id=own_id(row.id),
        roles=row.roles.split(),
        category=Category(row.category),
        prompt=row.prompt,
        rubric=json.loads(row.rubric),
        source=Source.model_construct(article=GROUP_ARTICLE, origin=row.origin, year=None),
    )
    return GroupQuestion(row.id, question, Status(row.status), row.proposer)


def _values(draft: Draft) -> dict[str, str]:
    return {
        "prompt": draft.prompt,
        "category": draft.category.value,
        "roles": " ".join(draft.roles),
        "rubric": json.dumps(list(draft.rubric), ensure_ascii=False),
        "origin": draft.origin,
    }


class QuestionRepository:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self.sessions = sessions

    async def revisions(self, banks: Collection[BankKey]) -> dict[BankKey, int]:
        """Each workspace's revision; one that never changed its bank is absent."""
        found: dict[BankKey, int] = {}
        by_platform: dict[Platform, list[str]] = {}
        for platform, workspace in sorted(set(banks)):
            by_platform.setdefault(platform, []).append(workspace)
        async with self.sessions() as session:
            for platform, names in by_platform.items():
                for start in range(0, len(names), rows.IN_CHUNK):
                    result = await session.execute(
                        select(QuestionBankRow.workspace, QuestionBankRow.revision).where(
                            QuestionBankRow.platform == platform.value,
                            QuestionBankRow.workspace.in_(names[start : start + rows.IN_CHUNK]),
                        )
                    )
                    found.update(((platform, workspace), rev) for workspace, rev in result)
        return found

    async def load(self, platform: Platform, workspace: str) -> StoredBank:
        async with self.sessions() as session:
            bank = await session.get(QuestionBankRow, (platform.value, workspace))
            result = await session.scalars(
                select(GroupQuestionRow)
                .where(
                    GroupQuestionRow.platform == platform.value,
                    GroupQuestionRow.workspace == workspace,
                )
                .order_by(GroupQuestionRow.id)
            )
            questions = [_question(row) for row in result]
        if bank is None:
            return StoredBank(0, questions, frozenset())
        return StoredBank(bank.revision, questions, frozenset(bank.hidden.split()))

    async def add(
        self,
        platform: Platform,
        workspace: str,
        drafts: Sequence[Draft],
        proposer: str,
        status: Status,
        now: datetime,
    ) -> list[GroupQuestion]:
        """New questions, all in one transaction (batched inserts, however many)."""
        values = [
            {
                "platform": platform.value,
                "workspace": workspace,
                "status": status.value,
                "proposer": proposer,
                "created_at": now,
                **_values(draft),
            }
            for draft in drafts
        ]
        if not values:
            return []
        async with self.sessions.begin() as session:
            # One statement for the lot (RETURNING in parameter order would insert row by
            # row on SQLite); the rows are read back by the ids past the workspace's last.
            before = await session.scalar(
                select(func.max(GroupQuestionRow.id)).where(*_in(platform, workspace))
            )
            await session.execute(insert(GroupQuestionRow), values)
            added = await session.scalars(
                select(GroupQuestionRow)
                .where(*_in(platform, workspace), GroupQuestionRow.id > (before or 0))
                .order_by(GroupQuestionRow.id)
            )
            found = [_question(row) for row in added]
            await _move(session, platform, workspace)
        return found

    async def decide(
        self,
        platform: Platform,
        workspace: str,
        number: int,
        was: Collection[Status],
        becomes: Status,
        by: str,
        now: datetime,
        draft: Draft | None = None,
    ) -> bool:
        """Move a question from one of the states `was` to `becomes` (with new wording, when
        `draft` is given); False when it is not in one of them (already decided)."""
        values: dict[str, object] = {"status": becomes.value, "decided_by": by, "decided_at": now}
        if draft is not None:
            values.update(_values(draft))
        async with self.sessions.begin() as session:
            moved = await session.execute(
                update(GroupQuestionRow)
                .where(
                    GroupQuestionRow.id == number,
                    GroupQuestionRow.platform == platform.value,
                    GroupQuestionRow.workspace == workspace,
                    GroupQuestionRow.status.in_([s.value for s in was]),
                )
                .values(**values)
            )
            if rows.rowcount(moved) != 1:
                return False
            await _move(session, platform, workspace)
            return True

    async def hide(
        self, platform: Platform, workspace: str, question_id: str, hidden: bool
    ) -> bool:
        """Hide a shipped question from the workspace (or show it again); False if no change."""
        async with self.sessions.begin() as session:
            bank = await session.get(QuestionBankRow, (platform.value, workspace))
            now_hidden = set(bank.hidden.split()) if bank else set()
            if (question_id in now_hidden) == hidden:
                return False
            now_hidden = now_hidden | {question_id} if hidden else now_hidden - {question_id}
            await _move(session, platform, workspace, " ".join(sorted(now_hidden)))
            return True

    async def forget(self, key: UserKey) -> int:
        """A member's traces: their suggestions still waiting go; the questions the group
        took stay the group's, with no name on them."""
        mine = (
            GroupQuestionRow.platform == key.platform.value,
            GroupQuestionRow.workspace == key.workspace,
        )
        async with self.sessions.begin() as session:
            gone = await session.execute(
                delete(GroupQuestionRow).where(
                    *mine,
                    GroupQuestionRow.proposer == key.user_id,
                    GroupQuestionRow.status.in_([Status.PENDING.value, Status.REJECTED.value]),
                )
            )
            changed = rows.rowcount(gone)
            for column in (GroupQuestionRow.proposer, GroupQuestionRow.decided_by):
                renamed = await session.execute(
                    update(GroupQuestionRow)
                    .where(*mine, column == key.user_id)
                    .values({column.key: FORGOTTEN})
                )
                changed += rows.rowcount(renamed)
            if changed:
                await _move(session, key.platform, key.workspace)
            return changed


def _in(platform: Platform, workspace: str) -> tuple[ColumnElement[bool], ...]:
    return (
        GroupQuestionRow.platform == platform.value,
        GroupQuestionRow.workspace == workspace,
    )


async def _move(
    session: AsyncSession, platform: Platform, workspace: str, hidden: str | None = None
) -> None:
    """Move the workspace's revision on (and set what it hides, when given)."""
    connection = await session.connection()
    statement = dialect_module(connection.dialect.name).insert(QuestionBankRow)
    changes: dict[str, object] = {"revision": QuestionBankRow.revision + 1}
    if hidden is not None:
        changes["hidden"] = hidden
    await session.execute(
        statement.values(
            platform=platform.value, workspace=workspace, revision=1, hidden=hidden or ""
        ).on_conflict_do_update(index_elements=["platform", "workspace"], set_=changes)
    )
