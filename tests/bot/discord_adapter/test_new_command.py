"""A command added by one spec entry and one route is in the built tree and answers there."""

from __future__ import annotations

import pytest
from discord import app_commands

from bot.discord_adapter import DiscordAdapter
from core.commands.handler import CommandHandler
from core.roles.catalog import Catalog
from core.store.store import Store
from tests.bot.discord_adapter.fake_discord import FakeDiscord
from tests.bot.discord_adapter.payloads import command, string_option, subcommand
from tests.conftest import FakeClock
from tests.echo_command import echo_handler


@pytest.fixture
def handler(catalog: Catalog, store: Store, clock: FakeClock) -> CommandHandler:
    return echo_handler(catalog, store, clock)


async def test_discord_builds_and_answers_the_new_command(
    adapter: DiscordAdapter, fake: FakeDiscord
) -> None:
    tree = adapter.client.tree
    echo = tree.get_command("echo")
    assert isinstance(echo, app_commands.Command)
    assert [(p.name, p.required) for p in echo.parameters] == [("role", True), ("words", False)]
    options = [string_option("role", "netflix product manager"), string_option("words", "hi")]
    callback = await fake.interact(command("echo", options))
    assert callback.body["data"]["embeds"][0]["title"] == "Echo: netflix-pm"
    under_prep = command("prep", [subcommand("echo", [string_option("role", "amazon-pm")])])
    callback = await fake.interact(under_prep)
    assert callback.body["data"]["embeds"][0]["title"] == "Echo: amazon-pm"
