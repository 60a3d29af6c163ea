"""With DISCORD_SHARD_COUNT set, the bot runs discord.py's AutoShardedClient."""

from __future__ import annotations

import discord
import pytest

from bot.discord_adapter import DiscordAdapter
from bot.discord_adapter.bot import ShardedPrepBot
from bot.settings import Settings
from core.commands.handler import CommandHandler
from tests.bot.discord_adapter import payloads
from tests.bot.discord_adapter.fake_discord import FakeDiscord
from tests.bot.discord_adapter.payloads import command

SHARDS = 2


async def test_each_shard_identifies_and_the_guilds_shard_answers(
    fake: FakeDiscord, handler: CommandHandler, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    sharded = settings.model_copy(update={"discord_shard_count": SHARDS})
    adapter = DiscordAdapter(handler, sharded, guild_ready_timeout=0.01)
    assert isinstance(adapter.client, ShardedPrepBot)
    assert isinstance(adapter.client, discord.AutoShardedClient)

    async def no_identify_wait(shard_id: int | None, *, initial: bool = False) -> None:
        """Discord spaces identifies 5 s apart; the fake does not need it."""

    monkeypatch.setattr(adapter.client, "before_identify_hook", no_identify_wait)
    await adapter.start()
    try:
        await fake.wait_for(lambda: len(fake.identified) == SHARDS)
        assert sorted(i["shard"] for i in fake.identified) == [[0, SHARDS], [1, SHARDS]]
        interaction = command("role")
        shard = (int(payloads.GUILD_ID) >> 22) % SHARDS
        await fake.dispatch("INTERACTION_CREATE", interaction, shard=shard)
        callback = await fake.wait_for(lambda: next(iter(fake.callbacks(interaction)), None))
    finally:
        await adapter.stop()
    assert callback.body["data"]["embeds"][0]["title"] == "Roles"
