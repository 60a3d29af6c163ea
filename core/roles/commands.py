"""/compare and /role: role cards, comparisons, and sharing them in the channel."""

from __future__ import annotations

from core.commands.context import ActionRoute, CommandContext, Route
from core.commands.help import usage_hint
from core.commands.pure import pure
from core.commands.tokens import tokenize
from core.commands.words import aspect_in, find_role, require_role
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
        self.routes: dict[str, Route] = {
            "compare": self.compare,
            "role": self.role,
            "roles": self.role,
        }
        self.actions: dict[str, ActionRoute] = {
            SHARE_ACTION: self.share,
            OPEN_ACTION: pure(opener(context.catalog, context.charts)),
        }

    @pure
    async def compare(self, args: list[str], caller: Caller) -> Reply:
        if len(args) < 2:
            raise UsageError("`/compare` needs two roles.", usage_hint("compare"))
        first = require_role(self.catalog, args, "compare")
        if not first.rest:
            raise UsageError(
                f"`/compare` needs a second role to set against {first.role.id}.",
                usage_hint("compare"),
            )
        second = require_role(self.catalog, first.rest, "compare")
        if (third := find_role(self.catalog, second.rest)) is not None:
            raise UsageError(
                f"`/compare` sets two roles side by side, not three ({third.role.id} too).",
                f"Compare them in pairs, e.g. `/compare {first.role.id} {third.role.id}`.",
            )
        aspect = aspect_in(second.rest)
        return await comparison_reply(self.catalog, self.charts, first.role, second.role, aspect)

    @pure
    async def role(self, args: list[str], caller: Caller) -> Reply:
        if not args:
            return role_list(self.catalog)
        found = require_role(self.catalog, args, "role")
        if (other := find_role(self.catalog, found.rest)) is not None:
            raise UsageError(
                "`/role` shows one role at a time.",
                f"To set two side by side: `/compare {found.role.id} {other.role.id}`.",
            )
        return await role_card_reply(self.catalog, self.charts, found.role, aspect_in(found.rest))

    @pure
    async def share(self, payload: str, caller: Caller) -> Reply:
        line = tokenize(payload)
        if line.name not in ("compare", "role"):
            raise UsageError("That share button is not valid.", "Run the command again.")
        reply = await self.routes[line.name](line.args, caller)
        return reply.model_copy(update={"visibility": Visibility.CHANNEL, "buttons": ()})
