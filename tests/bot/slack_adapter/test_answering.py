"""Every listener answers through one path: the shared-reply cache, then the charts, wherever
the answer goes (response_url, the Messages tab, or the caller's DM)."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import SecretStr

from bot.settings import Settings
from bot.slack_adapter.prepared import Prepared, PreparedReplies
from core.kernel.reply import Reply
from tests.bot.slack_adapter.fake_slack import APP_TOKEN, TEAM, FakeSlack
from tests.bot.slack_adapter.harness import USER, SlackUser

DIRECT = "D" + USER.removeprefix("U")
COMP = "compare netflix-pm amazon-pm comp"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """Socket Mode: Slack does not reach the app over HTTP, so a chart goes to the DM by file."""
    return settings.model_copy(update={"slack_app_token": SecretStr(APP_TOKEN)})


def home_press(action_id: str, value: str) -> dict[str, Any]:
    return {
        "type": "block_actions",
        "team": {"id": TEAM},
        "user": {"id": USER, "team_id": TEAM},
        "api_app_id": "A0PREP",
        "container": {"type": "view", "view_id": "V0HOME"},
        "view": {"id": "V0HOME", "type": "home"},
        "trigger_id": "t",
        "actions": [{"type": "button", "block_id": "b", "action_id": action_id, "value": value}],
    }


async def test_a_home_tab_press_sends_its_chart_with_its_answer(
    slack: SlackUser, fake_slack: FakeSlack
) -> None:
    response = await slack.interact(home_press("open#0", COMP))
    assert response.status == 200
    await slack.idle()
    direct = fake_slack.messages[DIRECT]
    assert direct[0]["blocks"][0]["text"]["text"].startswith("Netflix Product Manager vs")
    # The chart follows the answer into the DM, as it does after the same slash command.
    assert len(fake_slack.uploads) == 1
    assert len(fake_slack.calls_to("views.publish")) == 1


async def test_a_home_tab_press_and_the_slash_command_share_one_chart_upload(
    slack: SlackUser, fake_slack: FakeSlack
) -> None:
    await slack.command(f"/{COMP}")
    await slack.interact(home_press("open#0", COMP))
    await slack.idle()
    assert len(fake_slack.uploads) == 1  # kept per workspace, then posted by reference


async def test_every_listener_prepares_its_reply_through_the_cache(
    slack: SlackUser, fake_slack: FakeSlack, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[str, bool]] = []
    real = PreparedReplies.get

    def spy(self: PreparedReplies, reply: Reply, *, shared: bool) -> Prepared:
        seen.append((reply.title, shared))
        return real(self, reply, shared=shared)

    monkeypatch.setattr(PreparedReplies, "get", spy)
    await slack.command("/prep schedule")
    view = fake_slack.calls_to("views.open")[0].args["view"]
    values = {
        "channel": {"channel": {"selected_conversation": "C0DAILY"}},
        "time": {"time": {"selected_time": "07:45"}},
        "timezone": {"timezone": {"value": "UTC"}},
        "days": {"days": {"selected_options": [{"value": "mon"}]}},
    }
    assert (await slack.submit(view, values)).status == 200
    await slack.idle()
    assert len(seen) == 1  # the form's answer, which used to be rendered past the cache
    await slack.event(
        {"type": "message", "channel": DIRECT, "channel_type": "im", "user": USER, "text": COMP}
    )
    await fake_slack.wait_for(lambda: len(seen) == 2)
    assert seen[-1][1] is True  # a shared reply, kept for the next member who asks
