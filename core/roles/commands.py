"""/compare and /role: role cards, comparisons, and sharing them in the channel."""

from __future__ import annotations

from core.commands.args import Args
from core.commands.context import ActionRoute, CommandContext, Route
from core.commands.help import usage_hint
from core.commands.parse import parse_words
from core.commands.pure import pure
from core.commands.readers import Reading
from core.commands.surface import SURFACE
from core.commands.tokens import tokenize
from core.kernel.errors import UsageError
from core.kernel.identity import Caller
from core.kernel.reply import Reply, Visibility
from core.roles.cards import (
    OPEN_ACTION,
    SHARE_ACTION,
    comparison_reply,
    opener,
    role_card_reply,
    role_list,
)


class CompareCommands:
    def __init__(self, context: CommandContext) -> None:
        self.catalog = context.catalog
        self.charts = context.charts
        self.routes: dict[str, Route] = {"compare": self.compare, "role": self.role}
        self.actions: dict[str, ActionRoute] = {
            SHARE_ACTION: self.share,
            OPEN_ACTION: pure(opener(context.catalog, context.charts)),
        }

    @pure
    async def compare(self, args: Args, caller: Caller) -> Reply:
        first, second = args.role("first"), args.role("second")
        if first is None or second is None:
            raise UsageError("`/compare` needs two roles.", usage_hint("compare"))
        return await comparison_reply(self.catalog, self.charts, first, second, args.aspect())

    @pure
    async def role(self, args: Args, caller: Caller) -> Reply:
        role = args.role()
        if role is None:
            if args.has("aspect"):
                raise UsageError("Which role?", usage_hint("role"))
            return role_list(self.catalog)
        return await role_card_reply(self.catalog, self.charts, role, args.aspect())

    @pure
    async def share(self, payload: str, caller: Caller) -> Reply:
        line = tokenize(payload)
        if line.name not in ("compare", "role"):
            raise UsageError("That share button is not valid.", "Run the command again.")
        command = SURFACE.by_path(line.name)
        args = parse_words(command, line.args, Reading(self.catalog, command))
        reply = await self.routes[command.path](args, caller)
        return reply.model_copy(update={"visibility": Visibility.CHANNEL, "buttons": ()})
