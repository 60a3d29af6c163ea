"""The operator's endpoint on HEALTH_PORT, in every mode (console, Slack, Discord):
`/healthz` (the process is alive), `/readyz` (the database answers and the platform is
connected: 503 naming what is not) and `/metrics` (Prometheus). A few lines of HTTP on
asyncio's own server, so it needs no web framework. `python -m bot.health` asks `/healthz`,
for a Dockerfile's HEALTHCHECK.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import sys
from collections.abc import AsyncIterator, Awaitable, Callable

log = logging.getLogger(__name__)

PATH = "/healthz"
READY_PATH = "/readyz"
METRICS_PATH = "/metrics"
READ_TIMEOUT = 5.0
CHECK_TIMEOUT = 3.0
MAX_HEADER_LINES = 100
TEXT = "text/plain; charset=utf-8"

Check = Callable[[], Awaitable[bool]]
Page = Callable[[], Awaitable[tuple[bytes, str]]]
Answer = tuple[str, bytes, str]  # status, body, content type


class HealthServer:
    def __init__(self, port: int, host: str | None = None) -> None:
        self.host = host  # None: every interface, as a probe from outside the container needs
        self.port = port
        # Filled in by the runtime once the store and the adapter exist; until then the
        # process is alive but not ready.
        self.checks: dict[str, Check] = {}
        self.metrics: Page | None = None
        self._server: asyncio.Server | None = None

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._answer, self.host, self.port)
        self.port = self._server.sockets[0].getsockname()[1]  # the real one when 0 was asked

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None

    async def _answer(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            async with asyncio.timeout(READ_TIMEOUT):
                method, target = _request_line(await reader.readline())
                for _ in range(MAX_HEADER_LINES):  # read the headers, to answer after them
                    if (await reader.readline()).strip() == b"":
                        break
            if method not in ("GET", "HEAD"):
                status, body, kind = "405 Method Not Allowed", b"use GET\n", TEXT
            else:
                status, body, kind = await self._page(target.split("?", 1)[0])
            head = (
                f"HTTP/1.1 {status}\r\nContent-Type: {kind}\r\n"
                f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
            )
            writer.write(head.encode() + (body if method != "HEAD" else b""))
            await writer.drain()
        except (TimeoutError, ConnectionError, ValueError):
            pass  # a probe that hung up or sent garbage gets no answer
        finally:
            writer.close()
            with contextlib.suppress(ConnectionError):
                await writer.wait_closed()

    async def _page(self, path: str) -> Answer:
        if path == PATH:
            return "200 OK", b"ok\n", TEXT
        if path == READY_PATH:
            failing = await self._failing()
            if failing:
                return (
                    "503 Service Unavailable",
                    f"not ready: {', '.join(failing)}\n".encode(),
                    TEXT,
                )
            return "200 OK", b"ready\n", TEXT
        if path == METRICS_PATH and self.metrics is not None:
            body, kind = await self.metrics()
            return "200 OK", body, kind
        return "404 Not Found", b"not found\n", TEXT

    async def _failing(self) -> list[str]:
        """The names of the checks that fail (or take too long); `starting` before any is set."""
        if not self.checks:
            return ["starting"]
        names = list(self.checks)
        results = await asyncio.gather(
            *(asyncio.wait_for(self.checks[n](), CHECK_TIMEOUT) for n in names),
            return_exceptions=True,
        )
        failing = [n for n, ok in zip(names, results, strict=True) if ok is not True]
        for name, result in zip(names, results, strict=True):
            if isinstance(result, BaseException):
                log.warning("readiness check %s failed: %s", name, type(result).__name__)
        return failing


def _request_line(line: bytes) -> tuple[str, str]:
    parts = line.decode("latin-1").split()
    if len(parts) != 3 or not parts[2].startswith("HTTP/"):
        raise ValueError("not an HTTP request line")
    return parts[0], parts[1]


@contextlib.asynccontextmanager
async def serve_health(port: int | None) -> AsyncIterator[HealthServer | None]:
    """The health endpoint for the life of the block; nothing when no port is set."""
    if port is None:
        yield None
        return
    server = HealthServer(port)
    await server.start()
    try:
        yield server
    finally:
        await server.stop()


def check(port: int, timeout: float = 3.0) -> bool:
    """Whether the endpoint on this machine answers 200."""
    import urllib.request  # only the probe (HEALTHCHECK) asks; a served bot never does

    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{PATH}", timeout=timeout) as answer:
            return bool(answer.status == 200)
    except OSError:
        return False


def main() -> int:
    port = os.environ.get("HEALTH_PORT")
    if not port or not port.isdigit():
        sys.stderr.write("HEALTH_PORT is not set to a port number\n")
        return 2
    return 0 if check(int(port)) else 1


if __name__ == "__main__":
    sys.exit(main())
