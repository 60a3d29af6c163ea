"""Sharding: discord.py's AutoShardedClient when DISCORD_SHARD_COUNT is set, or when Discord
recommends more than one shard for the bot's servers."""

from __future__ import annotations

import discord
import pytest

from bot.discord_adapter import DiscordAdapter, ShardingRequired
from bot.discord_adapter.bot import PrepBot, ShardedPrepBot
from bot.settings import Settings
from core.commands.handler import CommandHandler
from tests.bot.discord_adapter import payloads
from tests.bot.discord_adapter.fake_discord import FakeDiscord
from tests.bot.discord_adapter.payloads import command

SHARDS = 2


@pytest.fixture(autouse=True)
def no_identify_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    """Discord spaces identifies 5 s apart; the fake does not need it."""

    async def at_once(self: discord.AutoShardedClient, shard_id: int | None, **_: bool) -> None:
        return None

    monkeypatch.setattr(ShardedPrepBot, "before_identify_hook", at_once)


async def _role_answered_on_its_shard(fake: FakeDiscord) -> str:
    await fake.wait_for(lambda: len(fake.identified) == SHARDS)
    assert sorted(i["shard"] for i in fake.identified) == [[0, SHARDS], [1, SHARDS]]
    interaction = command("role")
    shard = (int(payloads.GUILD_ID) >> 22) % SHARDS
    await fake.dispatch("INTERACTION_CREATE", interaction, shard=shard)
    callback = await fake.wait_for(lambda: next(iter(fake.callbacks(interaction)), None))
    title: str = callback.body["data"]["embeds"][0]["title"]
    return title


async def test_each_shard_identifies_and_the_guilds_shard_answers(
    fake: FakeDiscord, handler: CommandHandler, settings: Settings
) -> None:
    sharded = settings.model_copy(update={"discord_shard_count": SHARDS})
    adapter = DiscordAdapter(handler, sharded, guild_ready_timeout=0.01)
    assert isinstance(adapter.client, ShardedPrepBot)
    assert isinstance(adapter.client, discord.AutoShardedClient)
    await adapter.start()
    try:
        assert await _role_answered_on_its_shard(fake) == "Roles"
    finally:
        await adapter.stop()
    assert fake.requests("GET", "/gateway/bot") == []  # the count was given, not asked for


async def test_without_a_shard_count_discords_recommendation_decides(
    fake: FakeDiscord, handler: CommandHandler, settings: Settings
) -> None:
    fake.recommended_shards = SHARDS
    adapter = DiscordAdapter(handler, settings, guild_ready_timeout=0.01)
    assert type(adapter.client) is PrepBot
    await adapter.start()
    try:
        assert isinstance(adapter.client, ShardedPrepBot)
        assert adapter.messenger.client is adapter.client
        assert await _role_answered_on_its_shard(fake) == "Roles"
    finally:
        await adapter.stop()


async def test_one_recommended_shard_keeps_the_plain_client(
    adapter: DiscordAdapter, fake: FakeDiscord
) -> None:
    assert len(fake.requests("GET", "/gateway/bot")) == 1
    assert type(adapter.client) is PrepBot
    assert [i.get("shard", [0, 1]) for i in fake.identified] == [[0, 1]]


async def test_discord_requiring_shards_stops_the_bot_saying_what_to_set(
    fake: FakeDiscord, handler: CommandHandler, settings: Settings
) -> None:
    fake.identify_close_code = 4011
    adapter = DiscordAdapter(handler, settings, guild_ready_timeout=0.01)
    await adapter.start()
    try:
        with pytest.raises(ShardingRequired, match="DISCORD_SHARD_COUNT"):
            await adapter.wait_closed()
    finally:
        await adapter.stop()
