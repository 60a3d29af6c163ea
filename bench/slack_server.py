"""One side of the Slack benchmark, in a process of its own, driven over stdin:
`python -m bench.slack_server fake|bare|prepbot [fake API URL] [dm]`.

- fake: the test suite's fake Slack Web API, with users.info `USERS_INFO_DELAY` away and
  nothing kept of what it receives;
- bare: a Bolt app that acknowledges `/compare` with a constant, served the way prepbot is
  (Bolt's aiohttp adapter, plus /healthz);
- prepbot: the real `prepbot run` (runtime, SQLite store, scheduler, Slack adapter over HTTP,
  with SLACK_PUBLIC_URL pointing at itself, so shared charts travel by URL in the reply; `dm`:
  without it, so they go to each member's DM as in Socket Mode).

Each prints `PORT <n>` once listening (prepbot: once it may be asked for /healthz), then answers
`stats` with one JSON line (CPU seconds so far, the loop's lateness and longest callbacks since
the last `stats`, the resident memory, requests the fake received), `cpu` with the CPU seconds
alone, and exits at the end of its input.
"""

from __future__ import annotations

import asyncio
import json
import socket
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from aiohttp import web

from bench.loop_lag import LongestCallbacks, LoopLag

SECRET = "bench-signing-secret"
BOT_TOKEN = "xoxb-test-token"  # what the fake Slack accepts
USERS_INFO_DELAY = 0.150


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def rss_kb(pid: int | str = "self") -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


CALLBACKS = LongestCallbacks()


async def control(lag: LoopLag, counted: dict[str, int]) -> None:
    """Answer `stats` lines on stdin until it closes."""
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    while line := await reader.readline():
        if line.strip() == b"cpu":  # without starting a new measurement
            print(json.dumps({"cpu_s": time.process_time(), "counted": dict(counted)}), flush=True)
        elif line.strip() == b"stats":
            stats: dict[str, Any] = {
                "cpu_s": time.process_time(),
                "lag_max_ms": lag.max_ms,
                "lag_p99_ms": lag.quantile_ms(0.99),
                "rss_kb": rss_kb(),
                "counted": dict(counted),
                "longest_callbacks": CALLBACKS.longest,
                "gen2_gc_ms": CALLBACKS.gc_ms,
            }
            lag.reset()
            CALLBACKS.reset()
            print(json.dumps(stats), flush=True)


async def serve_fake() -> None:
    from tests.bot.slack_adapter.fake_slack import FakeSlack

    counted: dict[str, int] = {"requests": 0}

    class SlowUsersSlack(FakeSlack):
        async def _api(self, request: web.Request) -> web.Response:
            counted["requests"] += 1
            self.calls.clear()  # a benchmark sends too many to keep
            if request.match_info["method"] == "users.info":
                await asyncio.sleep(USERS_INFO_DELAY)
            return await super()._api(request)

        async def _respond(self, request: web.Request) -> web.Response:
            counted["requests"] += 1
            await request.read()
            return web.Response(text="ok")

        async def _upload(self, request: web.Request) -> web.Response:
            counted["requests"] += 1
            await request.read()
            return web.Response(text="OK - 1", content_type="text/plain")

    fake = SlowUsersSlack()
    await fake.start()
    lag = LoopLag()
    lag.start()
    print(f"PORT {fake.port}", flush=True)
    await control(lag, counted)
    await fake.stop()


async def serve_bare(api_url: str) -> None:
    """Bolt on its own: nothing of prepbot is imported, so its memory is Bolt's."""
    from slack_bolt.async_app import AsyncAck, AsyncApp
    from slack_sdk.web.async_client import AsyncWebClient

    client = AsyncWebClient(token=BOT_TOKEN, base_url=api_url)
    app = AsyncApp(name="bare", client=client, signing_secret=SECRET)

    async def constant(ack: AsyncAck) -> None:
        await ack(text="constant")

    async def healthz(_request: web.Request) -> web.Response:
        return web.json_response({"ok": True})

    app.command("/compare")(constant)
    port = free_port()
    application = app.web_app(path="/slack/events", port=port)
    application.router.add_get("/healthz", healthz)
    runner = web.AppRunner(application, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    lag = LoopLag()
    lag.start()
    print(f"PORT {port}", flush=True)
    await control(lag, {})
    await runner.cleanup()


async def serve_prepbot(api_url: str, public: bool = True) -> None:
    from pydantic import SecretStr
    from rich.console import Console

    from bot.runtime import run
    from bot.settings import Settings

    port = free_port()
    with tempfile.TemporaryDirectory() as data_dir:
        settings = Settings(
            _env_file=None,
            slack_bot_token=SecretStr(BOT_TOKEN),
            slack_signing_secret=SecretStr(SECRET),
            slack_api_url=api_url,
            slack_port=port,
            # Slack would fetch each shared chart from here once; the load does not. Without
            # the setting, the app takes the same address from the requests it is sent.
            slack_public_url=f"http://127.0.0.1:{port}" if public else None,
            data_dir=Path(data_dir),
            log_level="WARNING",
        )
        serving = asyncio.ensure_future(run(settings, Console(stderr=True)))
        lag = LoopLag()
        lag.start()
        print(f"PORT {port}", flush=True)
        await control(lag, {})
        serving.cancel()
        await asyncio.gather(serving, return_exceptions=True)


def main() -> None:
    kind = sys.argv[1]
    CALLBACKS.install()
    if kind == "fake":
        asyncio.run(serve_fake())
    elif kind == "bare":
        asyncio.run(serve_bare(sys.argv[2]))
    else:
        asyncio.run(serve_prepbot(sys.argv[2], public=sys.argv[3:4] != ["no-public-url"]))


if __name__ == "__main__":
    main()
