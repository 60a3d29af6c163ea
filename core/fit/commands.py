"""/fit: the quiz, one question at a time, and recording the result."""

from __future__ import annotations

from core.commands.args import Args
from core.commands.context import ActionRoute, CommandContext, Route
from core.commands.pure import profile_free
from core.fit.quiz import ANSWER_ACTION, FitEngine, StaleQuiz
from core.kernel.errors import UsageError
from core.kernel.identity import Caller
from core.kernel.reply import Reply


class FitCommands:
    def __init__(self, context: CommandContext) -> None:
        self.context = context
        self.engine = FitEngine(context.catalog)
        self.routes: dict[str, Route] = {"fit": self.start}
        self.actions: dict[str, ActionRoute] = {ANSWER_ACTION: self.answer}

    @profile_free
    async def start(self, args: Args, caller: Caller) -> Reply:
        return self.engine.start()

    @profile_free
    async def answer(self, payload: str, caller: Caller) -> Reply:
        try:
            answers = self.engine.parse_payload(payload)
        except StaleQuiz:
            raise UsageError(
                "The quiz has changed since that question was asked.", "Type `/fit` to start again."
            ) from None
        if not self.engine.is_complete(answers):
            return self.engine.question_reply(answers)
        result = self.engine.score(answers)
        await self.context.users.record_fit(caller.key, result.best, answers, self.context.clock())
        return self.engine.result_reply(result)
