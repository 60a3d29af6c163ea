"""The fake Discord, discord.py pointed at it, and the adapter connected through it."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from typing import Any

import pytest
import yarl
from discord.gateway import DiscordWebSocket
from discord.http import Route
from pydantic import SecretStr

from bot.discord_adapter import DiscordAdapter
from bot.settings import Settings
from core.commands.handler import CommandHandler
from tests.bot.discord_adapter.fake_discord import FakeDiscord

LOCAL = ("127.0.0.1", "localhost", "::1")


@pytest.fixture(autouse=True)
def charts_loaded(charts_ready: None) -> None:
    """The adapter answers within a two-second budget here; see charts_ready."""


@pytest.fixture(autouse=True)
def no_name_lookups(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail a test that looks up a name beyond this machine (discord.com, for one)."""
    real = socket.getaddrinfo

    def guarded(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host is not None and str(host) not in LOCAL:
            raise RuntimeError(f"test tried to resolve {host!r}")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", guarded)


@pytest.fixture
async def fake(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FakeDiscord]:
    discord_ = FakeDiscord()
    await discord_.start()
    monkeypatch.setattr(Route, "BASE", discord_.api_base)
    monkeypatch.setattr(DiscordWebSocket, "DEFAULT_GATEWAY", yarl.URL(discord_.gateway_url))
    yield discord_
    await discord_.close()
    assert discord_.errors == [], "the fake could not answer a request"


@pytest.fixture
def settings() -> Settings:
    return Settings(discord_token=SecretStr("fake-bot-token"), discord_shard_count=None)


@pytest.fixture
async def adapter(
    fake: FakeDiscord, handler: CommandHandler, settings: Settings
) -> AsyncIterator[DiscordAdapter]:
    adapter = DiscordAdapter(handler, settings, guild_ready_timeout=0.01)
    handler.connect_channels(adapter.messenger)  # as the runtime wires it
    await adapter.start()
    await asyncio.wait_for(adapter.client.wait_until_ready(), 5)
    yield adapter
    await adapter.stop()
