"""`GET /healthz` answers in every mode, for container health checks and load balancers."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from rich.console import Console

from bot import health
from bot.health import HealthServer, check
from bot.runtime import Services, run
from bot.settings import Settings
from core.kernel.platform import Platform
from core.kernel.reply import Reply
from core.messenger import Messenger


@pytest.fixture
async def server() -> AsyncIterator[HealthServer]:
    server = HealthServer(0, "127.0.0.1")
    await server.start()
    yield server
    await server.stop()


async def ask(port: int, request: bytes) -> bytes:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(request)
    await writer.drain()
    answer = await asyncio.wait_for(reader.read(), timeout=5)
    writer.close()
    await writer.wait_closed()
    return answer


async def test_get_healthz_is_200(server: HealthServer) -> None:
    assert server.port != 0
    answer = await ask(server.port, b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 200 OK\r\n")
    assert answer.endswith(b"\r\n\r\nok\n")
    assert await asyncio.to_thread(check, server.port)


async def test_other_paths_methods_and_garbage(server: HealthServer) -> None:
    assert (await ask(server.port, b"GET /nowhere HTTP/1.1\r\n\r\n")).startswith(
        b"HTTP/1.1 404 Not Found"
    )
    assert (await ask(server.port, b"POST /healthz HTTP/1.1\r\n\r\n")).startswith(b"HTTP/1.1 405")
    head = await ask(server.port, b"HEAD /healthz?probe=1 HTTP/1.0\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200 OK")
    assert head.endswith(b"\r\n\r\n")
    assert await ask(server.port, b"\x16\x03\x01 not http\r\n\r\n") == b""


async def test_a_stopped_server_fails_the_check(server: HealthServer) -> None:
    port = server.port
    await server.stop()
    assert not await asyncio.to_thread(check, port, 1.0)


def test_the_healthcheck_command_needs_the_port(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HEALTH_PORT", raising=False)
    assert health.main() == 2
    monkeypatch.setenv("HEALTH_PORT", "1")  # nothing listens on port 1
    assert health.main() == 1


class Probe(Messenger):
    """An adapter that, while running, asks the health endpoint the runtime started."""

    platform = Platform.CONSOLE

    def __init__(self, port: int) -> None:
        self.port = port
        self.answered: bool | None = None

    @property
    def messenger(self) -> Messenger:
        return self

    def ready(self) -> bool:
        return True

    async def start(self) -> None:
        pass

    async def wait_closed(self) -> None:
        self.answered = await asyncio.to_thread(check, self.port)

    async def stop(self) -> None:
        pass

    async def post_to_channel(
        self, workspace: str, channel: str, reply: Reply, *, delivery_key: str, retry: bool = False
    ) -> str:
        raise AssertionError("nothing is due")

    async def send_direct(
        self, workspace: str, user: str, reply: Reply, *, delivery_key: str, retry: bool = False
    ) -> str:
        raise AssertionError("nothing is due")


async def test_run_serves_health_while_the_bot_runs(tmp_path: Path) -> None:
    probe_server = HealthServer(0, "127.0.0.1")  # only to find a free port
    await probe_server.start()
    port = probe_server.port
    await probe_server.stop()
    probe = Probe(port)

    def build_adapter(services: Services, console: Console | None) -> Probe:
        return probe

    settings = Settings(data_dir=tmp_path, health_port=port, _env_file=None)
    await run(settings, Console(file=None), adapter_factory=build_adapter)
    assert probe.answered is True
    assert not await asyncio.to_thread(check, port, 1.0)  # stopped with the bot
