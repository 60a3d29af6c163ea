"""Slack: latency of `/compare netflix-pm amazon-pm` through Bolt's HTTP path, signature check
included, next to a bare Bolt app answering the same signed request with a constant.
Run: `.venv/bin/python -m bench.bench_slack` (`--runs N`).

Both apps are served by Bolt's aiohttp adapter on loopback ports in this process and get the
same signed slash command over real HTTP, alternately, so that drift hits both alike. The time
is from sending the request to reading the whole response (the acknowledgement, which for
prepbot carries the first message of the reply). The Web API (auth.test, users.info,
response_url) is the local fake from tests/.

Two settings of `process_before_response`, each for both apps:
- False (what the adapter uses for a long-running server): Bolt runs the listener as a task
  and polls every 10 ms for its acknowledgement, a floor both apps share.
- True: the listener runs before the response is returned, so the row shows the work itself;
  prepbot's includes posting the reply's second message to response_url before answering.
"""

from __future__ import annotations

import argparse
import asyncio
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import aiohttp
from aiohttp.test_utils import TestServer
from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.signature import SignatureVerifier
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack_adapter.app import register
from bot.slack_adapter.people import People
from bot.slack_adapter.server import web_app
from bot.slack_adapter.session import SharedSession
from core.catalog import Catalog
from core.commands.handler import CommandHandler
from core.content.loader import load_content
from core.store.database import create_engine, sqlite_url
from core.store.migrate import upgrade
from core.store.store import Store
from tests.bot.slack_adapter.fake_slack import BOT_TOKEN, TEAM, FakeSlack

SECRET = "bench-signing-secret"
WARM_UP = 50


@dataclass(frozen=True)
class Row:
    app: str
    process_before_response: bool
    samples_ms: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.samples_ms)

    @property
    def p99(self) -> float:
        return statistics.quantiles(self.samples_ms, n=100)[98]


def bolt_app(name: str, fake: FakeSlack, before_response: bool) -> AsyncApp:
    client = AsyncWebClient(token=BOT_TOKEN, base_url=fake.api_url)
    return AsyncApp(
        name=name, client=client, signing_secret=SECRET, process_before_response=before_response
    )


def bare_app(fake: FakeSlack, before_response: bool) -> AsyncApp:
    app = bolt_app("bare", fake, before_response)

    async def constant(ack: AsyncAck) -> None:
        await ack(text="constant")

    app.command("/compare")(constant)
    return app


def signed_command(fake: FakeSlack) -> tuple[str, dict[str, str]]:
    body = urlencode(
        {
            "team_id": TEAM,
            "channel_id": "C0BENCH",
            "user_id": "U0BENCH",
            "command": "/compare",
            "text": "netflix-pm amazon-pm",
            "response_url": fake.response_url("bench"),
            "trigger_id": "t",
        }
    )
    stamp = str(int(time.time()))
    signature = SignatureVerifier(SECRET).generate_signature(timestamp=stamp, body=body)
    assert signature is not None
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Slack-Request-Timestamp": stamp,
        "X-Slack-Signature": signature,
    }
    return body, headers


@asynccontextmanager
async def serving(app: AsyncApp) -> AsyncIterator[str]:
    server = TestServer(web_app(app, port=0), host="127.0.0.1")
    await server.start_server()
    try:
        yield str(server.make_url("/slack/events"))
    finally:
        await server.close()


async def one(session: aiohttp.ClientSession, url: str, fake: FakeSlack) -> float:
    body, headers = signed_command(fake)
    start = time.perf_counter_ns()
    async with session.post(url, data=body, headers=headers) as response:
        text = await response.text()
    elapsed = (time.perf_counter_ns() - start) / 1e6
    assert response.status == 200, text
    return elapsed


async def compare_pair(
    handler: CommandHandler, fake: FakeSlack, runs: int, before_response: bool
) -> list[Row]:
    bare = bare_app(fake, before_response)
    prep = bolt_app("prepbot", fake, before_response)
    listeners = register(prep, handler, People(prep.client), SharedSession((prep.client,)))
    samples: tuple[list[float], list[float]] = ([], [])
    async with (
        serving(bare) as bare_url,
        serving(prep) as prep_url,
        aiohttp.ClientSession() as session,
    ):
        for i in range(WARM_UP + runs):
            for url, into in zip((bare_url, prep_url), samples, strict=True):
                elapsed = await one(session, url, fake)
                if i >= WARM_UP:
                    into.append(elapsed)
            # The reply's second message goes out after the acknowledgement; let it finish
            # (untimed) so that it does not overlap the next request.
            await listeners.in_flight.drain()
    return [
        Row("bare Bolt app, constant reply", before_response, samples[0]),
        Row("prepbot `/compare netflix-pm amazon-pm`", before_response, samples[1]),
    ]


async def run(runs: int) -> list[Row]:
    fake = FakeSlack()
    await fake.start()
    with tempfile.TemporaryDirectory() as directory:
        engine = create_engine(sqlite_url(Path(directory) / "bench.sqlite3"))
        await upgrade(engine)
        handler = CommandHandler(Catalog(load_content()), Store(engine))
        try:
            rows = []
            for before_response in (False, True):
                rows += await compare_pair(handler, fake, runs, before_response)
        finally:
            await engine.dispose()
            await fake.stop()
    return rows


def table(rows: list[Row]) -> str:
    lines = [
        "| app | process_before_response | median ms | p99 ms | median ratio | p99 ratio |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for bare, prep in zip(rows[::2], rows[1::2], strict=True):
        for row in (bare, prep):
            lines.append(
                f"| {row.app} | {row.process_before_response} | {row.median:.2f} | "
                f"{row.p99:.2f} | {row.median / bare.median:.2f}x | {row.p99 / bare.p99:.2f}x |"
            )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=1000)
    args = parser.parse_args()
    rows = asyncio.run(run(args.runs))
    print(f"Python {sys.version.split()[0]} on {platform.machine()}, {args.runs} runs per row\n")
    print(table(rows))


if __name__ == "__main__":
    main()
