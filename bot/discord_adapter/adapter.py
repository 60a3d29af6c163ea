"""What the runtime holds: the client, its messenger for the dispatcher, start and stop."""

from __future__ import annotations

import asyncio
from typing import Any

import discord

from bot.discord_adapter.bot import PrepBot, build_client
from bot.discord_adapter.credentials import discord_token, refused_token_is_fatal
from bot.discord_adapter.messenger import DiscordMessenger
from bot.errors import StartupError
from bot.settings import Settings
from core.commands.handler import CommandHandler

SHARDING_REQUIRED = 4011


class ShardingRequired(StartupError):
    """Discord closed the connection because the bot is in too many servers for one shard."""


class DiscordAdapter:
    def __init__(self, handler: CommandHandler, settings: Settings, **client_options: Any) -> None:
        self.settings = settings
        self.client: PrepBot = build_client(handler, settings.discord_shard_count, **client_options)
        self.messenger = DiscordMessenger(self.client)
        self._task: asyncio.Task[None] | None = None

    async def start(self, *, gateway: bool = True) -> None:
        """Log in and connect in the background; return once logged in, or raise why not.

        Without the gateway the client only logs in to the REST API: enough for the messenger,
        so that a second replica can send scheduled posts while one process serves commands.
        """
        token = discord_token(self.settings)
        if not gateway:
            await refused_token_is_fatal(self.client.login(token))
            return
        self._task = asyncio.create_task(self._run(token), name="discord-client")
        logged_in = asyncio.create_task(self.client.logged_in.wait())
        await asyncio.wait((self._task, logged_in), return_when=asyncio.FIRST_COMPLETED)
        logged_in.cancel()
        if self._task.done():
            self._task.result()

    async def wait_closed(self) -> None:
        """Until the connection ends for good; raises what ended it, if anything did."""
        if self._task is not None:
            await self._task

    async def stop(self) -> None:
        """Close the connection and wait for it to end (what ended it is for `wait_closed`)."""
        await self.client.close()
        if self._task is not None:
            await asyncio.wait((self._task,))

    async def _run(self, token: str) -> None:
        try:
            async with self.client:
                await refused_token_is_fatal(self.client.start(token))
        except discord.ConnectionClosed as error:
            if error.code == SHARDING_REQUIRED:
                raise ShardingRequired(
                    "Discord requires sharding for this many servers: set DISCORD_SHARD_COUNT."
                ) from error
            raise
