"""SIGTERM at any moment of a real `prepbot run` stops it gracefully with exit code 0: the
handler is in place before any port opens or any claim is taken, and stays until the end."""

from __future__ import annotations

import asyncio
import signal
import socket
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.bot.slack_adapter.fake_slack import BOT_TOKEN, FakeSlack
from tests.faults.cluster import SIGNING_SECRET, free_port, kill_all, replica_env, spawn

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/status").exists(), reason="reads a process's signal mask in /proc"
)
POLL = 0.002  # as soon as it can be seen, on a machine other work keeps busy


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    fake = FakeSlack()
    await fake.start()
    yield fake
    await fake.stop()


@pytest.fixture
async def started(
    fake: FakeSlack, tmp_path: Path
) -> AsyncIterator[tuple[asyncio.subprocess.Process, int]]:
    """A `prepbot run` in Slack HTTP mode that was just started, and its port."""
    port = free_port()
    env = replica_env(f"sqlite:///{tmp_path / 'prepbot.sqlite3'}", tmp_path / "data")
    env.update(
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=fake.api_url,
        SLACK_PORT=str(port),
    )
    process = await spawn(env, tmp_path, tmp_path / "run.log")
    yield process, port
    await kill_all([process])


def _catches_sigterm(pid: int) -> bool:
    """Whether the process has a handler for SIGTERM (Linux's SigCgt mask)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    caught = next(line for line in status.splitlines() if line.startswith("SigCgt:"))
    return bool(int(caught.split()[1], 16) & (1 << (signal.SIGTERM - 1)))


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def _tail(folder: Path) -> str:
    return (folder / "run.log").read_text()[-3000:]


async def _exit_code(process: asyncio.subprocess.Process, folder: Path) -> int:
    try:
        return await asyncio.wait_for(process.wait(), timeout=30)
    except TimeoutError:
        process.kill()
        await process.wait()
        raise AssertionError(f"still running 30 s after SIGTERM:\n{_tail(folder)}") from None


async def test_sigterm_at_once_after_the_port_opens_exits_0(
    fake: FakeSlack, started: tuple[asyncio.subprocess.Process, int], tmp_path: Path
) -> None:
    process, port = started
    deadline = time.monotonic() + 60
    while not _listening(port):
        assert process.returncode is None, _tail(tmp_path)
        assert time.monotonic() < deadline, "the port never opened"
        await asyncio.sleep(POLL)
    process.send_signal(signal.SIGTERM)
    code = await _exit_code(process, tmp_path)
    assert code == 0, _tail(tmp_path)


async def test_sigterm_at_once_after_start_exits_0_before_any_port_opens(
    fake: FakeSlack, started: tuple[asyncio.subprocess.Process, int], tmp_path: Path
) -> None:
    process, port = started
    deadline = time.monotonic() + 60
    while not _catches_sigterm(process.pid):
        assert process.returncode is None, _tail(tmp_path)
        assert time.monotonic() < deadline, "never caught SIGTERM"
        # the handler comes before the port: the order the fault would need is never seen
        assert not _listening(port), "the port opened before SIGTERM was handled"
        await asyncio.sleep(POLL)
    process.send_signal(signal.SIGTERM)
    code = await _exit_code(process, tmp_path)
    assert code == 0, _tail(tmp_path)
    assert not fake.calls, "it went on to start after the stop was asked for"
