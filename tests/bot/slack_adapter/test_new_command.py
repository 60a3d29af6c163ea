"""A command added by one spec entry and one route answers through Bolt's real entry point."""

from __future__ import annotations

import pytest

from core.commands.handler import CommandHandler
from core.roles.catalog import Catalog
from core.store.store import Store
from tests.bot.slack_adapter.harness import SlackUser
from tests.conftest import FakeClock
from tests.echo_command import echo_handler


@pytest.fixture
def handler(catalog: Catalog, store: Store, clock: FakeClock) -> CommandHandler:
    return echo_handler(catalog, store, clock)


async def test_slack_answers_the_new_command_as_its_own_and_after_prep(slack: SlackUser) -> None:
    answer = await slack.command("/echo amzn pm on Slack")
    assert answer.header() == "Echo: amazon-pm"
    assert "on Slack" in answer.texts()
    through_prep = await slack.command("/prep echo netflix-pm")
    assert through_prep.header() == "Echo: netflix-pm"
