"""Shards split across processes (DISCORD_SHARD_COUNT=2, DISCORD_SHARD_IDS=0 and =1): each
process hears only its own servers' interactions; a scheduled post is sent once, by whichever
process claims it, even when the shard that owns its server is not in that process (or not
running at all): posting is REST and needs no gateway."""

from __future__ import annotations

import asyncio
import copy
import random
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import discord
import pytest

from bot.compose import build_handler
from bot.discord_adapter import DiscordAdapter
from bot.discord_adapter.bot import ShardedPrepBot
from bot.settings import Settings
from core.commands.handler import CommandHandler
from core.content.loader import Content
from core.dispatch.dispatcher import Dispatcher
from core.kernel.identity import Caller
from core.kernel.platform import Platform
from core.kernel.reply import Reply, TextSection
from core.messenger import Messenger
from core.roles.catalog import Catalog
from core.store.store import Store
from tests.bot.discord_adapter import payloads
from tests.bot.discord_adapter.fake_discord import FakeDiscord
from tests.conftest import FakeClock
from tests.fakes import RecordingSleep, channel_schedule

SHARDS = 2
GUILD_A, CHANNEL_A = payloads.GUILD_ID, payloads.CHANNEL_ID
GUILD_B = str(int(GUILD_A) + (1 << 22))  # the next shard over
CHANNEL_B = str(int(CHANNEL_A) + (1 << 22))


class Recording:
    """The command handler of one process, noting the servers its commands came from."""

    def __init__(self, handler: CommandHandler) -> None:
        self.handler = handler
        self.servers: list[str] = []
        self.answer = handler.answer
        handler.answer = self._answer  # type: ignore[method-assign]

    async def _answer(self, path: str, given: Any, caller: Caller) -> Reply:
        self.servers.append(caller.workspace)
        return await self.answer(path, given, caller)


def guild_b() -> Any:
    guild: Any = copy.deepcopy(payloads.guild())
    guild["id"] = GUILD_B
    guild["roles"][0]["id"] = GUILD_B
    guild["channels"] = [{**payloads.text_channel(CHANNEL_B), "guild_id": GUILD_B}]
    return guild


def command_in(guild: str, channel: str, name: str = "role") -> Any:
    interaction: Any = payloads.command(name)
    interaction.update(
        guild_id=guild,
        channel_id=channel,
        channel={**payloads.text_channel(channel), "guild_id": guild},
        authorizing_integration_owners={"0": guild},
    )
    return interaction


@pytest.fixture(autouse=True)
def no_identify_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    """Discord spaces identifies 5 s apart; the fake does not need it."""

    async def at_once(self: discord.AutoShardedClient, shard_id: int | None, **_: bool) -> None:
        return None

    monkeypatch.setattr(ShardedPrepBot, "before_identify_hook", at_once)


def process_settings(settings: Settings, ids: str) -> Settings:
    return Settings(
        _env_file=None,
        discord_token=settings.discord_token,
        discord_shard_count=SHARDS,
        discord_shard_ids=ids,
    )


@pytest.fixture
async def processes(
    fake: FakeDiscord, catalog: Catalog, store: Store, clock: FakeClock, settings: Settings
) -> AsyncIterator[list[tuple[DiscordAdapter, Recording]]]:
    fake.guilds[GUILD_B] = guild_b()
    started = []
    for ids in ("0", "1"):
        handler = Recording(build_handler(catalog, store, clock, random.Random(1)))
        adapter = DiscordAdapter(
            handler.handler, process_settings(settings, ids), guild_ready_timeout=0.01
        )
        await adapter.start()
        started.append((adapter, handler))
    await fake.wait_for(lambda: len(fake.identified) == SHARDS)
    for adapter, _ in started:
        await asyncio.wait_for(adapter.client.wait_until_ready(), 5)
    yield started
    for adapter, _ in started:
        await adapter.stop()


async def answered(fake: FakeDiscord, interaction: Any, guild: str) -> str:
    """Send an interaction down the shard that owns its server; the title of the answer."""
    await fake.dispatch("INTERACTION_CREATE", interaction, shard=fake.shard_of(guild, SHARDS))
    callback = await fake.wait_for(lambda: next(iter(fake.callbacks(interaction)), None))
    title: str = callback.body["data"]["embeds"][0]["title"]
    return title


def posts_to(fake: FakeDiscord, channel: str) -> int:
    return len(fake.requests("POST", f"/channels/{channel}/messages"))


async def test_each_process_hears_only_its_own_servers(
    fake: FakeDiscord, processes: list[tuple[DiscordAdapter, Recording]]
) -> None:
    assert sorted(i["shard"] for i in fake.identified) == [[0, SHARDS], [1, SHARDS]]
    (first, first_handler), (second, second_handler) = processes
    assert [g.id for g in first.client.guilds] == [int(GUILD_B)]
    assert [g.id for g in second.client.guilds] == [int(GUILD_A)]
    for guild, channel in ((GUILD_A, CHANNEL_A), (GUILD_B, CHANNEL_B), (GUILD_A, CHANNEL_A)):
        assert await answered(fake, command_in(guild, channel), guild) == "Roles"
    assert first_handler.servers == [GUILD_B]
    assert second_handler.servers == [GUILD_A, GUILD_A]


async def test_scheduled_posts_go_out_once_from_whichever_process_claims_them(
    fake: FakeDiscord,
    processes: list[tuple[DiscordAdapter, Recording]],
    store: Store,
    content: Content,
    clock: FakeClock,
) -> None:
    at = (clock() + timedelta(minutes=1)).time()
    for guild, channel in ((GUILD_A, CHANNEL_A), (GUILD_B, CHANNEL_B)):
        schedule = channel_schedule(
            clock(), platform=Platform.DISCORD, workspace=guild, target=channel, at=at
        )
        await store.schedules.add(schedule)
    clock.advance(minutes=1, seconds=5)
    dispatchers = [dispatcher(adapter, store, content, clock) for adapter, _ in processes]
    reports = await asyncio.gather(*(d.tick() for d in dispatchers))
    assert sum(r.sent for r in reports) == 2
    assert (posts_to(fake, CHANNEL_A), posts_to(fake, CHANNEL_B)) == (1, 1)

    # The process that owns server B's shard stops; the other still posts there.
    await processes[0][0].stop()
    clock.advance(days=1)
    report = await dispatchers[1].tick()
    assert report.sent == 2
    assert (posts_to(fake, CHANNEL_A), posts_to(fake, CHANNEL_B)) == (2, 2)


async def test_the_messenger_posts_before_the_gateway_is_ready(
    fake: FakeDiscord, handler: CommandHandler, settings: Settings
) -> None:
    fake.hold_ready = True  # the gateway never says READY
    adapter = DiscordAdapter(handler, process_settings(settings, "0,1"), guild_ready_timeout=0.01)
    await adapter.start()
    try:
        await fake.wait_for(lambda: len(fake.identified) == SHARDS)
        assert not adapter.ready()  # /readyz says so…
        reply = Reply(title="Question of the day", sections=(TextSection(text="Why?"),))
        message_id = await adapter.messenger.post_to_channel(
            GUILD_A, CHANNEL_A, reply, delivery_key="key-1"
        )  # …and posting works all the same
        assert fake.message(message_id)["channel_id"] == CHANNEL_A
    finally:
        await adapter.stop()


def dispatcher(
    adapter: DiscordAdapter, store: Store, content: Content, clock: FakeClock
) -> Dispatcher:
    messengers: dict[Platform, Messenger] = {Platform.DISCORD: adapter.messenger}
    return Dispatcher(store, content, messengers, clock, sleep=RecordingSleep())
