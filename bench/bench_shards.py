"""Discord: how many shards and servers one process holds. Run:
`.venv/bin/python -m bench.bench_shards` (`--shards 1 4 16 --servers-per-shard 1000`).

Each size runs in a fresh process: the real adapter (discord.py's AutoShardedClient) connects
all its shards to the local fake gateway from tests/, which announces `servers-per-shard`
servers on each (two text channels and one role each, no members: the bot asks for the Guilds
intent only, so Discord sends no member lists either). Measured: the time from start to every
shard ready, the peak RSS once ready, and the time to answer one `/role` interaction after
that. The fake's servers are smaller than most real ones (fewer channels and roles), so the
RSS is a floor; the per-server cost in the table is what to scale by.
"""

from __future__ import annotations

import argparse
import asyncio
import copy
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import discord
import yarl
from discord.gateway import DiscordWebSocket
from discord.http import Route
from pydantic import SecretStr

from bench.bench_dispatch import peak_rss_mb
from bot.compose import build_handler
from bot.discord_adapter import DiscordAdapter
from bot.discord_adapter.bot import ShardedPrepBot
from bot.settings import Settings
from core.content.loader import load_content
from core.roles.catalog import Catalog
from core.store.database import create_engine, sqlite_url
from core.store.migrate import upgrade
from core.store.store import Store
from tests.bot.discord_adapter import payloads
from tests.bot.discord_adapter.fake_discord import FakeDiscord


def servers(shards: int, per_shard: int) -> dict[str, Any]:
    """`per_shard` servers on each shard, with ids as Discord would route them."""
    base = int(payloads.GUILD_ID) >> 22
    found: dict[str, Any] = {}
    template = payloads.guild()
    for n in range(shards * per_shard):
        guild_id = str((base + n) << 22)
        guild: Any = copy.deepcopy(template)
        guild["id"] = guild_id
        guild["roles"][0]["id"] = guild_id
        for i, channel in enumerate(guild["channels"]):
            channel.update(id=str(((base + n) << 22) + i + 1), guild_id=guild_id)
        found[guild_id] = guild
    return found


async def at_once(self: discord.AutoShardedClient, shard_id: int | None, **_: bool) -> None:
    return None  # Discord spaces identifies 5 s apart (per max_concurrency); the fake does not


async def one_size(shards: int, per_shard: int, directory: Path) -> dict[str, float]:
    fake = FakeDiscord()
    fake.guilds = servers(shards, per_shard)
    await fake.start()
    Route.BASE = fake.api_base
    DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(fake.gateway_url)
    ShardedPrepBot.before_identify_hook = at_once  # type: ignore[method-assign,assignment]
    engine = create_engine(sqlite_url(directory / "bench.sqlite3"))
    await upgrade(engine)
    handler = build_handler(Catalog(load_content()), Store(engine))
    settings = Settings(
        _env_file=None, discord_token=SecretStr("bench-token"), discord_shard_count=shards
    )
    adapter = DiscordAdapter(handler, settings, guild_ready_timeout=0.01)
    start = time.perf_counter()
    await adapter.start()
    await asyncio.wait_for(adapter.client.wait_until_ready(), 600)
    ready = time.perf_counter() - start
    assert len(adapter.client.guilds) == shards * per_shard
    rss = peak_rss_mb()
    guild_id = random.Random(1).choice(list(fake.guilds))
    interaction: Any = payloads.command("role")
    interaction.update(guild_id=guild_id, channel={**payloads.text_channel(), "guild_id": guild_id})
    sent = await fake.dispatch(
        "INTERACTION_CREATE", interaction, shard=fake.shard_of(guild_id, shards)
    )
    await fake.wait_for(lambda: next(iter(fake.callbacks(interaction)), None))
    answered = time.perf_counter() - sent
    await adapter.stop()
    await engine.dispose()
    await fake.close()
    return {"ready_s": ready, "peak_rss_mb": rss, "answer_ms": answered * 1000}


def in_child(shards: int, per_shard: int) -> dict[str, float]:
    command = [sys.executable, "-m", "bench.bench_shards", "--child", str(shards), str(per_shard)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr[-3000:]}")
    figures: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--shards", type=int, nargs="+", default=[1, 4, 16])
    parser.add_argument("--servers-per-shard", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", nargs=2, type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        with tempfile.TemporaryDirectory() as directory:
            figures = asyncio.run(one_size(args.child[0], args.child[1], Path(directory)))
        print(json.dumps(figures))
        return
    per = args.servers_per_shard
    print(f"{args.runs} runs per size, each in a fresh process; {per:,} servers per shard\n")
    print("| shards | servers | all shards ready, s | peak RSS, MB | one `/role` answered, ms |")
    print("|---:|---:|---|---|---|")
    for shards in args.shards:
        runs = [in_child(shards, per) for _ in range(args.runs)]

        def cell(key: str, form: str, runs: list[dict[str, float]] = runs) -> str:
            values = [r[key] for r in runs]
            return (
                f"{format(statistics.median(values), form)} "
                f"({format(min(values), form)}–{format(max(values), form)})"
            )

        print(
            f"| {shards} | {shards * per:,} | {cell('ready_s', '.2f')} | "
            f"{cell('peak_rss_mb', '.0f')} | {cell('answer_ms', '.1f')} |"
        )


if __name__ == "__main__":
    main()
