"""Feedback on an answer, when a grader is configured: consent first, then the grader read
off the acknowledgement path (the adapter presses the followup), and any fault back to the
rubric to tick. The answer is never logged."""

from __future__ import annotations

import logging

from core.coaching.profile import Consent, Profile
from core.commands.context import ActionRoute, CommandContext
from core.commands.pure import profile_free
from core.content.models import PracticeQuestion
from core.kernel.errors import UsageError
from core.kernel.identity import Caller
from core.kernel.reply import Reply, TextSection
from core.practice import feedback_replies as replies
from core.practice.feedback import (
    Grader,
    GraderUnavailable,
    GradingRequest,
    HourlyLimit,
    Unavailable,
    checked,
)
from core.practice.grading import ReviewRef, reveal_reply

log = logging.getLogger(__name__)


class FeedbackCommands:
    def __init__(self, context: CommandContext, grader: Grader | None, per_hour: int) -> None:
        self.context = context
        self.grader = grader
        self.limit = HourlyLimit(per_hour)
        self.actions: dict[str, ActionRoute] = {
            replies.CONSENT_ACTION: self.consent,
            replies.FEEDBACK_ACTION: self.feedback,
        }

    @property
    def where(self) -> str:
        """Where answers go, as members are told."""
        return self.grader.where if self.grader is not None else ""

    async def after_answer(
        self, reply: Reply, ref: ReviewRef, answer: str, caller: Caller, profile: Profile | None
    ) -> Reply:
        """The rubric reply to a submitted answer, with what the grader's side adds to it."""
        if self.grader is None:
            return reply
        consent = profile.ai_feedback if profile else None
        if consent is None:
            now = self.context.clock()
            await self.context.users.update_profile(caller.key, now, ai_feedback=Consent.ASKED)
            return replies.asking_consent(reply, ref, self.where)
        if consent is not Consent.YES:
            return reply
        now = self.context.clock()
        allowance = self.limit.take(caller.key, now)
        if not allowance.allowed and allowance.next_at is not None:
            next_at = allowance.next_at.astimezone(await self.context.zone(caller))
            return replies.over_limit(reply, self.limit.per_hour, next_at)
        return replies.reading(reply, ref, answer)

    @profile_free
    async def consent(self, payload: str, caller: Caller) -> Reply:
        """Yes or no to sending answers to the grader, pressed beside a rubric: the rubric
        again (the press takes that message's place), with what was saved."""
        word, _, head = payload.partition("|")
        if word not in ("yes", "no"):
            raise UsageError("That button is not valid any more.", "Try `/practice`.")
        consent = Consent.YES if word == "yes" else Consent.NO
        await self.context.users.update_profile(
            caller.key, self.context.clock(), ai_feedback=consent
        )
        ref = ReviewRef.load(head)
        question = await self._question(ref.question_id, caller)
        if consent is Consent.YES:
            text = (
                f"Feedback is on: from your next answer, what you write goes to {self.where} "
                "for feedback. `/prep profile ai-feedback=no` turns it off."
            )
        else:
            text = "Feedback stays off: your answers go nowhere. `ai-feedback=yes` turns it on."
        base = reveal_reply(question, ref.seq, articles=self.context.catalog.content.articles)
        note = TextSection(text=text)
        return base.model_copy(update={"sections": (note, *base.sections), "replaces": True})

    @profile_free
    async def feedback(self, payload: str, caller: Caller) -> Reply:
        """The grader's feedback on an answer; the rubric to tick if there is none."""
        head, _, answer = payload.partition("\n")
        ref = ReviewRef.load(head)
        question = await self._question(ref.question_id, caller)
        articles = self.context.catalog.content.articles
        base = reveal_reply(question, ref.seq, answer, articles=articles)
        profile = await self.context.users.user(caller.key)
        if self.grader is None or profile is None or profile.ai_feedback is not Consent.YES:
            return base.model_copy(update={"replaces": True})
        request = GradingRequest(question.prompt, tuple(question.rubric), answer)
        try:
            said = await self.grader.grade(request)
        except GraderUnavailable as error:
            return replies.unavailable(base, error.reason)
        except Exception as error:  # a broken grader must not cost the member their answer
            # Only the kind of error: its message or traceback may quote the answer.
            log.error("the grader failed unexpectedly: %s", type(error).__name__)
            return replies.unavailable(base, Unavailable.FAILED)
        feedback = checked(said, request)
        return replies.feedback_reply(question, ref, answer, feedback, articles=articles)

    async def _question(self, question_id: str, caller: Caller) -> PracticeQuestion:
        """The question answered: shipped, or one of the caller's workspace's own."""
        bank = await self.context.library.bank(caller.platform, caller.workspace)
        question = bank.get(question_id)
        if question is None:
            raise UsageError("That question is no longer in the bank.", "Try `/practice`.")
        return question
