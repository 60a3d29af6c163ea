"""Answering and grading: the answer form, the checklist's suggested grade, and recording a
grade on the member's FSRS card exactly once per review."""

from __future__ import annotations

from core.commands.context import ActionRoute, CommandContext, FormCheck, Route
from core.commands.pure import profile_free
from core.content.models import PracticeQuestion
from core.kernel.errors import UsageError
from core.kernel.identity import Caller
from core.kernel.reply import Form, Reply
from core.practice.aim_commands import aim_of
from core.practice.bank import ANSWER_ACTION, GRADE_ACTION, TICKS_ACTION
from core.practice.feedback_commands import FeedbackCommands
from core.practice.grading import (
    GradePress,
    ReviewRef,
    answer_form,
    answer_text,
    answered_to,
    graded_reply,
    reveal_reply,
    suggestion_reply,
    ticks,
)
from core.practice.recording import grade_card
from core.practice.srs import Card


class GradingCommands:
    def __init__(self, context: CommandContext, feedback: FeedbackCommands | None = None) -> None:
        self.context = context
        self.feedback = feedback or FeedbackCommands(context, None, per_hour=1)
        self.routes: dict[str, Route] = {}
        self.actions: dict[str, ActionRoute] = {
            ANSWER_ACTION: self.answer,
            TICKS_ACTION: self.ticks,
            GRADE_ACTION: self.grade,
            **self.feedback.actions,
        }
        self.forms: dict[str, Form] = {ANSWER_ACTION: answer_form(self.feedback.where)}
        self.form_checks: dict[str, FormCheck] = {ANSWER_ACTION: self.can_answer}

    async def can_answer(self, payload: str, caller: Caller) -> None:
        await self._question(payload, caller)

    @profile_free
    async def answer(self, payload: str, caller: Caller) -> Reply:
        """A submitted answer: shown beside the rubric; kept only if the member asked."""
        question = await self._question(answered_to(payload), caller)  # stale before empty
        _, text = answer_text(payload)
        profile = await self.context.users.user(caller.key)
        if profile is not None and profile.keep_answers:
            await self.context.cards.keep_answer(
                caller.key, question.id, text, self.context.clock()
            )
        card = await self._card(caller, question.id)
        ref = ReviewRef(question.id, card.reps if card else 0)
        articles = self.context.catalog.content.articles
        reply = reveal_reply(question, ref.seq, text, articles=articles)
        return await self.feedback.after_answer(reply, ref, text, caller, profile)

    @profile_free  # not shared: a workspace's own question is its own
    async def ticks(self, payload: str, caller: Caller) -> Reply:
        head = payload.rpartition("|")[0]
        question = await self._question(ReviewRef.load(head).question_id, caller)
        ref, covered = ticks(payload, len(question.rubric))
        return suggestion_reply(ref, covered, len(question.rubric))

    async def grade(self, payload: str, caller: Caller) -> Reply:
        press = GradePress.load(payload)
        question = await self._question(press.ref.question_id, caller)
        now = self.context.clock()
        zone = await self.context.zone(caller)
        aim = aim_of(await self.context.users.user(caller.key), zone)
        cards = await self.context.cards.cards(caller.key)
        card = next((c for c in cards if c.question_id == question.id), None)
        if (card.reps if card else 0) != press.ref.seq:
            if card is None:
                raise UsageError("That grade button is not valid any more.", "Try `/practice`.")
            return graded_reply(card, press.grade, now, zone, again=True, aim=aim)
        graded = grade_card(
            cards,
            question,
            press.grade,
            now,
            aim,
            covered=press.covered,
            total=press.total,
            by=press.by,
            other=press.other,  # the grader's suggestion, whether taken or not
        )
        after, entry, weak = graded.card, graded.entry, graded.weakest
        if not await self.context.cards.record(caller.key, after, entry, weak, now):
            latest = await self._card(caller, question.id)
            return graded_reply(latest or after, press.grade, now, zone, again=True)
        return graded_reply(after, press.grade, now, zone, again=False, aim=aim)

    async def _question(self, question_id: str, caller: Caller) -> PracticeQuestion:
        bank = await self.context.library.bank(caller.platform, caller.workspace)
        question = bank.get(question_id)
        if question is None:
            raise UsageError("That question is no longer in the bank.", "Try `/practice`.")
        return question

    async def _card(self, caller: Caller, question_id: str) -> Card | None:
        cards = await self.context.cards.cards(caller.key)
        return next((c for c in cards if c.question_id == question_id), None)
