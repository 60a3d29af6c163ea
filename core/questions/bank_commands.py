"""/prep questions: for moderators, the group's own questions a page at a time (retire,
restore, review what waits), and the shipped ones, which a group may hide."""

from __future__ import annotations

from core.commands.args import Args
from core.commands.context import ActionRoute, CommandContext, Route
from core.kernel.errors import UsageError
from core.kernel.identity import Caller
from core.kernel.reply import Reply
from core.questions import replies as say
from core.questions.bank import Status
from core.questions.commands import moderators_only

_ORDER = {Status.PENDING: 0, Status.ACTIVE: 1, Status.RETIRED: 2}


class BankCommands:
    def __init__(self, context: CommandContext) -> None:
        self.context = context
        self.library = context.library
        self.routes: dict[str, Route] = {"prep questions": self.questions}
        self.actions: dict[str, ActionRoute] = {
            say.PAGE: self.page,
            say.RETIRE: self.retire,
            say.RESTORE: self.restore,
            say.HIDE: self.hide,
            say.SHOW: self.show,
        }

    async def questions(self, args: Args, caller: Caller) -> Reply:
        await moderators_only(self.context, caller)
        return await self._page("shipped" if args.keyword == "shipped" else "", 0, caller)

    async def _page(self, kind: str, offset: int, caller: Caller) -> Reply:
        bank = await self.library.bank(caller.platform, caller.workspace)
        offset = max(0, offset)
        if kind == "shipped":
            return say.shipped_page(bank.shipped, bank.hidden, offset)
        own = sorted(
            (g for g in bank.own if g.status in _ORDER), key=lambda g: (_ORDER[g.status], g.number)
        )
        reply = say.bank_page(own, len(bank.served), offset)
        return reply.model_copy(update={"replaces": offset > 0})

    async def page(self, payload: str, caller: Caller) -> Reply:
        await moderators_only(self.context, caller)
        kind, _, offset = payload.partition("|")
        return await self._page(kind, int(offset) if offset.isdecimal() else 0, caller)

    async def retire(self, payload: str, caller: Caller) -> Reply:
        return await self._move(payload, Status.ACTIVE, Status.RETIRED, caller)

    async def restore(self, payload: str, caller: Caller) -> Reply:
        return await self._move(payload, Status.RETIRED, Status.ACTIVE, caller)

    async def _move(self, payload: str, was: Status, becomes: Status, caller: Caller) -> Reply:
        await moderators_only(self.context, caller)
        number = int(payload) if payload.isdecimal() else 0
        moved = await self.library.store.decide(
            caller.platform,
            caller.workspace,
            number,
            (was,),
            becomes,
            caller.user,
            self.context.clock(),
        )
        bank = await self.library.bank(caller.platform, caller.workspace)
        found = bank.own_question(number)
        if found is None:
            raise UsageError("That question is not in this group's bank.", "`/prep questions`.")
        return say.decided_reply(found, found.status, again=not moved)

    async def hide(self, payload: str, caller: Caller) -> Reply:
        return await self._hide(payload, True, caller)

    async def show(self, payload: str, caller: Caller) -> Reply:
        return await self._hide(payload, False, caller)

    async def _hide(self, payload: str, hidden: bool, caller: Caller) -> Reply:
        await moderators_only(self.context, caller)
        question_id, _, offset = payload.partition("|")
        bank = await self.library.bank(caller.platform, caller.workspace)
        if question_id not in {q.id for q in bank.shipped}:
            raise UsageError("That is not a shipped question.", "`/prep questions shipped`.")
        await self.library.store.hide(caller.platform, caller.workspace, question_id, hidden)
        reply = await self._page("shipped", int(offset) if offset.isdecimal() else 0, caller)
        return reply.model_copy(update={"replaces": True})
