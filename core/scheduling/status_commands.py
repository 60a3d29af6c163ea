"""/prep status: what the bot is doing in each channel of the workspace and in the caller's
direct messages, for those who may manage channels; a page of lines, a channel in detail."""

from __future__ import annotations

import asyncio

from core.commands.args import Args
from core.commands.context import ActionRoute, CommandContext, Route
from core.kernel.errors import UsageError
from core.kernel.identity import Caller
from core.kernel.reply import Reply
from core.scheduling.schedules import PERSONAL_KINDS, ScheduleKind
from core.scheduling.status import (
    DETAIL_ACTION,
    DIRECT,
    PAGE,
    PAGE_ACTION,
    STATUS_WINDOW,
    Place,
    detail_reply,
    home_section,
    overview_reply,
    places,
)


class StatusCommands:
    def __init__(self, context: CommandContext) -> None:
        self.context = context
        self.routes: dict[str, Route] = {"prep status": self.status}
        self.actions: dict[str, ActionRoute] = {
            DETAIL_ACTION: self.detail,
            PAGE_ACTION: self.page,
        }

    async def status(self, args: Args, caller: Caller) -> Reply:
        number = args.number("page")
        page = number - 1 if number else 0
        return await self._page(page, caller)

    async def page(self, payload: str, caller: Caller) -> Reply:
        return await self._page(int(payload) if payload.isdecimal() else 0, caller)

    async def detail(self, payload: str, caller: Caller) -> Reply:
        _moderator(caller)
        only = payload or DIRECT
        found = next((p for p in await self._places(caller, only) if p.target == only), None)
        if found is None:
            raise UsageError("Nothing is scheduled there any more.", "Run `/prep status` again.")
        [checked] = await self._checked([found], caller)
        return detail_reply(checked)

    async def on_home(self, reply: Reply, caller: Caller) -> Reply:
        """App Home with a status section added, for those who may see it."""
        if not caller.can_manage_channel:
            return reply
        found = await self._places(caller)
        section = home_section(await self._checked(found[:PAGE], caller) + found[PAGE:])
        if section is None:
            return reply
        return reply.model_copy(update={"sections": (*reply.sections, section)})

    async def _page(self, page: int, caller: Caller) -> Reply:
        _moderator(caller)
        found = await self._places(caller)
        start = min(max(page, 0), max(0, (len(found) - 1) // PAGE)) * PAGE
        shown = await self._checked(found[start : start + PAGE], caller)
        return overview_reply([*found[:start], *shown, *found[start + PAGE :]], page)

    async def _places(self, caller: Caller, only: str | None = None) -> list[Place]:
        """Every place, or with `only` the one channel (or the direct messages) it names."""
        schedules = self.context.schedules
        channels = (
            []
            if only == DIRECT
            else await schedules.find(
                caller.platform,
                caller.workspace,
                target=only,
                kinds=(ScheduleKind.CHANNEL, ScheduleKind.PAIRING),
            )
        )
        direct = [
            s
            for s in await schedules.find(
                caller.platform, caller.workspace, owner=caller.user, kinds=PERSONAL_KINDS
            )
            if s.target == caller.user
        ]
        since = self.context.clock() - STATUS_WINDOW
        activity = await self.context.deliveries.activity(
            [s.id for s in (*channels, *direct)], since
        )
        return places(channels, direct, activity)

    async def _checked(self, shown: list[Place], caller: Caller) -> list[Place]:
        """The places with what the platform says stops the bot posting in each channel,
        asked side by side, for the channels shown only."""
        reasons = await asyncio.gather(
            *(
                self.context.channels.can_post(caller.workspace, p.target)
                for p in shown
                if p.target != DIRECT
            )
        )
        answers = iter(reasons)
        return [
            p
            if p.target == DIRECT
            else Place(p.target, p.schedules, p.activity, cannot_post=next(answers))
            for p in shown
        ]


def _moderator(caller: Caller) -> None:
    if not caller.can_manage_channel:
        raise UsageError(
            "`/prep status` is for those who can manage this workspace's channels.",
            "Ask a moderator; `/prep schedules` lists this channel's schedules.",
        )
