"""/practice suggest: a member proposes a question with its rubric in a form; moderators (those
allowed to `/prep schedule`) approve, edit or reject it, each decision taken once.

The suggestion goes to the moderators the store knows (the owners of the workspace's channel
and pairing schedules) by direct message: a platform has no channel message that only
moderators see, and posting an unapproved question where it was suggested would show it to
everyone. It also waits in `/prep questions`, so none is lost where no moderator is known."""

from __future__ import annotations

from core.commands.args import Args
from core.commands.context import ActionRoute, CommandContext, Route
from core.kernel.errors import UsageError
from core.kernel.identity import Caller
from core.kernel.reply import Form, Reply, answers
from core.questions import replies as say
from core.questions.bank import Draft, GroupQuestion, Status
from core.questions.limits import Refused, checked, split_points, split_roles
from core.scheduling.schedules import ScheduleKind

MODERATED = (ScheduleKind.CHANNEL, ScheduleKind.PAIRING)


async def moderators_only(context: CommandContext, caller: Caller) -> None:
    """Refuse a caller who may not moderate. In direct messages, where a platform tells no
    channel permission (Discord), the moderators the store knows are those who set up a
    channel's schedule, which took that permission."""
    if caller.can_manage_channel:
        return
    if caller.is_direct:
        owners = await context.schedules.find(
            caller.platform, caller.workspace, owner=caller.user, kinds=MODERATED
        )
        if owners:
            return
    raise UsageError(
        "Only moderators (those who can set up `/prep schedule`) can do that.",
        "Ask one of them; `/practice suggest` proposes a question.",
    )


class SuggestCommands:
    def __init__(self, context: CommandContext, practice: Route) -> None:
        self.context = context
        self.library = context.library
        self._practice = practice
        self.routes: dict[str, Route] = {"practice": self.practice}
        self.actions: dict[str, ActionRoute] = {
            say.SUGGEST: self.suggest,
            say.APPROVE: self.approve,
            say.EDIT: self.edit,
            say.REJECT: self.reject,
            say.REVIEW: self.review,
        }
        self.forms: dict[str, Form] = {say.SUGGEST: say.SUGGEST_FORM, say.EDIT: say.EDIT_FORM}

    async def practice(self, args: Args, caller: Caller) -> Reply:
        """`/practice suggest` opens the form; anything else is a practice question."""
        if args.keyword == "suggest":
            return say.suggest_reply()
        return await self._practice(args, caller)

    def _draft(self, text: str, keep: GroupQuestion | None = None) -> Draft:
        prompt, category, roles, rubric = answers(text.partition("\n")[2], 4)
        if keep is not None:  # an edit: what is left empty stays as it was
            old = keep.question
            prompt = prompt.strip() or old.prompt
            category = category.strip() or old.category.value
            roles = roles.strip() or " ".join(old.roles)
            rubric = rubric.strip() or "\n".join(old.rubric)
        try:
            return checked(
                self.context.catalog, prompt, category, split_roles(roles), split_points(rubric)
            )
        except Refused as refused:
            raise UsageError(
                "I can't take that question: " + "; ".join(refused.problems) + ".",
                "Press the button again to write it anew.",
            ) from refused

    async def suggest(self, payload: str, caller: Caller) -> Reply:
        draft = self._draft(payload)
        store = self.library.store
        now = self.context.clock()
        (added,) = await store.add(
            caller.platform, caller.workspace, [draft], caller.user, Status.PENDING, now
        )
        if caller.can_manage_channel:  # a moderator's own: approve it at once, or change it
            return say.moderation_reply(added, self.context.catalog.content.roles)
        schedules = await self.context.schedules.find(
            caller.platform, caller.workspace, kinds=MODERATED
        )
        moderators = sorted({s.owner for s in schedules} - {caller.user})
        message = say.moderation_reply(added, self.context.catalog.content.roles)
        told = 0
        for moderator in moderators:
            key = f"{added.id}-suggested-{moderator}"
            told += await self.context.notices.tell(caller, moderator, message, key)
        return say.sent_reply(added, told)

    async def _pending(self, payload: str, caller: Caller) -> GroupQuestion:
        await moderators_only(self.context, caller)
        bank = await self.library.store.load(caller.platform, caller.workspace)
        number = int(payload) if payload.isdecimal() else 0
        found = next((g for g in bank.questions if g.number == number), None)
        if found is None:
            raise UsageError("That question is not in this group's bank.", "`/prep questions`.")
        return found

    async def review(self, payload: str, caller: Caller) -> Reply:
        found = await self._pending(payload, caller)
        if found.status is not Status.PENDING:
            return say.decided_reply(found, found.status, again=True)
        return say.moderation_reply(found, self.context.catalog.content.roles)

    async def approve(self, payload: str, caller: Caller) -> Reply:
        return await self._decide(await self._pending(payload, caller), Status.ACTIVE, caller)

    async def reject(self, payload: str, caller: Caller) -> Reply:
        return await self._decide(await self._pending(payload, caller), Status.REJECTED, caller)

    async def edit(self, payload: str, caller: Caller) -> Reply:
        found = await self._pending(payload.partition("\n")[0], caller)
        if found.status is not Status.PENDING:
            return say.decided_reply(found, found.status, again=True)
        return await self._decide(found, Status.ACTIVE, caller, self._draft(payload, found))

    async def _decide(
        self, found: GroupQuestion, becomes: Status, caller: Caller, draft: Draft | None = None
    ) -> Reply:
        moved = await self.library.store.decide(
            caller.platform,
            caller.workspace,
            found.number,
            (Status.PENDING,),
            becomes,
            caller.user,
            self.context.clock(),
            draft,
        )
        if not moved:  # pressed twice, or by two moderators: the first decision stands
            latest = await self._pending(str(found.number), caller)
            return say.decided_reply(latest, latest.status, again=True)
        if found.proposer != caller.user:
            notice = say.outcome_notice(found, becomes)
            await self.context.notices.tell(
                caller, found.proposer, notice, f"{found.id}-{becomes.value}"
            )
        return say.decided_reply(found, becomes)
