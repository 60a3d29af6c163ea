"""Who is calling, in the core's terms, from a Discord interaction."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands

from core.kernel.identity import Caller
from core.kernel.platform import Platform

PLATFORM = Platform.DISCORD
DIRECT = "dm"


def caller_from(
    interaction: discord.Interaction[Any],
    target: app_commands.AppCommandChannel | None = None,
    *,
    guild: str | None = None,
) -> Caller:
    """The caller; `target` is a channel named in the command, whose permissions then count.

    `guild` is the server a button sent in direct messages belongs to; it counts only for a
    press in direct messages, which carries no server of its own.
    """
    guild_id = interaction.guild_id
    permissions = interaction.permissions
    workspace = str(guild_id) if guild_id else (guild or DIRECT)
    return Caller(
        platform=PLATFORM,
        workspace=workspace,
        user=str(interaction.user.id),
        channel=str(interaction.channel_id) if interaction.channel_id else None,
        is_direct=guild_id is None,
        is_admin=permissions.administrator or permissions.manage_guild,
        can_manage_channel=can_manage(interaction, target),
    )


def can_manage(
    interaction: discord.Interaction[Any], target: app_commands.AppCommandChannel | None = None
) -> bool:
    """Manage Channels (or Administrator) in the named channel, else where the command ran."""
    if interaction.guild_id is None:
        return False
    permissions = target.permissions if target is not None else interaction.permissions
    return permissions.manage_channels or permissions.administrator
