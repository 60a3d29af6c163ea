"""Bolt's `auth.test` answers, kept per token: a bounded number, the least recently used
forgotten first, each for SLACK_TOKEN_CACHE_SECONDS; and the OAuth app authorises with them."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from slack_bolt.authorization import AuthorizeResult

from bot.metrics import PrometheusMetrics
from bot.settings import Settings
from bot.slack_adapter import SlackAdapter
from bot.slack_adapter.tokens import AuthAnswers
from core.commands.handler import CommandHandler
from core.store.store import Store
from tests.bot.slack_adapter.fake_slack import FakeSlack, Grant
from tests.bot.slack_adapter.harness import SlackUser
from tests.bot.slack_adapter.oauth_harness import browser, install, oauth_adapter, oauth_settings
from tests.conftest import FakeClock


class Ticks:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def answer(team: str) -> AuthorizeResult:
    return AuthorizeResult(enterprise_id=None, team_id=team, bot_token=f"xoxb-{team}")


def test_the_least_recently_used_token_is_forgotten_past_the_capacity() -> None:
    answers = AuthAnswers(ttl=300, capacity=2, clock=Ticks())
    answers["a"], answers["b"] = answer("A"), answer("B")
    assert "a" in answers  # a is now the more recently used
    answers["c"] = answer("C")
    assert list(answers) == ["a", "c"]
    assert "b" not in answers
    assert answers["a"]["team_id"] == "A"


def test_an_answer_is_kept_for_the_ttl_and_then_asked_again() -> None:
    clock = Ticks()
    answers = AuthAnswers(ttl=300, capacity=10, clock=clock)
    answers["a"] = answer("A")
    clock.now = 299.0
    assert "a" in answers
    clock.now = 300.0
    assert "a" not in answers
    assert len(answers) == 0
    answers["a"] = answer("A")  # asked again: kept afresh
    clock.now = 599.0
    assert "a" in answers


@pytest.fixture
def settings(fake_slack: FakeSlack, monkeypatch: pytest.MonkeyPatch) -> Settings:
    return oauth_settings(fake_slack, monkeypatch).model_copy(
        update={"slack_token_cache_seconds": 120.0}
    )


@pytest.fixture
async def ada(
    handler: CommandHandler,
    settings: Settings,
    store: Store,
    clock: FakeClock,
    fake_slack: FakeSlack,
) -> AsyncIterator[SlackUser]:
    adapter = oauth_adapter(handler, settings, store, PrometheusMetrics(), clock)
    async with browser(adapter, fake_slack) as user:
        yield user


async def test_the_oauth_app_asks_auth_test_once_a_token_until_the_answer_is_old(
    ada: SlackUser, fake_slack: FakeSlack
) -> None:
    await install(ada, "code-a", Grant("T0AAA"))
    team = ada.in_team("T0AAA")
    adapter: SlackAdapter = ada.adapter
    authorization = adapter.app._async_authorize  # Bolt keeps no public handle on it
    answers = getattr(authorization, "authorize_result_cache", None)
    assert isinstance(answers, AuthAnswers)
    assert answers.ttl == 120.0
    clock = Ticks()
    answers.clock = clock
    asked = len(fake_slack.calls_to("auth.test"))
    for _ in range(3):
        assert (await team.command("/role")).header() == "Roles"
    assert len(fake_slack.calls_to("auth.test")) == asked + 1
    clock.now += 121.0
    assert (await team.command("/role")).header() == "Roles"
    assert len(fake_slack.calls_to("auth.test")) == asked + 2
