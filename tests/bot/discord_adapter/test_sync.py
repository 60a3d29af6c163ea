"""`prepbot discord sync`: the command tree registered globally or in one server, over REST only."""

from __future__ import annotations

from typing import Any

import pytest
from discord.http import Route
from pydantic import SecretStr

from bot.discord_adapter import DiscordNotConfigured, sync_command_tree
from bot.discord_adapter.invite import invite_url
from bot.settings import Settings
from tests.bot.discord_adapter import payloads
from tests.bot.discord_adapter.fake_discord import FakeDiscord

TOP_LEVEL = ["compare", "fit", "help", "mock", "practice", "prep", "role"]
PREP = [
    "schedule",
    "schedules",
    "unschedule",
    "resume",
    "checkin",
    "profile",
    "plan",
    "stats",
    "forget",
    "pair",
    "status",
    "questions",
    # every other command also works after /prep, as the help says
    "compare",
    "role",
    "fit",
    "practice",
    "mock",
    "help",
]


def _by_name(commands: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {c["name"]: c for c in commands}


async def test_sync_registers_every_command_globally(fake: FakeDiscord, settings: Settings) -> None:
    result = await sync_command_tree(settings)
    assert (result.application_id, result.guild_id) == (int(payloads.APPLICATION_ID), None)
    assert result.commands == TOP_LEVEL
    [put] = fake.requests("PUT", f"/applications/{payloads.APPLICATION_ID}/commands")
    commands = _by_name(put.body)
    assert [o["name"] for o in commands["prep"]["options"]] == PREP
    assert all(c.get("default_member_permissions") is None for c in commands.values())
    compare = _by_name(commands["compare"]["options"])
    assert compare["first"]["autocomplete"]
    assert compare["second"]["autocomplete"]
    assert [c["value"] for c in compare["aspect"]["choices"]][:3] == ["scope", "interview", "comp"]
    schedule = _by_name(_by_name(commands["prep"]["options"])["schedule"]["options"])
    assert schedule["channel"]["channel_types"] == [0, 5]
    listing = _by_name(_by_name(commands["prep"]["options"])["schedules"]["options"])
    assert listing["channel"]["channel_types"] == [0, 5]
    assert fake.identified == []  # no gateway connection for a sync


async def test_sync_to_one_server_copies_the_global_commands_there(
    fake: FakeDiscord, settings: Settings
) -> None:
    result = await sync_command_tree(settings, guild_id=int(payloads.GUILD_ID))
    assert result.commands == TOP_LEVEL
    path = f"/applications/{payloads.APPLICATION_ID}/guilds/{payloads.GUILD_ID}/commands"
    [put] = fake.requests("PUT", path)
    assert sorted(c["name"] for c in put.body) == TOP_LEVEL
    assert fake.requests("PUT", f"/applications/{payloads.APPLICATION_ID}/commands") == []


async def test_sync_without_a_token_says_what_to_set() -> None:
    with pytest.raises(DiscordNotConfigured, match="DISCORD_TOKEN"):
        await sync_command_tree(Settings(discord_token=SecretStr(" ")))


def test_the_invite_asks_for_the_permissions_the_bot_uses() -> None:
    url = invite_url(int(payloads.APPLICATION_ID))
    assert url == (
        "https://discord.com/oauth2/authorize?client_id=900000000000000001"
        "&scope=bot+applications.commands&permissions=343597435904"
    )


async def test_sync_goes_where_discord_api_url_points(
    fake: FakeDiscord, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Route, "BASE", "http://127.0.0.1:9/api/v10")  # nothing listens there
    pointed = settings.model_copy(update={"discord_api_url": fake.api_base})
    result = await sync_command_tree(pointed)
    assert result.commands == TOP_LEVEL
    assert fake.requests("PUT", f"/applications/{payloads.APPLICATION_ID}/commands")
