"""The 09:00 spike: 10,000 channel schedules in 100 workspaces, all due at once, sent through
the real Slack messenger (slack_sdk over HTTP on loopback) to a fake Slack that takes about
one post a second per channel and answers 429 beyond that.

Each workspace has 5 channels with 20 schedules each, so every channel gets 20 posts: the
least time Slack's limit allows is 19 s (the first post at once, then one a second). Reported:
the time until the last post, the 429s received, the ratio to that least time, and posts lost
or doubled (counted on the fake's side).

Rerun: `.venv/bin/python -m bench.bench_spike` (three runs, about two minutes).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import aiohttp
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack_adapter.messenger import SlackMessenger
from core.content.loader import load_content
from core.dispatch.dispatcher import Dispatcher
from core.dispatch.policy import DispatchPolicy, SendLimits
from core.kernel.clock import utc_now
from core.kernel.platform import Platform
from core.scheduling.recurrence import ALL_DAYS, Recurrence
from core.scheduling.schedules import NewSchedule, ScheduleKind
from core.store.database import create_engine, sqlite_url
from core.store.migrate import upgrade
from core.store.store import Store
from tests.bot.slack_adapter.fake_slack import BOT_TOKEN

WORKSPACES, CHANNELS, PER_CHANNEL = 100, 5, 20


async def one_run(folder: Path) -> dict[str, float]:
    # The fake runs in a process of its own, as Slack would: it does not share this one's CPU.
    fake = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "tests.bot.slack_adapter.fake_slack", "0", "1.0",
        stdout=asyncio.subprocess.PIPE,
    )  # fmt: skip
    assert fake.stdout is not None
    port = int((await fake.stdout.readline()).decode())
    api_url = f"http://127.0.0.1:{port}/api/"
    store = Store(create_engine(sqlite_url(folder / "spike.sqlite3")))
    await upgrade(store.engine)
    now = datetime.now(UTC)
    zone = ZoneInfo("UTC")
    at = now.time().replace(second=0, microsecond=0)
    schedules = [
        NewSchedule(
            platform=Platform.SLACK, workspace=f"T{w:03d}", kind=ScheduleKind.CHANNEL,
            target=f"C{w:03d}{c}", owner="U0ADMIN", recurrence=Recurrence(at, zone, ALL_DAYS),
            next_fire_at=now - timedelta(seconds=1), created_at=now,
        )
        for n in range(PER_CHANNEL)
        for w in range(WORKSPACES)
        for c in range(CHANNELS)
    ]  # fmt: skip
    await store.schedules.add_many(schedules)
    client = AsyncWebClient(token=BOT_TOKEN, base_url=api_url)
    messenger = SlackMessenger(client)  # no team: it posts for every workspace
    dispatcher = Dispatcher(
        store,
        load_content(),
        {Platform.SLACK: messenger},
        utc_now,
        policy=DispatchPolicy(),
        limits={Platform.SLACK: SendLimits(per_target=1.0)},
    )
    started = time.time()
    total = len(schedules)
    ticks = 0
    async with aiohttp.ClientSession() as http:

        async def stats() -> dict[str, Any]:
            async with http.get(f"http://127.0.0.1:{port}/_stats") as response:
                found: dict[str, Any] = await response.json()
                return found

        while (await stats())["posts"] < total and time.time() - started < 600:
            report = await dispatcher.tick()
            ticks += 1
            wait = 0.5
            if report.wake_at is not None:
                wait = min(max((report.wake_at - utc_now()).total_seconds(), 0.0), 0.5)
            await asyncio.sleep(wait)
        counted = await stats()
    await store.close()
    fake.terminate()
    await fake.wait()
    least = PER_CHANNEL - 1.0
    last = counted["last"] - started
    return {
        "last_post_s": last,
        "ratio": last / least,
        "answered_429": float(counted["answered_429"]),
        "lost": float(total - counted["distinct"]),
        "doubled": float(counted["posts"] - counted["distinct"]),
        "ticks": float(ticks),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    results = []
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory() as folder:
            begun = time.monotonic()
            results.append(asyncio.run(one_run(Path(folder))))
            results[-1]["wall_s"] = time.monotonic() - begun
        print({k: round(v, 2) for k, v in results[-1].items()}, flush=True)
    for name in ("last_post_s", "ratio", "answered_429", "lost", "doubled"):
        values = sorted(r[name] for r in results)
        median = statistics.median(values)
        print(f"{name}: median {median:.2f} (min {values[0]:.2f}, max {values[-1]:.2f})")


if __name__ == "__main__":
    main()
