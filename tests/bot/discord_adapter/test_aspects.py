"""Opening an aspect of a comparison on Discord: the press updates the message it was on
(UPDATE_MESSAGE), the overview comes back the same way, Share posts one message."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.discord_adapter import DiscordAdapter
from core.roles.aspects import TITLES, Aspect
from tests.bot.discord_adapter import payloads
from tests.bot.discord_adapter.fake_discord import FakeDiscord
from tests.bot.discord_adapter.limits import assert_within_limits
from tests.bot.discord_adapter.payloads import button_press, command, custom_ids, string_option

if TYPE_CHECKING:
    from discord.types.message import Message

UPDATE_MESSAGE = 7
CHANNEL_MESSAGE = 4
OVERVIEW = "Netflix Product Manager vs Amazon Product Manager"


async def _press(fake: FakeDiscord, message: Message, custom_id: str) -> dict[str, Any]:
    callback = await fake.interact(button_press(custom_id, message))
    body: dict[str, Any] = callback.body
    return body


async def test_each_aspect_opens_in_place_of_the_overview_and_back(
    adapter: DiscordAdapter, fake: FakeDiscord
) -> None:
    options = [string_option("first", "netflix-pm"), string_option("second", "amazon-pm")]
    await fake.interact(command("compare", options))
    message = fake.messages[-1]
    assert message["flags"] & payloads.EPHEMERAL
    overview_ids = custom_ids(message["components"])
    for aspect in Aspect:
        opened = await _press(fake, message, f"pb:open:compare netflix-pm amazon-pm {aspect}")
        assert opened["type"] == UPDATE_MESSAGE
        assert_within_limits(opened["data"])
        [*embeds] = opened["data"]["embeds"]
        assert embeds[0]["title"] == OVERVIEW
        shown = " ".join(e.get("description", "") + e.get("title", "") for e in embeds)
        assert TITLES[aspect] in shown
        assert fake.message(message["id"])["embeds"] == embeds  # the same message, updated
        back = await _press(fake, message, "pb:open:compare netflix-pm amazon-pm")
        assert back["type"] == UPDATE_MESSAGE
        assert custom_ids(back["data"]["components"]) == overview_ids


async def test_share_posts_the_open_aspect_as_one_message(
    adapter: DiscordAdapter, fake: FakeDiscord
) -> None:
    options = [
        string_option("first", "netflix-pmm"),
        string_option("second", "amazon-pm"),
        string_option("aspect", "culture"),
    ]
    await fake.interact(command("compare", options))
    message = fake.messages[-1]
    [share] = [c for c in custom_ids(message["components"]) if c.startswith("pb:share:")]
    press = button_press(share, message)
    shared = (await fake.interact(press)).body
    assert not fake.followups(press)
    assert shared["type"] == CHANNEL_MESSAGE
    assert not shared["data"].get("flags", 0) & payloads.EPHEMERAL
    assert shared["data"]["embeds"] == message["embeds"]
    assert not shared["data"].get("components")
