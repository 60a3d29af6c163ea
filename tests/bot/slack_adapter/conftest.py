"""The Slack adapter under test, wired to a fake Slack on 127.0.0.1 and the shared core fixtures."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from pydantic import SecretStr

from bot.settings import Settings
from bot.slack_adapter import SlackAdapter
from core.commands.handler import CommandHandler
from tests.bot.slack_adapter.fake_slack import APP_TOKEN, BOT_TOKEN, FakeSlack
from tests.bot.slack_adapter.harness import SIGNING_SECRET, SlackUser, slack_user

_LOCAL = ("127.0.0.1", "::1", "localhost")


class NetworkGuard:
    """Refuses, and remembers, every attempt to resolve or reach a host that is not local."""

    def __init__(self) -> None:
        self.attempts: list[str] = []

    def check(self, host: object) -> None:
        if isinstance(host, bytes):
            host = host.decode()
        if isinstance(host, str) and (host in _LOCAL or host.startswith(("127.", "/"))):
            return
        self.attempts.append(repr(host))
        raise OSError(f"test tried to reach the network: {host!r}")


@pytest.fixture(autouse=True)
def charts_loaded(charts_ready: None) -> None:
    """The adapter answers within a two-second budget here; see charts_ready."""


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[NetworkGuard]:
    """Overrides the shared guard: failures inside Bolt listeners are logged, not raised, so
    every attempt is also recorded and fails the test at teardown."""
    guard = NetworkGuard()
    real_connect = socket.socket.connect
    real_getaddrinfo = socket.getaddrinfo

    def connect(self: socket.socket, address: Any) -> Any:
        guard.check(address[0] if isinstance(address, tuple) else address)
        return real_connect(self, address)

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        guard.check(host)
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    yield guard
    assert not guard.attempts, f"tests must not reach the network: {guard.attempts}"


@pytest.fixture
async def fake_slack() -> AsyncIterator[FakeSlack]:
    fake = FakeSlack()
    await fake.start()
    yield fake
    await fake.stop()


@pytest.fixture
def settings(fake_slack: FakeSlack, monkeypatch: pytest.MonkeyPatch) -> Settings:
    for name in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "SLACK_API_URL"):
        monkeypatch.delenv(name, raising=False)
    return Settings(
        _env_file=None,
        slack_bot_token=SecretStr(BOT_TOKEN),
        slack_signing_secret=SecretStr(SIGNING_SECRET),
        slack_api_url=fake_slack.api_url,
        slack_port=free_port(),
    )


@pytest.fixture
def adapter(handler: CommandHandler, settings: Settings) -> SlackAdapter:
    adapter = SlackAdapter(handler, settings, host="127.0.0.1")
    handler.connect_channels(adapter.messenger)  # as the runtime wires it
    return adapter


@pytest.fixture
async def slack(adapter: SlackAdapter, fake_slack: FakeSlack) -> AsyncIterator[SlackUser]:
    async with slack_user(adapter, fake_slack) as user:
        yield user
        await user.idle()


@pytest.fixture
async def socket_slack(
    handler: CommandHandler, settings: Settings, fake_slack: FakeSlack
) -> AsyncIterator[SlackUser]:
    """The member with the app in Socket Mode, where Slack does not reach it over HTTP, so
    shared charts go by file to the DM. The payloads are those Slack sends over HTTP; the
    harness still delivers them to the HTTP endpoint."""
    socket = settings.model_copy(update={"slack_app_token": SecretStr(APP_TOKEN)})
    adapter = SlackAdapter(handler, socket, host="127.0.0.1")
    handler.connect_channels(adapter.messenger)
    async with slack_user(adapter, fake_slack) as user:
        yield user
        await user.idle()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
