"""The bot token, read from the settings at the moment it is needed and never logged."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import TypeVar

import aiohttp
import discord
import yarl
from discord.gateway import DiscordWebSocket
from discord.http import Route

from bot.errors import StartupError
from bot.settings import Settings

T = TypeVar("T")


class DiscordNotConfigured(StartupError):
    """DISCORD_TOKEN is not set, or Discord refused it."""


class DiscordUnreachable(StartupError):
    """Logging in failed before Discord could answer."""


def point_at(settings: Settings) -> None:
    """Send discord.py to another REST API and gateway (a local stand-in) when settings say;
    every command that talks to Discord (serving, `prepbot discord sync`) calls it first."""
    if settings.discord_api_url:
        Route.BASE = settings.discord_api_url.rstrip("/")
    if settings.discord_gateway_url:
        DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(settings.discord_gateway_url)


def discord_token(settings: Settings) -> str:
    if settings.discord_token is None or not settings.discord_token.get_secret_value().strip():
        raise DiscordNotConfigured(
            "DISCORD_TOKEN is not set: copy the bot token from the Discord developer portal "
            "(your application → Bot → Reset Token) into the environment or .env."
        )
    return settings.discord_token.get_secret_value().strip()


async def logging_in(call: Awaitable[T]) -> T:
    """Await a login, turning a refused token or an unreachable Discord into a StartupError."""
    try:
        return await call
    except discord.LoginFailure as error:
        raise DiscordNotConfigured(
            "Discord refused DISCORD_TOKEN: copy a fresh token from the developer portal "
            "(your application → Bot → Reset Token)."
        ) from error
    except (aiohttp.ClientError, OSError, TimeoutError) as error:
        raise DiscordUnreachable(
            f"Cannot reach Discord at {Route.BASE} ({type(error).__name__}); check the network."
        ) from error
