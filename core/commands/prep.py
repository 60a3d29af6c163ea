"""/prep: routes a subcommand to its family (schedules, check-ins, profile and plan, stats)."""

from __future__ import annotations

import difflib

from core.commands.checkins import CheckinCommands
from core.commands.context import ActionRoute, CommandContext, Route
from core.commands.profile import ProfileCommands
from core.commands.schedules import ScheduleCommands
from core.commands.stats import StatsCommands
from core.errors import UsageError
from core.identity import Caller
from core.reply import Reply
from core.safety import defang


class PrepCommands:
    def __init__(self, context: CommandContext) -> None:
        self.profile = ProfileCommands(context)
        families = (
            ScheduleCommands(context),
            CheckinCommands(context),
            self.profile,
            StatsCommands(context),
        )
        self.subcommands: dict[str, Route] = {}
        self.actions: dict[str, ActionRoute] = {}
        for family in families:
            self.subcommands.update(family.routes)
            self.actions.update(family.actions)
        self.routes: dict[str, Route] = {"prep": self.handle}

    async def handle(self, args: list[str], caller: Caller) -> Reply:
        names = "Subcommands: " + ", ".join(self.subcommands) + ". `/help prep` has examples."
        if not args:
            raise UsageError("`/prep` needs a subcommand.", names)
        route = self.subcommands.get(args[0].lower())
        if route is None:
            close = difflib.get_close_matches(args[0].lower(), self.subcommands, n=1)
            guess = f"Did you mean `/prep {close[0]}`? " if close else ""
            raise UsageError(f"I don't know `/prep {defang(args[0])}`.", guess + names)
        return await route(args[1:], caller)
