"""Logging in and connecting: REST login, then HELLO, IDENTIFY and READY on the gateway."""

from __future__ import annotations

import asyncio

import discord
import pytest
from discord.http import Route

from bot.adapter import serve
from bot.discord_adapter import DiscordAdapter, DiscordNotConfigured, DiscordUnreachable
from bot.settings import Settings
from core.commands.handler import CommandHandler
from tests.bot.discord_adapter import payloads
from tests.bot.discord_adapter.fake_discord import Failure, FakeDiscord


async def test_logs_in_identifies_and_becomes_ready(
    adapter: DiscordAdapter, fake: FakeDiscord
) -> None:
    # How many shards to use (Discord recommends one), then the client's own login.
    assert [r.path for r in fake.requests("GET", "/")][:4] == [
        "/users/@me",
        "/gateway/bot",
        "/users/@me",
        "/oauth2/applications/@me",
    ]
    assert fake.heartbeats >= 1  # answered HELLO with a heartbeat
    [identify] = fake.identified
    assert identify["token"] == "fake-bot-token"
    assert adapter.client.is_ready()
    assert adapter.client.user is not None
    assert str(adapter.client.user.id) == payloads.BOT_ID
    assert adapter.client.get_guild(int(payloads.GUILD_ID)) is not None


async def test_asks_for_no_privileged_intent(adapter: DiscordAdapter, fake: FakeDiscord) -> None:
    intents = discord.Intents._from_value(fake.identified[0]["intents"])
    assert intents.guilds
    assert not intents.members
    assert not intents.presences
    assert not intents.message_content


async def test_start_up_does_not_sync_commands(adapter: DiscordAdapter, fake: FakeDiscord) -> None:
    assert fake.requests("PUT", "/applications") == []
    assert {c.name for c in adapter.client.tree.get_commands()} == {
        "compare",
        "role",
        "fit",
        "practice",
        "mock",
        "help",
        "prep",
    }


async def test_serve_runs_until_cancelled_then_closes(
    fake: FakeDiscord, handler: CommandHandler, settings: Settings
) -> None:
    adapter = DiscordAdapter(handler, settings, guild_ready_timeout=0.01)
    serving = asyncio.create_task(serve(adapter))
    await fake.wait_for(lambda: fake.identified)
    assert not serving.done()
    serving.cancel()
    with pytest.raises(asyncio.CancelledError):
        await serving
    assert adapter.client.is_closed()


async def test_a_refused_token_says_what_to_do(
    fake: FakeDiscord, handler: CommandHandler, settings: Settings
) -> None:
    fake.fail_next("GET", "/users/@me", Failure(401, {"message": "401: Unauthorized", "code": 0}))
    adapter = DiscordAdapter(handler, settings)
    with pytest.raises(DiscordNotConfigured, match="refused DISCORD_TOKEN"):
        await adapter.start()
    await adapter.stop()
    assert fake.identified == []


async def test_an_unreachable_discord_says_so(
    handler: CommandHandler, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Route, "BASE", "http://127.0.0.1:9/api/v10")
    adapter = DiscordAdapter(handler, settings)
    with pytest.raises(DiscordUnreachable, match=r"Cannot reach Discord at http://127\.0\.0\.1:9"):
        await adapter.start()
    await adapter.stop()
