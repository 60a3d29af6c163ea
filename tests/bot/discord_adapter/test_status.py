"""/prep status on Discord through the app command tree: a moderator sees the paused channel
and its reason, with the detail a press away; a member is refused the command."""

from __future__ import annotations

from bot.discord_adapter import DiscordAdapter
from core.kernel.platform import Platform
from core.store.store import Store
from tests.bot.discord_adapter import payloads
from tests.bot.discord_adapter.fake_discord import FakeDiscord
from tests.bot.discord_adapter.payloads import (
    MANAGER_PERMISSIONS,
    MEMBER_PERMISSIONS,
    button_press,
    command,
    labelled,
    subcommand,
)
from tests.bot.discord_adapter.test_permissions import _schedule

MISSING = "Missing Access: the bot's role cannot see the channel"


def _status(permissions: object) -> object:
    return command("prep", [subcommand("status", [])], permissions=permissions)  # type: ignore[arg-type]


async def test_a_moderator_sees_why_a_channel_is_silent_and_a_member_is_refused(
    adapter: DiscordAdapter, fake: FakeDiscord, store: Store
) -> None:
    await fake.interact(_schedule(MANAGER_PERMISSIONS, MEMBER_PERMISSIONS))
    [schedule] = await store.schedules.find(Platform.DISCORD, payloads.GUILD_ID)
    await store.schedules.set_paused(schedule.id, MISSING)

    shown = await fake.interact(_status(MANAGER_PERMISSIONS))
    data = shown.body["data"]
    words = str(data["embeds"])
    assert f"<#{payloads.OTHER_CHANNEL_ID}>" in words
    assert "paused" in words
    assert data["allowed_mentions"] == {"parse": []}
    details = next(label for label in labelled(data["components"]) if label.startswith("Details"))
    press = button_press(labelled(data["components"])[details], fake.messages[-1])
    press["member"] = payloads.member(payloads.USER_ID, MANAGER_PERMISSIONS)
    opened = await fake.interact(press)
    assert MISSING in str(opened.body["data"]["embeds"])

    refused = await fake.interact(_status(MEMBER_PERMISSIONS))
    assert "can manage" in str(refused.body["data"]["embeds"])
