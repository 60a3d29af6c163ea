"""With one workspace's SLACK_BOT_TOKEN, removing the app pauses the workspace's schedules
too; the next start whose token Slack accepts (the app installed again) resumes them."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.settings import Settings
from bot.slack_adapter import SlackAdapter
from core.commands.handler import CommandHandler
from core.scheduling.installs import NOT_INSTALLED
from core.store.store import Store
from tests.bot.slack_adapter.fake_slack import FakeSlack
from tests.bot.slack_adapter.harness import SlackUser, slack_user
from tests.conftest import FakeClock


@pytest.fixture
def adapter(
    handler: CommandHandler, settings: Settings, store: Store, clock: FakeClock
) -> SlackAdapter:
    return SlackAdapter(handler, settings, host="127.0.0.1", store=store, clock=clock)


@pytest.fixture
async def slack(adapter: SlackAdapter, fake_slack: FakeSlack) -> AsyncIterator[SlackUser]:
    async with slack_user(adapter, fake_slack) as user:
        yield user
        await user.idle()


async def test_removing_the_app_pauses_and_a_working_token_resumes(
    slack: SlackUser,
    handler: CommandHandler,
    settings: Settings,
    store: Store,
    clock: FakeClock,
) -> None:
    made = await slack.command("/prep schedule <#C0DAILY|daily> 09:00 UTC daily")
    assert made.header() == "Scheduled #1"
    response = await slack.event({"type": "app_uninstalled"})
    assert response.status == 200
    await slack.idle()
    paused = await store.schedules.get(1)
    assert paused is not None
    assert paused.pause_reason == NOT_INSTALLED

    restarted = SlackAdapter(handler, settings, host="127.0.0.1", store=store, clock=clock)
    await restarted.start()
    try:
        resumed = await store.schedules.get(1)
        assert resumed is not None
        assert not resumed.paused
    finally:
        await restarted.stop()
