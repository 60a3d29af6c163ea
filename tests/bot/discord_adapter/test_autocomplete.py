"""Autocomplete: role names from the catalog, timezones, days, answered on the callback."""

from __future__ import annotations

from typing import Any

from bot.discord_adapter import DiscordAdapter
from tests.bot.discord_adapter.fake_discord import FakeDiscord
from tests.bot.discord_adapter.payloads import command, string_option, subcommand

AUTOCOMPLETE_RESULT = 8


async def _choices(fake: FakeDiscord, interaction: Any) -> list[dict[str, Any]]:
    callback = await fake.interact(interaction)
    assert callback.body["type"] == AUTOCOMPLETE_RESULT
    choices: list[dict[str, Any]] = callback.body["data"]["choices"]
    return choices


async def test_role_names_complete_from_ids_and_aliases(
    adapter: DiscordAdapter, fake: FakeDiscord
) -> None:
    typed = [string_option("first", "netfl", focused=True), string_option("second", "")]
    choices = await _choices(fake, command("compare", typed, autocomplete=True))
    assert choices == [
        {"name": "netflix-pm: Netflix Product Manager", "value": "netflix-pm"},
        {"name": "netflix-pmm: Netflix Product Marketing Manager", "value": "netflix-pmm"},
    ]
    alias = [string_option("first", "netflix-pm"), string_option("second", "amzn", focused=True)]
    choices = await _choices(fake, command("compare", alias, autocomplete=True))
    assert [c["value"] for c in choices] == ["amazon-pm"]


async def test_timezones_complete_within_a_subcommand(
    adapter: DiscordAdapter, fake: FakeDiscord
) -> None:
    typed = [string_option("time", "08:00"), string_option("timezone", "london", focused=True)]
    interaction = command("prep", [subcommand("checkin", typed)], autocomplete=True)
    choices = await _choices(fake, interaction)
    assert {"name": "Europe/London", "value": "Europe/London"} in choices
    assert all("london" in c["value"].lower() for c in choices)


async def test_days_suggest_the_common_sets_and_keep_what_was_typed(
    adapter: DiscordAdapter, fake: FakeDiscord
) -> None:
    typed = [string_option("time", "09:00"), string_option("days", "tue,thu", focused=True)]
    interaction = command("prep", [subcommand("schedule", typed)], autocomplete=True)
    assert [c["value"] for c in await _choices(fake, interaction)] == ["tue,thu"]
