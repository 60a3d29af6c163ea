"""In Socket Mode, where Slack does not reach the app over HTTP to fetch a chart by URL, a chart
everyone shares is uploaded once per workspace and shown by reference in each member's direct
messages; counted on the fake Slack's side. When the upload or the reference is refused, the
member still gets the chart, uploaded to their DM as before. Installed into many workspaces
(over HTTP), the chart goes by URL instead."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator

import pytest
from pydantic import SecretStr

from bot.metrics import PrometheusMetrics
from bot.settings import Settings
from bot.slack_adapter import SlackAdapter
from bot.slack_adapter.chart_files import COOLDOWN
from core.commands.handler import CommandHandler
from core.store.store import Store
from tests.bot.slack_adapter.fake_slack import APP_TOKEN, FakeSlack, Grant
from tests.bot.slack_adapter.harness import SlackUser
from tests.bot.slack_adapter.oauth_harness import browser, install, oauth_adapter, oauth_settings
from tests.conftest import FakeClock

COMP = "/compare netflix-pm amazon-pm comp"


class Seconds:
    """A monotonic clock the test moves."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"slack_app_token": SecretStr(APP_TOKEN)})


@pytest.fixture
def seconds(adapter: SlackAdapter) -> Seconds:
    clock = Seconds()
    adapter.listeners.charts.files.clock = clock
    return clock


def uploads_to(fake: FakeSlack) -> list[str | None]:
    """Where each completed upload was shared: a channel, or None for the workspace's copy."""
    return [c.args.get("channel_id") for c in fake.calls_to("files.completeUploadExternal")]


async def test_the_second_member_gets_the_chart_with_no_upload(
    slack: SlackUser, fake_slack: FakeSlack
) -> None:
    first = await slack.command(COMP)
    assert uploads_to(fake_slack) == [None]  # uploaded once, into no conversation
    (file_id,) = fake_slack.files
    assert fake_slack.charts_shown() == [("D0ADA", file_id)]
    # The acknowledgement is ephemeral: it holds no file, which no member could see there.
    assert all(b["type"] != "image" for b in first.first["blocks"])

    calls_before = len(fake_slack.calls)
    await slack.as_user("U0BEN").command(COMP)
    new = [c.method for c in fake_slack.calls[calls_before:]]
    assert new == ["conversations.open", "chat.postMessage"]  # no upload at all
    assert len(fake_slack.uploads) == 1
    assert fake_slack.charts_shown() == [("D0ADA", file_id), ("D0BEN", file_id)]
    (image,) = fake_slack.messages["D0BEN"][0]["blocks"]
    assert image["slack_file"] == {"id": file_id}
    assert image["alt_text"] == "Compensation"


async def test_a_member_seen_before_costs_one_post(slack: SlackUser, fake_slack: FakeSlack) -> None:
    await slack.command(COMP)
    calls_before = len(fake_slack.calls)
    await slack.command(COMP)
    assert [c.method for c in fake_slack.calls[calls_before:]] == ["chat.postMessage"]


async def test_members_asking_together_share_one_upload(
    slack: SlackUser, fake_slack: FakeSlack
) -> None:
    members = [slack.as_user(f"U0M{i:03d}") for i in range(8)]
    await asyncio.gather(*(member.command(COMP) for member in members))
    assert len(fake_slack.calls_to("files.getUploadURLExternal")) == 1
    assert len({file_id for _, file_id in fake_slack.charts_shown()}) == 1
    assert len(fake_slack.charts_shown()) == 8


async def test_a_chart_only_one_member_sees_is_uploaded_to_them(
    slack: SlackUser, fake_slack: FakeSlack
) -> None:
    question = await slack.command("/practice amazon-pm")
    revealed = await slack.press(question.button("What a strong answer covers"))
    await slack.press(revealed.button("Good"))
    calls_before = len(fake_slack.calls)
    await slack.command("/prep stats")  # the member's own charts: nothing to share
    assert "files.getUploadURLExternal" in [c.method for c in fake_slack.calls[calls_before:]]
    assert uploads_to(fake_slack) == ["D0ADA", "D0ADA"]
    assert fake_slack.charts_shown() == []


