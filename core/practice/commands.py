"""/practice: due reviews first, then new questions by role and weakest category; the rubric."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from core.commands.args import Args
from core.commands.context import ActionRoute, CommandContext, Route
from core.commands.pure import profile_free
from core.content.models import Category
from core.kernel.errors import UsageError
from core.kernel.identity import Caller
from core.kernel.reply import Reply, TextSection
from core.practice.bank import (
    CATEGORY_TITLES,
    NEXT_ACTION,
    REVEAL_ACTION,
    START_ACTION,
    current_round,
    parse_category,
    pick,
    question_reply,
)
from core.practice.grading import reveal_reply
from core.practice.progress import due_by, retention_by_category, weakest
from core.practice.srs import Card
from core.scheduling.recurrence import describe_instant


class PracticeCommands:
    def __init__(self, context: CommandContext) -> None:
        self.context = context
        self.catalog = context.catalog
        self.routes: dict[str, Route] = {"practice": self.practice}
        self.actions: dict[str, ActionRoute] = {
            REVEAL_ACTION: self.reveal,
            NEXT_ACTION: self.next_question,
            START_ACTION: self.start,
        }

    async def practice(self, args: Args, caller: Caller) -> Reply:
        """A role and a category, each optional, in either order."""
        role = args.role()
        return await self._ask(caller, role.id if role else None, args.category())

    async def _ask(self, caller: Caller, role_id: str | None, category: Category | None) -> Reply:
        """Due reviews first, most overdue first; then a question never graded, from the
        member's target role (unless one is named) and their weakest category."""
        content = self.catalog.content
        now = self.context.clock()
        if role_id is None:
            profile = await self.context.users.user(caller.key)
            target = profile.target_role if profile else None
            role_id = target if target in content.roles else None
        bank = await self.context.library.bank(caller.platform, caller.workspace)
        candidates = bank.pool(role_id, category.value if category else None)
        if not candidates:
            what = f"{category.value} questions" if category else "questions"
            raise UsageError(
                f"There are no {what} for {role_id or 'any role'} yet.",
                f"Try `/practice {role_id}` for any category." if role_id else "Try `/practice`.",
            )
        cards = await self.context.cards.cards(caller.key)
        allowed = bank.pool_ids(role_id, category.value if category else None)
        # A retired or hidden question is served no more, but a card for it stays reviewable.
        due = [c for c in due_by(cards, now) if bank.reviewable(c.question_id, role_id, category)]
        if due:
            card = due[0]
            question = bank.get(card.question_id)
            assert question is not None
            zone = await self.context.zone(caller)
            note = f"Review: due since {describe_instant(card.due, zone)}; {len(due)} due now."
            heading = f"Review: {CATEGORY_TITLES[question.category]}"
            await self.context.users.record_practice(caller.key, question.id, now)
            return question_reply(question, content.roles, role_id, heading, note)
        carded = {c.question_id for c in cards}
        fresh = [q for q in candidates if q.id not in carded] if carded else candidates
        if not fresh:
            return caught_up(cards, await self.context.zone(caller))
        weak = weakest(retention_by_category(cards, now)) if category is None else None
        if weak is not None:  # the bank's pool of that category, kept, not filtered again
            narrowed = [q for q in bank.pool(role_id, weak) if q.id not in carded]
            fresh = narrowed or fresh
        seen = await self.context.users.practice_history(caller.key)
        fresh_ids = allowed if len(fresh) == len(candidates) else {q.id for q in fresh}
        chosen = pick(fresh, current_round(seen, fresh_ids), self.context.rng)
        assert chosen is not None
        await self.context.users.record_practice(caller.key, chosen.id, now)
        return question_reply(chosen, content.roles, role_id, articles=content.articles)

    @profile_free
    async def reveal(self, payload: str, caller: Caller) -> Reply:
        bank = await self.context.library.bank(caller.platform, caller.workspace)
        question = bank.get(payload)
        if question is None:
            raise UsageError("That question is no longer in the bank.", "Try `/practice`.")
        card = next(
            (c for c in await self.context.cards.cards(caller.key) if c.question_id == payload),
            None,
        )
        return reveal_reply(
            question, card.reps if card else 0, articles=self.catalog.content.articles
        )

    async def next_question(self, payload: str, caller: Caller) -> Reply:
        role_id, _, category = payload.partition("|")
        role = self.catalog.content.roles.get(role_id) if role_id else None
        return await self._ask(caller, role.id if role else None, parse_category(category or ""))

    async def start(self, payload: str, caller: Caller) -> Reply:
        """The check-in's button, and "Next question" after a grade."""
        return await self._ask(caller, None, None)


def caught_up(cards: list[Card], zone: ZoneInfo) -> Reply:
    upcoming = min(cards, key=lambda c: c.due, default=None)
    when = (
        f"The next review is due {describe_instant(upcoming.due, zone)}."
        if upcoming
        else "There is nothing to review yet."
    )
    return Reply(
        title="All caught up",
        sections=(
            TextSection(
                text="You have graded every question these filters allow, and none is due."
            ),
            TextSection(text=when + " Try another role or category in the meantime."),
        ),
    )
