"""The bot token, read from the settings at the moment it is needed and never logged."""

from __future__ import annotations

from collections.abc import Awaitable

import discord

from bot.errors import StartupError
from bot.settings import Settings


class DiscordNotConfigured(StartupError):
    """DISCORD_TOKEN is not set."""


def discord_token(settings: Settings) -> str:
    if settings.discord_token is None or not settings.discord_token.get_secret_value().strip():
        raise DiscordNotConfigured(
            "DISCORD_TOKEN is not set: copy the bot token from the Discord developer portal "
            "(your application → Bot → Reset Token) into the environment or .env."
        )
    return settings.discord_token.get_secret_value().strip()


async def refused_token_is_fatal(call: Awaitable[None]) -> None:
    try:
        await call
    except discord.LoginFailure as error:
        raise DiscordNotConfigured(
            "Discord refused DISCORD_TOKEN: copy a fresh token from the developer portal "
            "(your application → Bot → Reset Token)."
        ) from error