async def test_a_failed_upload_falls_back_to_the_dm_upload_for_a_while(
    slack: SlackUser, fake_slack: FakeSlack, seconds: Seconds, caplog: pytest.LogCaptureFixture
) -> None:
    fake_slack.fail("files.getUploadURLExternal", "missing_scope")
    with caplog.at_level(logging.WARNING, logger="bot.slack_adapter.chart_files"):
        await slack.command(COMP)
    assert "not uploaded for workspace T0TEAM (missing_scope)" in caplog.text
    assert uploads_to(fake_slack) == ["D0ADA"]  # the member has the chart all the same
    assert fake_slack.uploads[0].startswith(b"\x89PNG")
    assert fake_slack.charts_shown() == []

    seconds.now += COOLDOWN - 1  # not tried again at every request
    await slack.as_user("U0BEN").command(COMP)
    assert uploads_to(fake_slack) == ["D0ADA", "D0BEN"]

    seconds.now += 2
    await slack.as_user("U0CID").command(COMP)
    assert uploads_to(fake_slack) == ["D0ADA", "D0BEN", None]
    assert [channel for channel, _ in fake_slack.charts_shown()] == ["D0CID"]


async def test_a_refused_reference_falls_back_to_the_dm_upload(
    slack: SlackUser, fake_slack: FakeSlack, seconds: Seconds, caplog: pytest.LogCaptureFixture
) -> None:
    # Slack may not have finished the upload yet, or the file was deleted.
    fake_slack.fail("chat.postMessage", "invalid_blocks")
    with caplog.at_level(logging.WARNING, logger="bot.slack_adapter.chart_files"):
        await slack.command(COMP)
    assert "refused by reference in workspace T0TEAM (invalid_blocks)" in caplog.text
    assert uploads_to(fake_slack) == [None, "D0ADA"]
    assert fake_slack.charts_shown() == []

    await slack.as_user("U0BEN").command(COMP)
    assert uploads_to(fake_slack) == [None, "D0ADA", "D0BEN"]

    seconds.now += COOLDOWN + 1  # then a fresh copy, shown by reference again
    await slack.as_user("U0CID").command(COMP)
    assert uploads_to(fake_slack) == [None, "D0ADA", "D0BEN", None]
    (shown,) = fake_slack.charts_shown()
    assert shown[0] == "D0CID"
    assert shown[1] == list(fake_slack.files)[-1]


A, B = "T0AAA", "T0BBB"


@pytest.fixture
def oauth(fake_slack: FakeSlack, monkeypatch: pytest.MonkeyPatch) -> Settings:
    return oauth_settings(fake_slack, monkeypatch)


@pytest.fixture
async def installed(
    handler: CommandHandler, oauth: Settings, store: Store, clock: FakeClock, fake_slack: FakeSlack
) -> AsyncIterator[SlackUser]:
    adapter = oauth_adapter(handler, oauth, store, PrometheusMetrics(), clock)
    async with browser(adapter, fake_slack) as user:
        await install(user, "code-a", Grant(A))
        await install(user, "code-b", Grant(B))
        yield user


async def test_installed_in_many_workspaces_each_shows_the_chart_by_url_with_no_upload(
    installed: SlackUser, fake_slack: FakeSlack
) -> None:
    # Installing into many workspaces runs over HTTP, so Slack's requests say where it
    # reaches the app, and a shared chart goes by URL there: nothing is uploaded anywhere.
    for team in (A, B, A, B):
        answer = await installed.in_team(team).command(COMP)
        [image] = [b for b in answer.first["blocks"] if b["type"] == "image"]
        assert image["image_url"].startswith("http://127.0.0.1:")
    assert not fake_slack.calls_to("files.completeUploadExternal")
    assert not fake_slack.charts_shown()
