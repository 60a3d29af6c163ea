"""Changing a channel's schedule needs Manage Channels there; others get a clear refusal."""

from __future__ import annotations

import discord

from bot.discord_adapter import DiscordAdapter
from bot.discord_adapter.bot import NEEDS_MANAGE_CHANNELS
from core.kernel.reply import TextSection
from core.store.store import Store
from tests.bot.discord_adapter import payloads
from tests.bot.discord_adapter.fake_discord import FakeDiscord
from tests.bot.discord_adapter.payloads import (
    MANAGER_PERMISSIONS,
    MEMBER_PERMISSIONS,
    channel_option,
    command,
    integer_option,
    resolved_channel,
    string_option,
    subcommand,
)
from tests.fakes import all_schedules


def _schedule(channel_permissions: discord.Permissions, caller: discord.Permissions) -> object:
    options = [string_option("time", "09:00"), channel_option("channel", payloads.OTHER_CHANNEL_ID)]
    return command(
        "prep",
        [subcommand("schedule", options)],
        permissions=caller,
        resolved=resolved_channel(payloads.OTHER_CHANNEL_ID, channel_permissions),
    )


REFUSAL = "\n\n".join(s.text for s in NEEDS_MANAGE_CHANNELS.sections if isinstance(s, TextSection))


async def _refusal(fake: FakeDiscord, interaction: object) -> str:
    callback = await fake.interact(interaction)
    data = callback.body["data"]
    assert callback.body["type"] == 4
    assert data["flags"] & payloads.EPHEMERAL
    assert data["embeds"][0]["title"] == "Sorry, I couldn't do that"
    text: str = data["embeds"][0]["description"]
    return text


async def test_a_member_without_manage_channels_is_refused_prep_schedule(
    adapter: DiscordAdapter, fake: FakeDiscord, store: Store
) -> None:
    assert await _refusal(fake, _schedule(MEMBER_PERMISSIONS, MEMBER_PERMISSIONS)) == REFUSAL
    assert await all_schedules(store) == []


async def test_manage_channels_must_hold_in_the_channel_being_scheduled(
    adapter: DiscordAdapter, fake: FakeDiscord, store: Store
) -> None:
    assert await _refusal(fake, _schedule(MEMBER_PERMISSIONS, MANAGER_PERMISSIONS)) == REFUSAL
    assert await all_schedules(store) == []


async def test_unschedule_is_refused_without_manage_channels(
    adapter: DiscordAdapter, fake: FakeDiscord
) -> None:
    interaction = command("prep", [subcommand("unschedule", [integer_option("number", 1)])])
    assert await _refusal(fake, interaction) == REFUSAL


async def test_a_manager_may_schedule(
    adapter: DiscordAdapter, fake: FakeDiscord, store: Store
) -> None:
    callback = await fake.interact(_schedule(MANAGER_PERMISSIONS, MEMBER_PERMISSIONS))
    assert callback.body["data"]["embeds"][0]["title"].startswith("Scheduled #")
    assert len(await all_schedules(store)) == 1


def _schedule_in(channel_id: str) -> object:
    options = [string_option("time", "09:00"), channel_option("channel", channel_id)]
    return command(
        "prep",
        [subcommand("schedule", options)],
        resolved=resolved_channel(channel_id, MANAGER_PERMISSIONS),
    )


async def test_a_channel_the_bot_cannot_post_in_is_refused_at_once(
    adapter: DiscordAdapter, fake: FakeDiscord, store: Store
) -> None:
    # The announcements channel denies Send Messages to @everyone, the bot's role included.
    text = await _refusal(fake, _schedule_in(payloads.LOCKED_CHANNEL_ID))
    assert "I can't post in that channel, so nothing was scheduled." in text
    # Without Send Messages, Discord takes Embed Links away too.
    assert "I lack Send Messages, Embed Links there: give my role Send Messages" in text
    assert "View Channel" not in text
    assert await all_schedules(store) == []


async def test_a_channel_missing_from_the_cache_is_asked_about_over_rest(
    adapter: DiscordAdapter, fake: FakeDiscord, store: Store
) -> None:
    gone = "900000000000000099"
    text = await _refusal(fake, _schedule_in(gone))
    assert "It no longer exists" in text
    assert [r.path for r in fake.requests("GET", "/channels/")] == [f"/channels/{gone}"]
    assert await all_schedules(store) == []


async def test_pairing_needs_private_threads_where_it_is_turned_on(
    adapter: DiscordAdapter, fake: FakeDiscord, store: Store
) -> None:
    """The channel lets the bot post but not open private threads, which pairing meets in."""
    where = payloads.NO_THREADS_CHANNEL_ID
    on = command(
        "prep",
        [
            subcommand(
                "pair",
                [
                    string_option("action", "on"),
                    channel_option("channel", where),
                    string_option("day", "fri"),
                    string_option("time", "17:00"),
                ],
            )
        ],
        permissions=MANAGER_PERMISSIONS,
        resolved=resolved_channel(where, MANAGER_PERMISSIONS),
    )
    text = await _refusal(fake, on)
    assert "I can't post in that channel, so pairing stays off." in text
    assert "Create Private Threads" in text
    assert "Send Messages, " not in text  # posting itself is allowed there
    assert await all_schedules(store) == []
    # The same bot may schedule daily questions there: they need no thread.
    assert (
        (await fake.interact(_schedule_in(where)))
        .body["data"]["embeds"][0]["title"]
        .startswith("Scheduled #")
    )
