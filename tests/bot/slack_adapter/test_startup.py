"""Starting and stopping: HTTP mode, Socket Mode, and clear errors for bad settings."""

from __future__ import annotations

import asyncio
import socket
from typing import Any

import aiohttp
import pytest
from pydantic import SecretStr

from bot.adapter import serve
from bot.settings import Settings
from bot.slack_adapter import SlackAdapter, SlackStartError
from bot.slack_adapter.adapter import SlackConfig
from core.commands.handler import CommandHandler
from tests.bot.slack_adapter.conftest import free_port
from tests.bot.slack_adapter.fake_slack import APP_TOKEN, BOT_TOKEN, TEAM, FakeSlack
from tests.bot.slack_adapter.harness import SIGNING_SECRET


def with_(settings: Settings, **changes: Any) -> Settings:
    return settings.model_copy(update=changes)


async def test_http_mode_serves_events_and_health_on_its_port(
    handler: CommandHandler, settings: Settings
) -> None:
    adapter = SlackAdapter(handler, settings, host="127.0.0.1")
    await adapter.start()
    base = f"http://127.0.0.1:{settings.slack_port}"
    try:
        assert adapter.messenger.team_id == TEAM
        async with aiohttp.ClientSession() as session:
            async with session.get(f"{base}/healthz") as health:
                assert health.status == 200
            async with session.post(f"{base}/slack/events", data="x=1") as unsigned:
                assert unsigned.status == 401
    finally:
        await adapter.stop()
    with pytest.raises(aiohttp.ClientConnectionError):
        async with aiohttp.ClientSession() as session:
            await session.get(f"{base}/healthz")


async def test_socket_mode_answers_a_command_over_the_connection(
    handler: CommandHandler, settings: Settings, fake_slack: FakeSlack
) -> None:
    adapter = SlackAdapter(handler, with_(settings, slack_app_token=SecretStr(APP_TOKEN)))
    await adapter.start()
    try:
        await fake_slack.wait_for(lambda: fake_slack.socket is not None)
        command = {
            "team_id": TEAM,
            "channel_id": "C0STUDY",
            "user_id": "U0ADA",
            "command": "/role",
            "text": "",
            "response_url": fake_slack.response_url("socket"),
            "trigger_id": "t",
        }
        await fake_slack.push("envelope-1", "slash_commands", command)
        await fake_slack.wait_for(lambda: "envelope-1" in _acks(fake_slack))
        ack = _acks(fake_slack)["envelope-1"]
        assert ack["response_type"] == "ephemeral"
        assert ack["blocks"][0]["text"]["text"] == "Roles"
    finally:
        await adapter.stop()


def _acks(fake: FakeSlack) -> dict[str, dict[str, Any]]:
    return fake.socket.acks if fake.socket is not None else {}


async def test_a_missing_bot_token_is_a_clear_error(
    handler: CommandHandler, settings: Settings
) -> None:
    with pytest.raises(SlackStartError, match="SLACK_BOT_TOKEN is not set"):
        SlackAdapter(handler, with_(settings, slack_bot_token=None))


async def test_http_mode_without_signing_secret_is_a_clear_error(
    handler: CommandHandler, settings: Settings
) -> None:
    with pytest.raises(SlackStartError, match="SLACK_SIGNING_SECRET"):
        SlackAdapter(handler, with_(settings, slack_signing_secret=None))
    # Socket Mode does not need it.
    SlackAdapter(
        handler, with_(settings, slack_signing_secret=None, slack_app_token=SecretStr(APP_TOKEN))
    )


def test_the_settings_it_keeps_never_show_a_secret(settings: Settings) -> None:
    config = SlackConfig.from_settings(with_(settings, slack_app_token=SecretStr(APP_TOKEN)))
    shown = repr(config)
    assert all(secret not in shown for secret in (BOT_TOKEN, APP_TOKEN, SIGNING_SECRET))


async def test_a_rejected_bot_token_is_a_clear_error_without_the_token(
    handler: CommandHandler, settings: Settings, fake_slack: FakeSlack
) -> None:
    fake_slack.fail("auth.test", "invalid_auth")
    adapter = SlackAdapter(handler, settings)
    with pytest.raises(SlackStartError) as raised:
        await adapter.start()
    message = str(raised.value)
    assert "SLACK_BOT_TOKEN" in message
    assert "invalid_auth" in message
    assert BOT_TOKEN not in message
    assert raised.value.__cause__ is None  # no traceback of the HTTP call to print


async def test_a_rejected_app_token_is_a_clear_error(
    handler: CommandHandler, settings: Settings, fake_slack: FakeSlack
) -> None:
    fake_slack.fail("apps.connections.open", "invalid_auth")
    adapter = SlackAdapter(handler, with_(settings, slack_app_token=SecretStr(APP_TOKEN)))
    with pytest.raises(SlackStartError, match="SLACK_APP_TOKEN"):
        await adapter.start()


async def test_an_unreachable_api_is_a_clear_error(
    handler: CommandHandler, settings: Settings
) -> None:
    closed = f"http://127.0.0.1:{free_port()}/api/"
    adapter = SlackAdapter(handler, with_(settings, slack_api_url=closed))
    with pytest.raises(SlackStartError, match="Cannot reach the Slack Web API"):
        await adapter.start()


async def test_a_busy_port_is_a_clear_error(handler: CommandHandler, settings: Settings) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", settings.slack_port))
        taken.listen()
        adapter = SlackAdapter(handler, settings, host="127.0.0.1")
        with pytest.raises(SlackStartError, match="SLACK_PORT"):
            await adapter.start()


async def test_serve_runs_until_cancelled_then_stops(
    handler: CommandHandler, settings: Settings
) -> None:
    adapter = SlackAdapter(handler, settings, host="127.0.0.1")
    serving = asyncio.create_task(serve(adapter))
    health = f"http://127.0.0.1:{settings.slack_port}/healthz"
    async with aiohttp.ClientSession() as session:
        for _ in range(200):
            try:
                async with session.get(health) as response:
                    assert response.status == 200
                    break
            except aiohttp.ClientConnectionError:
                await asyncio.sleep(0.01)
        else:
            raise AssertionError("the server never came up")
        serving.cancel()
        with pytest.raises(asyncio.CancelledError):
            await serving
        with pytest.raises(aiohttp.ClientConnectionError):
            await session.get(health)
