"""/prep: routes a subcommand to its family (schedules, check-ins, profile and plan, stats,
pairing), and every other command too (`/prep compare …`, `/prep help`), for a platform
where another app has taken a command's own name."""

from __future__ import annotations

import difflib
from collections.abc import Mapping

from core.coaching.checkin_commands import CheckinCommands
from core.coaching.profile_commands import ProfileCommands
from core.coaching.stats_commands import StatsCommands
from core.commands.context import ActionRoute, CommandContext, Route
from core.kernel.errors import UsageError
from core.kernel.identity import Caller
from core.kernel.reply import Reply
from core.kernel.safety import defang
from core.pairing.commands import PairCommands
from core.scheduling.commands import ScheduleCommands
from core.scheduling.status_commands import StatusCommands


class PrepCommands:
    def __init__(self, context: CommandContext, commands: Mapping[str, Route]) -> None:
        self.profile = ProfileCommands(context)
        self.status = StatusCommands(context)
        families = (
            ScheduleCommands(context),
            CheckinCommands(context),
            self.profile,
            StatsCommands(context),
            PairCommands(context),
            self.status,
        )
        self.subcommands: dict[str, Route] = {}
        self.actions: dict[str, ActionRoute] = {}
        for family in families:
            self.subcommands.update(family.routes)
            self.actions.update(family.actions)
        self.commands = {name: route for name, route in commands.items() if name != "prep"}
        self.routes: dict[str, Route] = {"prep": self.handle}

    async def handle(self, args: list[str], caller: Caller) -> Reply:
        names = (
            "Subcommands: "
            + ", ".join(self.subcommands)
            + "; and every other command, as in `/prep compare netflix-pm amazon-pm`. "
            "`/prep help prep` has examples."
        )
        if not args:
            raise UsageError("`/prep` needs a subcommand.", names)
        name = args[0].lower()
        route = self.subcommands.get(name) or self.commands.get(name)
        if route is None:
            close = difflib.get_close_matches(name, [*self.subcommands, *self.commands], n=1)
            guess = f"Did you mean `/prep {close[0]}`? " if close else ""
            raise UsageError(f"I don't know `/prep {defang(args[0])}`.", guess + names)
        return await route(args[1:], caller)
