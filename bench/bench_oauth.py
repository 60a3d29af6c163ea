"""Installed in many workspaces: a slash command through Bolt's HTTP path with the installation
lookup, beside the single-token adapter in the same run; the token cache's hit rate; and the
memory of a process serving 1,000 installed workspaces with 10 schedules each, on PostgreSQL.
Run: `.venv/bin/python -m bench.bench_oauth` (`--help` for sizes; PostgreSQL on
127.0.0.1:5432 as postgres, or `--postgres URL`).

1. Latency: the real SlackAdapter twice, on loopback ports in this process, one with
   SLACK_BOT_TOKEN and one with SLACK_CLIENT_ID (installs in PostgreSQL), each served by
   Bolt's aiohttp adapter; signed `/compare netflix-pm amazon-pm` requests, alternated; the
   OAuth one from a workspace drawn at random among the installed ones. A warm-up sends one
   request from every workspace (the cold lookups, reported on their own row). Measured with
   process_before_response False (how prepbot runs: Bolt polls for the acknowledgement every
   10 ms, a floor both share) and True (the work itself, follow-ups included).
2. Token cache: lookups answered from the cache over all lookups (Bolt's authorisation, the
   caller's profile and the messenger each look up), after warm-up and overall.
3. Memory: a fresh process opens the store, builds the OAuth adapter, takes one command from
   every workspace and runs a dispatcher tick over the 10,000 schedules (none due); its peak
   RSS. The same for the single-token adapter and one workspace, for comparison.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from datetime import time as clock_time
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import aiohttp
import asyncpg  # type: ignore[import-untyped]
from aiohttp.test_utils import TestServer
from pydantic import SecretStr
from slack_bolt.async_app import AsyncApp
from slack_sdk.oauth.installation_store.models.installation import Installation
from slack_sdk.oauth.installation_store.sqlalchemy import AsyncSQLAlchemyInstallationStore
from slack_sdk.signature import SignatureVerifier
from sqlalchemy.engine import make_url

from bench.bench_dispatch import peak_rss_mb
from bot.compose import build_handler
from bot.metrics import PrometheusMetrics
from bot.settings import Settings
from bot.slack_adapter import SlackAdapter
from bot.slack_adapter import adapter as adapter_module
from core.content.loader import load_content
from core.dispatch.dispatcher import Dispatcher
from core.kernel.identity import UserKey
from core.kernel.platform import Platform
from core.roles.catalog import Catalog
from core.scheduling.recurrence import ALL_DAYS, Recurrence
from core.scheduling.schedules import ScheduleKind, new_schedule
from core.store.database import create_engine
from core.store.migrate import upgrade
from core.store.store import Store
from tests.bot.slack_adapter.fake_slack import BOT_TOKEN, CLIENT_ID, CLIENT_SECRET, FakeSlack

SERVER = os.environ.get(
    "PREPBOT_BENCH_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
)
SECRET = "bench-signing-secret"
NOW = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)  # before every schedule's 09:00
LINE = ("/compare", "netflix-pm amazon-pm")


def team(n: int) -> str:
    return f"T{n:05d}"


def token(n: int) -> str:
    return f"xoxb-{team(n)}-bench"


@dataclass(frozen=True)
class Row:
    name: str
    eager: bool
    samples: list[float]

    def cells(self, base: Row | None) -> str:
        q = statistics.quantiles(self.samples, n=100)
        p50, p99 = statistics.median(self.samples), q[98]
        iqr = f"{q[24]:.2f}–{q[74]:.2f}"
        ratio = f"{p50 / statistics.median(base.samples):.2f}x / " if base else ""
        ratio += f"{p99 / statistics.quantiles(base.samples, n=100)[98]:.2f}x" if base else "—"
        return (
            f"| {self.name} | {self.eager} | {p50:.2f} | {p99:.2f} | {iqr} | "
            f"{len(self.samples)} | {ratio} |"
        )


# the database ----------------------------------------------------------------------------


@asynccontextmanager
async def bench_database(server: str) -> AsyncIterator[str]:
    parsed = make_url(server)
    admin = await asyncpg.connect(
        host=parsed.host or "127.0.0.1",
        port=parsed.port or 5432,
        user=parsed.username or "postgres",
        password=parsed.password,
        database=parsed.database or "test",
    )
    name = f"prepbot_bench_{uuid.uuid4().hex[:10]}"
    await admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield parsed.set(database=name).render_as_string(hide_password=False)
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


async def populate(url: str, workspaces: int, per: int) -> None:
    engine = create_engine(url)
    await upgrade(engine)
    store = Store(engine)
    installs = AsyncSQLAlchemyInstallationStore(CLIENT_ID, engine)
    for first in range(0, workspaces, 50):
        await asyncio.gather(
            *(
                installs.async_save(installation(n))
                for n in range(first, min(first + 50, workspaces))
            )
        )
    schedules = [
        new_schedule(
            UserKey(Platform.SLACK, team(n), "U0OWNER"),
            ScheduleKind.CHANNEL,
            f"C{n:05d}{k:02d}",
            Recurrence(clock_time(9, k), ZoneInfo("UTC"), ALL_DAYS),
            NOW,
        )
        for n in range(workspaces)
        for k in range(per)
    ]
    await store.schedules.add_many(schedules)
    await store.close()


def installation(n: int) -> Installation:
    return Installation(
        app_id="A0PREP",
        enterprise_id=None,
        team_id=team(n),
        team_name=f"Study group {n}",
        bot_token=token(n),
        bot_id="B0BOT",
        bot_user_id="U0BOT",
        bot_scopes="commands,chat:write",
        user_id="U0OWNER",
        installed_at=time.time(),
    )


# the adapters ----------------------------------------------------------------------------


def settings_for(fake: FakeSlack, oauth: bool) -> Settings:
    common: dict[str, Any] = {
        "slack_signing_secret": SecretStr(SECRET),
        "slack_api_url": fake.api_url,
        "slack_port": 0,
    }
    if oauth:
        common |= {
            "slack_client_id": CLIENT_ID,
            "slack_client_secret": SecretStr(CLIENT_SECRET),
        }
    else:
        common["slack_bot_token"] = SecretStr(BOT_TOKEN)
    return Settings(_env_file=None, **common)


def build(
    fake: FakeSlack, store: Store, metrics: PrometheusMetrics, oauth: bool, eager: bool
) -> SlackAdapter:
    handler = build_handler(Catalog(load_content()), store)

    class Eager(AsyncApp):
        """Bolt running the listener before it answers, to see the work without its poll."""

        def __init__(self, **options: Any) -> None:
            super().__init__(**{**options, "process_before_response": True})

    names = vars(adapter_module)  # the adapter builds its app from the name it imported
    real = names["AsyncApp"]
    names["AsyncApp"] = Eager if eager else real
    try:
        settings = settings_for(fake, oauth)
        if oauth:
            return SlackAdapter(handler, settings, store=store, lookups=metrics)
        return SlackAdapter(handler, settings)
    finally:
        names["AsyncApp"] = real


@asynccontextmanager
async def serving(adapter: SlackAdapter) -> AsyncIterator[str]:
    server = TestServer(adapter.web_app(), host="127.0.0.1")
    await server.start_server()
    try:
        yield str(server.make_url("/slack/events"))
    finally:
        await server.close()


def signed(fake: FakeSlack, team_id: str) -> tuple[str, dict[str, str]]:
    body = urlencode(
        {
            "team_id": team_id,
            "channel_id": "C0BENCH",
            "user_id": "U0BENCH",
            "command": LINE[0],
            "text": LINE[1],
            "response_url": fake.response_url("bench"),
            "trigger_id": "t",
        }
    )
    stamp = str(int(time.time()))
    signature = SignatureVerifier(SECRET).generate_signature(timestamp=stamp, body=body)
    assert signature is not None
    return body, {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Slack-Request-Timestamp": stamp,
        "X-Slack-Signature": signature,
    }


async def one(
    session: aiohttp.ClientSession, url: str, fake: FakeSlack, team_id: str, adapter: SlackAdapter
) -> float:
    body, headers = signed(fake, team_id)
    start = time.perf_counter_ns()
    async with session.post(url, data=body, headers=headers) as response:
        text = await response.text()
    elapsed = (time.perf_counter_ns() - start) / 1e6
    assert response.status == 200, text
    assert "Netflix" in text, f"not answered: {text[:200]}"
    await adapter.listeners.in_flight.drain()  # follow-ups, untimed
    return elapsed


def cache_counts(metrics: PrometheusMetrics) -> tuple[float, float]:
    lookups = metrics.token_lookups
    return lookups.labels("hit")._value.get(), lookups.labels("miss")._value.get()


async def latency(url: str, workspaces: int, runs: int, eager: bool) -> dict[str, Any]:
    fake = FakeSlack()
    fake.tokens.update({token(n): team(n) for n in range(workspaces)})
    await fake.start()
    store = Store(create_engine(url))
    metrics = PrometheusMetrics()
    single = build(fake, store, metrics, oauth=False, eager=eager)
    installed = build(fake, store, metrics, oauth=True, eager=eager)
    rng = random.Random(7)
    cold: list[float] = []
    samples: tuple[list[float], list[float]] = ([], [])
    try:
        async with (
            serving(single) as single_url,
            serving(installed) as oauth_url,
            aiohttp.ClientSession() as session,
        ):
            for n in range(workspaces):  # warm-up: every workspace once, the lookups cold
                await one(session, single_url, fake, "T0TEAM", single)
                cold.append(await one(session, oauth_url, fake, team(n), installed))
            warm = cache_counts(metrics)
            for _ in range(runs):
                chosen = team(rng.randrange(workspaces))
                samples[0].append(await one(session, single_url, fake, "T0TEAM", single))
                samples[1].append(await one(session, oauth_url, fake, chosen, installed))
            end = cache_counts(metrics)
    finally:
        await store.close()
        await fake.stop()
    hits, misses = end[0] - warm[0], end[1] - warm[1]
    return {
        "rows": [
            Row("single workspace (SLACK_BOT_TOKEN)", eager, samples[0]),
            Row(f"OAuth, {workspaces:,} installs, warm cache", eager, samples[1]),
            Row("OAuth, first request of each workspace (cold)", eager, cold),
        ],
        "hit_rate_warm": hits / (hits + misses) if hits + misses else 0.0,
        "hit_rate_all": end[0] / (end[0] + end[1]) if sum(end) else 0.0,
        "lookups": end,
    }


# memory, in a fresh process ----------------------------------------------------------------


async def memory_run(url: str, workspaces: int, oauth: bool) -> dict[str, float]:
    fake = FakeSlack()
    fake.tokens.update({token(n): team(n) for n in range(workspaces)})
    await fake.start()
    content = load_content()
    store = Store(create_engine(url))
    metrics = PrometheusMetrics()
    adapter = build(fake, store, metrics, oauth=oauth, eager=False)
    teams = [team(n) for n in range(workspaces)] if oauth else ["T0TEAM"]
    async with serving(adapter) as address, aiohttp.ClientSession() as session:
        for team_id in teams:
            await one(session, address, fake, team_id, adapter)
    dispatcher = Dispatcher(store, content, {Platform.SLACK: adapter.messenger}, lambda: NOW)
    report = await dispatcher.tick()
    assert report.sent == 0
    active = await store.schedules.active()
    await store.close()
    await fake.stop()
    return {"peak_rss_mb": peak_rss_mb(), "schedules": float(active.get(Platform.SLACK, 0))}


def in_child(url: str, workspaces: int, oauth: bool) -> dict[str, float]:
    command = [sys.executable, "-m", "bench.bench_oauth", "--child", url, str(workspaces)]
    command += ["--oauth"] if oauth else []
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode:
        raise SystemExit(f"the memory run failed:\n{done.stderr}")
    figures: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


# the report --------------------------------------------------------------------------------


async def measure(args: argparse.Namespace) -> str:
    async with bench_database(args.postgres) as url:
        started = time.perf_counter()
        await populate(url, args.workspaces, args.schedules)
        filled = time.perf_counter() - started
        results = [await latency(url, args.workspaces, args.runs, eager) for eager in (False, True)]
        memory = [
            await asyncio.to_thread(in_child, url, args.workspaces, oauth)
            for oauth in (True, False)
            for _ in range(args.memory_runs)
        ]
    lines = [
        f"Python {sys.version.split()[0]} on {platform.machine()}, {os.cpu_count()} CPUs; "
        f"PostgreSQL; {args.workspaces:,} workspaces installed with {args.schedules} schedules "
        f"each (stored in {filled:.1f} s); {args.runs:,} measured requests per row.",
        "",
        "| path | process_before_response | p50 ms | p99 ms | IQR ms | n | p50 / p99 vs single |",
        "|---|---|---:|---:|---|---:|---|",
    ]
    for result in results:
        single, warm, cold = result["rows"]
        lines += [single.cells(None), warm.cells(single), cold.cells(single)]
    lines.append("")
    for result, eager in zip(results, (False, True), strict=True):
        hits, misses = result["lookups"]
        lines.append(
            f"Token cache (process_before_response={eager}): "
            f"{result['hit_rate_warm']:.1%} hits after warm-up; "
            f"{result['hit_rate_all']:.1%} over the whole run "
            f"({hits:.0f} hits, {misses:.0f} misses)."
        )
    oauth_rss = [m["peak_rss_mb"] for m in memory[: args.memory_runs]]
    single_rss = [m["peak_rss_mb"] for m in memory[args.memory_runs :]]
    lines += [
        "",
        "| process | peak RSS, median | min – max | runs |",
        "|---|---:|---|---:|",
        f"| OAuth: {args.workspaces:,} workspaces each sent a command, tick over "
        f"{memory[0]['schedules']:,.0f} schedules | {statistics.median(oauth_rss):.0f} MB | "
        f"{min(oauth_rss):.0f}–{max(oauth_rss):.0f} MB | {args.memory_runs} |",
        f"| single token: one workspace, same store and tick | "
        f"{statistics.median(single_rss):.0f} MB | "
        f"{min(single_rss):.0f}–{max(single_rss):.0f} MB | {args.memory_runs} |",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--workspaces", type=int, default=1000)
    parser.add_argument("--schedules", type=int, default=10, help="per workspace")
    parser.add_argument("--runs", type=int, default=2000)
    parser.add_argument("--memory-runs", type=int, default=3)
    parser.add_argument("--postgres", default=SERVER)
    parser.add_argument("--child", nargs=2, metavar=("URL", "WORKSPACES"), help=argparse.SUPPRESS)
    parser.add_argument("--oauth", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        url, workspaces = args.child
        print(json.dumps(asyncio.run(memory_run(url, int(workspaces), args.oauth))))
        return
    print(asyncio.run(measure(args)))


if __name__ == "__main__":
    main()
