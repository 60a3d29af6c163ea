"""What the runtime holds: the client, its messenger for the dispatcher, start and stop."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import discord
import discord.http

from bot.discord_adapter.bot import PrepBot, build_client
from bot.discord_adapter.credentials import discord_token, logging_in, point_at
from bot.discord_adapter.messenger import DiscordMessenger
from bot.errors import StartupError
from bot.settings import Settings
from core.commands.handler import CommandHandler

log = logging.getLogger(__name__)

SHARDING_REQUIRED = 4011


class ShardingRequired(StartupError):
    """Discord closed the connection because the bot is in too many servers for one shard."""


class DiscordAdapter:
    def __init__(self, handler: CommandHandler, settings: Settings, **client_options: Any) -> None:
        self.settings = settings
        self.handler = handler
        point_at(settings)
        self.client_options = client_options
        self.client: PrepBot = build_client(
            handler, settings.discord_shard_count, settings.shard_ids, **client_options
        )
        self.messenger = DiscordMessenger(self.client)
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        """Log in and connect in the background; return once logged in, or raise why not."""
        token = discord_token(self.settings)
        if self.settings.discord_shard_count is None:
            await self._shard_if_recommended(token)
        self._task = asyncio.create_task(self._run(token), name="discord-client")
        logged_in = asyncio.create_task(self.client.logged_in.wait())
        await asyncio.wait((self._task, logged_in), return_when=asyncio.FIRST_COMPLETED)
        logged_in.cancel()
        if self._task.done():
            self._task.result()

    def ready(self) -> bool:
        """Every shard this process runs is connected (REST works before that, so the
        dispatcher posts all the same)."""
        return self.client.is_ready()

    async def wait_closed(self) -> None:
        """Until the connection ends for good; raises what ended it, if anything did."""
        if self._task is not None:
            await self._task

    async def stop(self) -> None:
        """Close the connection and wait for it to end (what ended it is for `wait_closed`)."""
        await self.client.close()
        if self._task is not None:
            await asyncio.wait((self._task,))

    async def _shard_if_recommended(self, token: str) -> None:
        """Run sharded when Discord recommends more than one shard for the bot's servers."""
        shards = await recommended_shards(token)
        if shards > 1:
            log.info("Discord recommends %d shards; connecting with that many", shards)
            self.client = build_client(self.handler, shards, **self.client_options)
            self.messenger.client = self.client

    async def _run(self, token: str) -> None:
        try:
            async with self.client:
                await logging_in(self.client.login(token))
                await self.client.connect()
        except discord.ConnectionClosed as error:
            if error.code == SHARDING_REQUIRED:
                raise ShardingRequired(
                    "Discord requires sharding for this many servers: start prepbot again "
                    "(it asks Discord how many shards to use), or set DISCORD_SHARD_COUNT."
                ) from error
            raise


async def recommended_shards(token: str) -> int:
    """The number of shards Discord recommends for the bot (about one per 1,000 servers),
    asked over REST, as discord.py's AutoShardedClient asks it."""
    http = discord.http.HTTPClient(asyncio.get_running_loop())
    try:
        await logging_in(http.static_login(token))
        shards, _url, _limits = await http.get_bot_gateway()
    finally:
        await http.close()
    return shards
