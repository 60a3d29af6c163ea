"""Installed into many workspaces through Bolt's OAuth flow: each workspace's commands and
scheduled posts go out with its own token; uninstalling pauses its schedules, reinstalling
resumes them; an Enterprise Grid organisation-wide install serves its workspaces."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.metrics import PrometheusMetrics
from bot.settings import Settings
from bot.slack_adapter import SlackAdapter
from core.commands.handler import CommandHandler
from core.content.loader import Content
from core.dispatch.dispatcher import Dispatcher
from core.kernel.platform import Platform
from core.messenger import Messenger
from core.scheduling.installs import NOT_INSTALLED
from core.scheduling.schedules import ScheduleKind
from core.store.store import Store
from tests.bot.slack_adapter.fake_slack import FakeSlack, Grant
from tests.bot.slack_adapter.harness import SlackUser
from tests.bot.slack_adapter.oauth_harness import browser, install, oauth_adapter, oauth_settings
from tests.conftest import FakeClock
from tests.fakes import RecordingSleep

TEAM_A, TEAM_B = "T0AAA", "T0BBB"
ORG, GRID_TEAM = "E0ORG", "T0GRID"
STUDY = "C0STUDY"


@pytest.fixture
def metrics() -> PrometheusMetrics:
    return PrometheusMetrics()


@pytest.fixture
def settings(fake_slack: FakeSlack, monkeypatch: pytest.MonkeyPatch) -> Settings:
    return oauth_settings(fake_slack, monkeypatch)


@pytest.fixture
def adapter(
    handler: CommandHandler,
    settings: Settings,
    store: Store,
    metrics: PrometheusMetrics,
    clock: FakeClock,
) -> SlackAdapter:
    return oauth_adapter(handler, settings, store, metrics, clock)


@pytest.fixture
async def ada(adapter: SlackAdapter, fake_slack: FakeSlack) -> AsyncIterator[SlackUser]:
    async with browser(adapter, fake_slack) as user:
        yield user


def dispatcher(
    adapter: SlackAdapter, store: Store, content: Content, clock: FakeClock
) -> Dispatcher:
    messengers: dict[Platform, Messenger] = {Platform.SLACK: adapter.messenger}
    return Dispatcher(store, content, messengers, clock, sleep=RecordingSleep())


def token_of(fake: FakeSlack, owner: str) -> str:
    [token] = [t for t, team in fake.tokens.items() if team == owner]
    return token


async def schedule_in(user: SlackUser, store: Store) -> int:
    answer = await user.command(f"/prep schedule <#{STUDY}|study> 09:00 UTC daily")
    assert answer.header().startswith("Scheduled #"), answer.texts()
    [schedule] = await store.schedules.find(Platform.SLACK, user.team, target=STUDY)
    return schedule.id


def posts_by_token(fake: FakeSlack) -> list[str | None]:
    return fake.tokens_used("chat.postMessage")


async def test_two_workspaces_install_and_each_is_served_with_its_own_token(
    ada: SlackUser,
    fake_slack: FakeSlack,
    adapter: SlackAdapter,
    store: Store,
    content: Content,
    clock: FakeClock,
    metrics: PrometheusMetrics,
) -> None:
    assert "Thank you" in await install(ada, "code-a", Grant(TEAM_A))
    assert "Thank you" in await install(ada, "code-b", Grant(TEAM_B))
    a, b = ada.in_team(TEAM_A), ada.in_team(TEAM_B)
    token_a, token_b = token_of(fake_slack, TEAM_A), token_of(fake_slack, TEAM_B)

    await schedule_in(a, store)
    await schedule_in(b, store)
    for _ in range(3):
        assert (await a.command("/role")).header() == "Roles"
    # users.info (who is calling) went out with each caller's workspace token.
    assert set(fake_slack.tokens_used("users.info")) == {token_a, token_b}

    clock.advance(hours=1, minutes=1)
    report = await dispatcher(adapter, store, content, clock).tick()
    assert report.sent == 2
    assert sorted(map(str, posts_by_token(fake_slack))) == sorted([token_a, token_b])

    # Each workspace's token was read from the store once; every later use came from the cache.
    hits = metrics.token_lookups.labels("hit")._value.get()
    misses = metrics.token_lookups.labels("miss")._value.get()
    assert misses == 4  # Bolt's authorisation and the messenger, once per workspace each
    assert hits >= 3


async def test_uninstall_pauses_the_workspace_and_a_reinstall_resumes_it(
    ada: SlackUser,
    fake_slack: FakeSlack,
    adapter: SlackAdapter,
    store: Store,
    content: Content,
    clock: FakeClock,
) -> None:
    await install(ada, "code-a", Grant(TEAM_A))
    await install(ada, "code-b", Grant(TEAM_B))
    a, b = ada.in_team(TEAM_A), ada.in_team(TEAM_B)
    schedule_a = await schedule_in(a, store)
    schedule_b = await schedule_in(b, store)
    await a.command("/prep checkin 08:00 UTC")

    fake_slack.revoke(TEAM_A)
    response = await a.event({"type": "app_uninstalled"})
    assert response.status == 200
    await a.idle()
    kept = await store.schedules.find(
        Platform.SLACK, TEAM_A, kinds=(ScheduleKind.CHANNEL, ScheduleKind.CHECKIN)
    )
    assert len(kept) == 2, "uninstalling pauses schedules, it does not delete them"
    assert all(s.paused and s.pause_reason == NOT_INSTALLED for s in kept)
    other = await store.schedules.get(schedule_b)
    assert other is not None
    assert not other.paused
    # Bolt no longer finds an installation for the workspace: a command is refused.
    refused = await a.command("/role")
    assert "reinstall this app" in refused.first["text"]

    clock.advance(hours=1, minutes=1)
    report = await dispatcher(adapter, store, content, clock).tick()
    assert report.sent == 1  # workspace B only
    assert posts_by_token(fake_slack) == [token_of(fake_slack, TEAM_B)]

    await install(ada, "code-a2", Grant(TEAM_A))
    resumed = await store.schedules.get(schedule_a)
    assert resumed is not None
    assert not resumed.paused
    assert resumed.next_fire_at is not None
    assert resumed.next_fire_at > clock()  # from the next occurrence, none sent late
    clock.advance(days=1)
    report = await dispatcher(adapter, store, content, clock).tick()
    assert report.sent == 3  # A's channel, A's check-in, B's channel
    assert token_of(fake_slack, TEAM_A) in posts_by_token(fake_slack)


async def test_revoked_bot_token_pauses_like_an_uninstall(
    ada: SlackUser, fake_slack: FakeSlack, store: Store
) -> None:
    await install(ada, "code-a", Grant(TEAM_A))
    a = ada.in_team(TEAM_A)
    schedule = await schedule_in(a, store)
    fake_slack.revoke(TEAM_A)
    await a.event({"type": "tokens_revoked", "tokens": {"oauth": [], "bot": ["U0BOT"]}})
    await a.idle()
    paused = await store.schedules.get(schedule)
    assert paused is not None
    assert paused.pause_reason == NOT_INSTALLED
    await install(ada, "code-a2", Grant(TEAM_A))
    back = await store.schedules.get(schedule)
    assert back is not None
    assert not back.paused


async def test_another_replica_with_a_stale_token_looks_it_up_again(
    ada: SlackUser,
    fake_slack: FakeSlack,
    adapter: SlackAdapter,
    handler: CommandHandler,
    settings: Settings,
    store: Store,
    metrics: PrometheusMetrics,
    content: Content,
    clock: FakeClock,
) -> None:
    """Replica 2 cached workspace A's token; A is reinstalled through replica 1 (new token):
    replica 2's post is refused once, then goes out with the new token."""
    await install(ada, "code-a", Grant(TEAM_A))
    await schedule_in(ada.in_team(TEAM_A), store)
    replica = oauth_adapter(handler, settings, store, metrics, clock)
    old = token_of(fake_slack, TEAM_A)
    assert await replica.installations.bot_token(TEAM_A) == old  # type: ignore[union-attr]
    fake_slack.revoke(TEAM_A)
    await install(ada, "code-a2", Grant(TEAM_A))
    new = token_of(fake_slack, TEAM_A)

    clock.advance(hours=1, minutes=1)
    report = await dispatcher(replica, store, content, clock).tick()
    assert report.sent == 1
    assert posts_by_token(fake_slack) == [old, new]
    assert len(fake_slack.messages[STUDY]) == 1


async def test_an_organisation_wide_install_serves_its_workspaces(
    ada: SlackUser,
    fake_slack: FakeSlack,
    adapter: SlackAdapter,
    store: Store,
    content: Content,
    clock: FakeClock,
) -> None:
    await install(ada, "code-org", Grant(None, enterprise=ORG, org_wide=True))
    member = ada.in_team(GRID_TEAM, enterprise=ORG)
    schedule = await schedule_in(member, store)
    org_token = token_of(fake_slack, ORG)
    assert fake_slack.tokens_used("users.info") == [org_token]

    clock.advance(hours=1, minutes=1)
    assert (await dispatcher(adapter, store, content, clock).tick()).sent == 1
    assert posts_by_token(fake_slack) == [org_token]

    fake_slack.revoke(ORG)
    await member.event({"type": "app_uninstalled"})
    await member.idle()
    paused = await store.schedules.get(schedule)
    assert paused is not None
    assert paused.pause_reason == NOT_INSTALLED
