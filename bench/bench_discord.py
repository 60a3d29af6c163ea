"""Discord: time from INTERACTION_CREATE leaving the fake gateway to the interaction callback
reaching the fake REST API, through the real discord.py client, on one machine.
Run: `.venv/bin/python -m bench.bench_discord` (`--runs N`).

Three clients, one after another, against the same local fake Discord (tests/):
1. a bare discord.py client whose /compare answers a constant embed (the transport floor);
2. prepbot answering `/compare netflix-pm amazon-pm comp` (one message);
3. prepbot answering `/compare netflix-pm amazon-pm` (the one-screen overview; were it ever
   split, its followups would be awaited before the next run).
Each run sends one interaction and waits for its callback; the first runs warm up and are
not counted. Prints a Markdown table of the median, 95th percentile and maximum.
"""

from __future__ import annotations

import argparse
import asyncio
import platform
import random
import statistics
import sys
import tempfile
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import discord
import yarl
from discord import app_commands
from discord.gateway import DiscordWebSocket
from discord.http import Route
from pydantic import SecretStr

from bot.charts import PooledCharts
from bot.compose import build_handler
from bot.discord_adapter import DiscordAdapter
from bot.discord_adapter.render import render
from bot.settings import Settings
from core.content.loader import load_content
from core.kernel.identity import Caller
from core.kernel.platform import Platform
from core.roles.catalog import Catalog
from core.store.database import create_engine, sqlite_url
from core.store.migrate import upgrade
from core.store.store import Store
from tests.bot.discord_adapter.fake_discord import FakeDiscord
from tests.bot.discord_adapter.payloads import command, string_option

WARM_UP = 20
TOKEN = "bench-token"


def compare(aspect: str | None) -> Any:
    options = [string_option("first", "netflix-pm"), string_option("second", "amazon-pm")]
    if aspect:
        options.append(string_option("aspect", aspect))
    return command("compare", options)


async def measure(
    fake: FakeDiscord, runs: int, make: Callable[[], Any], followups: int = 0
) -> list[float]:
    """Milliseconds from dispatch to callback for each counted run."""
    latencies = [await once(fake, make(), followups) for _ in range(WARM_UP + runs)]
    return latencies[WARM_UP:]


async def once(fake: FakeDiscord, interaction: Any, followups: int) -> float:
    """One interaction; it ends when its followups have landed too, so runs do not overlap."""
    sent_at = await fake.dispatch("INTERACTION_CREATE", interaction)
    callback = await fake.wait_for(lambda: next(iter(fake.callbacks(interaction)), None))
    await fake.wait_for(lambda: len(fake.followups(interaction)) >= followups or None)
    return (callback.at - sent_at) * 1000


class BareBot(discord.Client):
    """discord.py answering /compare with a constant: what any bot pays for the transport."""

    def __init__(self) -> None:
        super().__init__(intents=discord.Intents(guilds=True), guild_ready_timeout=0.01)
        self.tree: app_commands.CommandTree[discord.Client] = app_commands.CommandTree(self)

        @self.tree.command(name="compare", description="constant")
        async def constant(interaction: discord.Interaction[Any], first: str, second: str) -> None:
            await interaction.response.send_message(
                embed=discord.Embed(title=f"{first} vs {second}"), ephemeral=True
            )


@asynccontextmanager
async def fake_discord() -> AsyncIterator[FakeDiscord]:
    fake = FakeDiscord()
    await fake.start()
    base, gateway = Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY
    Route.BASE = fake.api_base
    DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(fake.gateway_url)
    try:
        yield fake
    finally:
        Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY = base, gateway
        await fake.close()


async def bare(runs: int) -> list[float]:
    async with fake_discord() as fake:
        client = BareBot()
        task = asyncio.create_task(client.start(TOKEN))
        await asyncio.wait_for(client.wait_until_ready(), 10)
        try:
            return await measure(fake, runs, lambda: compare(None))
        finally:
            await client.close()
            await task


async def prepbot(runs: int, aspect: str | None, workdir: Path) -> list[float]:
    engine = create_engine(sqlite_url(workdir / f"bench-{aspect}.sqlite3"))
    await upgrade(engine)
    store = Store(engine)
    charts = PooledCharts()
    handler = build_handler(Catalog(load_content()), store, rng=random.Random(1), charts=charts)
    settings = Settings(discord_token=SecretStr(TOKEN))
    text = " ".join(("/compare netflix-pm amazon-pm", aspect or ""))
    reply = await handler.handle(text, Caller(Platform.DISCORD, "bench", "bench"))
    followups = len(render(reply).messages) - 1
    async with fake_discord() as fake:
        adapter = DiscordAdapter(handler, settings, guild_ready_timeout=0.01)
        await adapter.start()
        await asyncio.wait_for(adapter.client.wait_until_ready(), 10)
        try:
            return await measure(fake, runs, lambda: compare(aspect), followups)
        finally:
            await adapter.stop()
            await store.close()
            charts.close()


def row(name: str, latencies: list[float]) -> str:
    ordered = sorted(latencies)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * len(ordered)) - 1)]
    median = statistics.median(ordered)
    return f"| {name} | {len(ordered)} | {median:.2f} | {p95:.2f} | {ordered[-1]:.2f} |"


async def main(runs: int) -> None:
    with tempfile.TemporaryDirectory() as workdir:
        results = [
            ("bare discord.py, constant embed", await bare(runs)),
            (
                "prepbot `/compare netflix-pm amazon-pm comp`",
                await prepbot(runs, "comp", Path(workdir)),
            ),
            ("prepbot `/compare netflix-pm amazon-pm`", await prepbot(runs, None, Path(workdir))),
        ]
    print(
        f"Discord interaction latency, INTERACTION_CREATE sent → callback received "
        f"(ms; Python {platform.python_version()}, discord.py {discord.__version__}, "
        f"{platform.machine()}):\n"
    )
    print("| client | runs | median | p95 | max |")
    print("|---|---:|---:|---:|---:|")
    for name, latencies in results:
        print(row(name, latencies))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=300)
    arguments = parser.parse_args()
    asyncio.run(main(arguments.runs))
    sys.exit(0)
