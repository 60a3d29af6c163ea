"""The Discord client: app commands and persistent buttons over the core's command handler.

`PrepBot` is one gateway connection. `ShardedPrepBot` (discord.py's AutoShardedClient)
spreads servers over several gateway connections in one process; the adapter uses it when
DISCORD_SHARD_COUNT is set or Discord recommends more than one shard (about one per 1,000
servers). Discord requires sharding from 2,500 servers on. With DISCORD_SHARD_IDS a process
runs only those shards, so that several processes split the shards between them: each hears
only its shards' servers, and any of them can post anywhere (posting is REST, not gateway).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import discord
from discord import app_commands

from bot.discord_adapter.buttons import ReplyButton
from bot.discord_adapter.commands import NeedsManageChannels, build_commands
from bot.discord_adapter.forms import ChecklistSelect
from bot.discord_adapter.render import NO_MENTIONS
from bot.discord_adapter.respond import DEFER_AFTER, Responder, responder_of
from core.commands.handler import CommandHandler, internal_error
from core.kernel.reply import error_reply
from core.kernel.words import plural

log = logging.getLogger(__name__)

NEEDS_MANAGE_CHANNELS = error_reply(
    "Changing a channel's daily questions needs the Manage Channels permission in that channel.",
    "Ask someone who can manage the channel to set it up.",
)
SHARDING_ADVISED = 2000
MAX_RATE_LIMIT_WAIT = 30.0  # longer waits surface as RateLimited (30 s is the least allowed)


def intents() -> discord.Intents:
    """Guild events only. Commands and buttons arrive as interactions whatever the intents,
    so the bot needs no message events and no privileged intent."""
    return discord.Intents(guilds=True)


class PrepTree(app_commands.CommandTree[discord.Client]):
    async def on_error(
        self,
        interaction: discord.Interaction[discord.Client],
        error: app_commands.AppCommandError,
        /,
    ) -> None:
        if isinstance(error, NeedsManageChannels):
            await responder_of(interaction).refuse(interaction, NEEDS_MANAGE_CHANNELS)
            return
        name = interaction.command.qualified_name if interaction.command else "?"
        log.error("app command /%s failed", name, exc_info=error)
        if not interaction.response.is_done():
            await responder_of(interaction).refuse(interaction, internal_error())


class PrepBot(discord.Client):
    """Resources come in through the constructor; `setup_hook` wires them once logged in."""

    def __init__(
        self, handler: CommandHandler, *, defer_after: float = DEFER_AFTER, **options: Any
    ) -> None:
        options.setdefault("intents", intents())
        options.setdefault("allowed_mentions", NO_MENTIONS)
        options.setdefault("max_ratelimit_timeout", MAX_RATE_LIMIT_WAIT)
        super().__init__(**options)
        self.handler = handler
        self.responder = Responder(handler, defer_after=defer_after)
        self.tree = PrepTree(self)
        self.logged_in = asyncio.Event()

    async def setup_hook(self) -> None:
        for command in build_commands(self.handler.surface, self.responder):
            self.tree.add_command(command)
        self.add_dynamic_items(ReplyButton, ChecklistSelect)
        self.logged_in.set()

    async def on_ready(self) -> None:
        log.info("connected to Discord as %s in %s", self.user, plural(len(self.guilds), "server"))
        if self.shard_count is None and len(self.guilds) >= SHARDING_ADVISED:
            log.warning(
                "%d servers on one gateway connection; restart prepbot (it then shards as "
                "Discord recommends) or set DISCORD_SHARD_COUNT before Discord's limit of "
                "2,500 per connection",
                len(self.guilds),
            )


class ShardedPrepBot(PrepBot, discord.AutoShardedClient):
    """The same bot over several shards; `shard_count=None` takes Discord's recommendation."""


def build_client(
    handler: CommandHandler,
    shard_count: int | None = None,
    shard_ids: list[int] | None = None,
    **options: Any,
) -> PrepBot:
    if shard_count is None:
        return PrepBot(handler, **options)
    if shard_ids is not None:
        options["shard_ids"] = shard_ids
    return ShardedPrepBot(handler, shard_count=shard_count, **options)
