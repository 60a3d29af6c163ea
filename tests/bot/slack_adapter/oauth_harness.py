"""The Slack adapter in OAuth mode (SLACK_CLIENT_ID): installing it into workspaces of the
fake Slack through Bolt's real `/slack/install` and `/slack/oauth_redirect`."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest
from pydantic import SecretStr

from bot.metrics import PrometheusMetrics
from bot.settings import Settings
from bot.slack_adapter import SlackAdapter
from core.commands.handler import CommandHandler
from core.store.store import Store
from tests.bot.slack_adapter.conftest import free_port
from tests.bot.slack_adapter.fake_slack import CLIENT_ID, CLIENT_SECRET, FakeSlack, Grant
from tests.bot.slack_adapter.harness import SIGNING_SECRET, SlackUser, slack_user
from tests.conftest import FakeClock

STATE = re.compile(r"state=([A-Za-z0-9-]+)")


def oauth_settings(fake: FakeSlack, monkeypatch: pytest.MonkeyPatch) -> Settings:
    for name in ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET"):
        monkeypatch.delenv(name, raising=False)
    return Settings(
        _env_file=None,
        slack_client_id=CLIENT_ID,
        slack_client_secret=SecretStr(CLIENT_SECRET),
        slack_signing_secret=SecretStr(SIGNING_SECRET),
        slack_api_url=fake.api_url,
        slack_port=free_port(),
    )


def oauth_adapter(
    handler: CommandHandler,
    settings: Settings,
    store: Store,
    metrics: PrometheusMetrics,
    clock: FakeClock,
) -> SlackAdapter:
    return SlackAdapter(
        handler, settings, host="127.0.0.1", store=store, lookups=metrics, clock=clock
    )


@asynccontextmanager
async def browser(adapter: SlackAdapter, fake: FakeSlack) -> AsyncIterator[SlackUser]:
    async with slack_user(adapter, fake) as user:
        yield user
        await user.idle()


async def install(user: SlackUser, code: str, grant: Grant) -> str:
    """Open the install page, approve on the fake Slack, follow the redirect back; the page
    the browser ends on."""
    user.fake.grant(code, grant)
    page = await user.client.get("/slack/install")
    assert page.status == 200, await page.text()
    found = STATE.search(await page.text())
    assert found is not None, "the install page links to Slack with a state"
    # The state cookie is Secure: a browser sends it back over HTTPS, which the test server
    # does not speak, so it is sent by hand.
    cookie = page.headers["Set-Cookie"].split(";", 1)[0]
    assert cookie.endswith(found.group(1))
    back = await user.client.get(
        f"/slack/oauth_redirect?code={code}&state={found.group(1)}", headers={"Cookie": cookie}
    )
    return await back.text()
