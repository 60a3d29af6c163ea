"""Register the app commands with Discord: globally, or in one server (instant, for testing).

Start-up never syncs; run `prepbot discord sync [--guild ID]` after the commands change.
Global commands can take a while to show up in every server; guild commands show at once.
"""

from __future__ import annotations

from dataclasses import dataclass

import discord
from discord import app_commands

from bot.discord_adapter.bot import intents
from bot.discord_adapter.commands import build_commands
from bot.discord_adapter.credentials import discord_token, logging_in, point_at
from bot.settings import Settings
from core.commands.surface import SURFACE


@dataclass(frozen=True)
class SyncResult:
    application_id: int
    guild_id: int | None
    commands: list[str]


async def sync_command_tree(settings: Settings, guild_id: int | None = None) -> SyncResult:
    """Log in over REST only (no gateway), replace the registered commands, log out."""
    point_at(settings)
    client = discord.Client(intents=intents())
    tree: app_commands.CommandTree[discord.Client] = app_commands.CommandTree(client)
    for command in build_commands(SURFACE):
        tree.add_command(command)
    async with client:
        await logging_in(client.login(discord_token(settings)))
        synced = await push(tree, guild_id)
        assert client.application_id is not None
        return SyncResult(client.application_id, guild_id, sorted(c.name for c in synced))


async def push(
    tree: app_commands.CommandTree[discord.Client], guild_id: int | None
) -> list[app_commands.AppCommand]:
    if guild_id is None:
        return await tree.sync()
    guild = discord.Object(guild_id)
    tree.copy_global_to(guild=guild)
    return await tree.sync(guild=guild)
