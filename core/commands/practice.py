"""/practice: a question by role and category, its rubric, and the next one."""

from __future__ import annotations

from core.catalog import UnknownRole
from core.commands.context import ActionRoute, CommandContext, Route
from core.commands.help import usage_hint
from core.commands.words import find_role, leading_category
from core.content.models import Category, Role
from core.errors import UsageError
from core.identity import Caller
from core.practice import (
    NEXT_ACTION,
    REVEAL_ACTION,
    current_round,
    parse_category,
    pick,
    pool,
    question_reply,
    rubric_reply,
)
from core.reply import Reply
from core.safety import quoted


class PracticeCommands:
    def __init__(self, context: CommandContext) -> None:
        self.context = context
        self.catalog = context.catalog
        self.routes: dict[str, Route] = {"practice": self.practice}
        self.actions: dict[str, ActionRoute] = {
            REVEAL_ACTION: self.reveal,
            NEXT_ACTION: self.next_question,
        }

    async def practice(self, args: list[str], caller: Caller) -> Reply:
        """A role and a category, each optional, in either order."""
        role: Role | None = None
        category: Category | None = None
        words = args
        while words:
            if role is None and (found := find_role(self.catalog, words)) is not None:
                role, words = found.role, found.rest
            elif category is None and (leading := leading_category(words)) is not None:
                category, words = leading
            else:
                break
        if words:
            if role is not None and find_role(self.catalog, words) is not None:
                raise UsageError("`/practice` takes one role at a time.", usage_hint("practice"))
            if role is None and len(words) == 1 and self.catalog.suggest(words[0]):
                raise UnknownRole(words[0], self.catalog.suggest(words[0]))
            raise UsageError(
                f"I don't know the role or category {quoted(' '.join(words))}.",
                "Categories: "
                + ", ".join(c.value for c in Category)
                + ". "
                + usage_hint("practice"),
            )
        return await self._ask(caller, role.id if role else None, category)

    async def _ask(self, caller: Caller, role_id: str | None, category: Category | None) -> Reply:
        content = self.catalog.content
        candidates = pool(content.questions, role_id, category)
        if not candidates:
            what = f"{category.value} questions" if category else "questions"
            raise UsageError(
                f"There are no {what} for {role_id or 'any role'} yet.",
                f"Try `/practice {role_id}` for any category." if role_id else "Try `/practice`.",
            )
        seen = await self.context.users.practice_history(caller.key)
        question = pick(
            candidates, current_round(seen, {q.id for q in candidates}), self.context.rng
        )
        assert question is not None
        await self.context.users.record_practice(caller.key, question.id, self.context.clock())
        return question_reply(question, content.roles, role_id, articles=content.articles)

    async def reveal(self, payload: str, caller: Caller) -> Reply:
        question = next((q for q in self.catalog.content.questions if q.id == payload), None)
        if question is None:
            raise UsageError("That question is no longer in the bank.", "Try `/practice`.")
        return rubric_reply(question, articles=self.catalog.content.articles)

    async def next_question(self, payload: str, caller: Caller) -> Reply:
        role_id, _, category = payload.partition("|")
        role = self.catalog.content.roles.get(role_id) if role_id else None
        return await self._ask(caller, role.id if role else None, parse_category(category or ""))
