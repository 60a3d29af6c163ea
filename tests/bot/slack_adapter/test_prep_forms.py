"""Names another app may hold: every command after `/prep`, a renamed `/prep`, the Messages tab
answering commands, and a schedule refused at once where the bot cannot post."""

from __future__ import annotations

from typing import Any

import pytest

from core.kernel.identity import UserKey
from core.kernel.platform import Platform
from core.store.store import Store
from tests.bot.slack_adapter.fake_slack import BOT_USER, TEAM, FakeSlack
from tests.bot.slack_adapter.harness import USER, Answer, SlackUser

DIRECT = "D0ADA"


@pytest.mark.parametrize(
    ("line", "header"),
    [
        ("/prep compare netflix-pm amazon-pm", "Netflix Product Manager vs Amazon Product Manager"),
        ("/prep role amazon-pm", "Amazon Product Manager (amazon-pm)"),
        ("/prep fit", "Fit quiz: question 1 of"),
        ("/prep practice amazon-pm", "Practice:"),
        ("/prep help", "prepbot: what I can do"),
        ("/prep help compare", "/compare"),
        # Renamed in the manifest because another app holds /prep: still read as /prep.
        ("/interview-prep help", "prepbot: what I can do"),
        # An app created from an older manifest still has /help.
        ("/help", "prepbot: what I can do"),
    ],
)
async def test_every_command_answers_after_prep(slack: SlackUser, line: str, header: str) -> None:
    answer = await slack.command(line)
    assert answer.header().startswith(header), answer.texts()


def _message(text: str, **extra: Any) -> dict[str, Any]:
    return {
        "type": "message",
        "channel": DIRECT,
        "channel_type": "im",
        "user": USER,
        "text": text,
        "ts": "1800000000.000100",
        "event_ts": "1800000000.000100",
        **extra,
    }


async def test_the_messages_tab_answers_a_command_in_the_direct_message(
    slack: SlackUser, fake_slack: FakeSlack, store: Store
) -> None:
    for text in ("compare netflix-pm amazon-pm", "/prep profile tz=new york role=amazon pm"):
        response = await slack.event(_message(text))
        assert response.status == 200
        await slack.idle()
    compared, profile = fake_slack.messages[DIRECT]
    assert compared["blocks"][0]["text"]["text"] == (
        "Netflix Product Manager vs Amazon Product Manager"
    )
    assert "new york → America/New_York" in Answer([profile]).texts()
    user = await store.users.user(UserKey(Platform.SLACK, TEAM, USER))
    assert user is not None
    assert (user.target_role, user.timezone) == ("amazon-pm", "America/New_York")


async def test_the_messages_tab_ignores_bots_edits_and_other_channels(
    slack: SlackUser, fake_slack: FakeSlack
) -> None:
    for event in (
        _message("/help", bot_id="B0OTHER"),
        _message("/help", subtype="message_changed"),
        _message("/help", user=BOT_USER, subtype="bot_message"),
        _message("/help", channel="C0STUDY", channel_type="channel"),
        _message("   "),
    ):
        response = await slack.event(event)
        assert response.status == 200
    await slack.idle()
    assert fake_slack.calls_to("chat.postMessage") == []


async def test_a_schedule_where_the_bot_is_not_a_member_is_refused_at_once(
    slack: SlackUser, fake_slack: FakeSlack, store: Store
) -> None:
    fake_slack.channels["C0SECRET"] = {"is_member": False}
    refused = await slack.command("/prep schedule <#C0SECRET|secret> 09:00 UTC")
    assert refused.header() == "Sorry, I couldn't do that"
    text = refused.texts()
    assert "I can't post in that channel, so nothing was scheduled." in text
    assert "`/invite @prepbot`" in text
    [asked] = fake_slack.calls_to("conversations.info")
    assert asked.args["channel"] == "C0SECRET"
    assert await store.schedules.find(Platform.SLACK, TEAM, target="C0SECRET") == []
    # Invited: the same command now schedules.
    fake_slack.channels["C0SECRET"] = {"is_member": True}
    accepted = await slack.command("/prep schedule <#C0SECRET|secret> 09:00 UTC")
    assert accepted.header() == "Scheduled #1"


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        ("channel_not_found", "a private channel I'm not in?"),
        ("not_in_channel", "I'm not a member of it"),
    ],
)
async def test_slacks_refusals_are_named_with_what_to_do(
    slack: SlackUser, fake_slack: FakeSlack, error: str, expected: str
) -> None:
    fake_slack.fail("conversations.info", error)
    refused = await slack.command("/prep schedule <#C0GONE> 09:00 UTC")
    assert expected in refused.texts()
    assert "then schedule again" in refused.texts()


async def test_an_archived_channel_is_refused(slack: SlackUser, fake_slack: FakeSlack) -> None:
    fake_slack.channels["C0OLD"] = {"is_archived": True, "is_member": True}
    refused = await slack.command("/prep schedule <#C0OLD> 09:00 UTC")
    assert "It is archived" in refused.texts()


@pytest.mark.parametrize("error", ["missing_scope", "internal_error"])
async def test_when_slack_cannot_say_the_schedule_is_made(
    slack: SlackUser, fake_slack: FakeSlack, error: str
) -> None:
    # An install from before channels:read, or a hiccup: the first post will tell.
    fake_slack.fail("conversations.info", error)
    answer = await slack.command("/prep schedule <#C0DAILY> 09:00 UTC")
    assert answer.header() == "Scheduled #1"


async def test_resuming_a_schedule_checks_the_channel_again(
    slack: SlackUser, fake_slack: FakeSlack, store: Store
) -> None:
    await slack.command("/prep schedule <#C0DAILY> 09:00 UTC")
    await store.schedules.set_paused(1, "not_in_channel")
    fake_slack.channels["C0DAILY"] = {"is_member": False}
    refused = await slack.command("/prep resume 1")
    assert "I can't post in that channel, so it stays paused." in refused.texts()
    fake_slack.channels["C0DAILY"] = {"is_member": True}
    resumed = await slack.command("/prep resume 1")
    assert resumed.header() == "Resumed schedule #1"


async def test_an_aspect_button_in_the_messages_tab_pages_in_place(
    slack: SlackUser, fake_slack: FakeSlack
) -> None:
    assert (await slack.event(_message("compare netflix-pm amazon-pm"))).status == 200
    await slack.idle()
    [overview] = fake_slack.messages[DIRECT]
    scope = next(b for b in Answer([overview]).buttons() if b["text"]["text"] == "Scope")
    # a message the bot posted in the direct message: not ephemeral, yet seen by one member
    opened = await slack.press(scope, ephemeral=False, channel=DIRECT)
    [message] = opened.messages
    assert message["replace_original"] is True
    back = await slack.press(opened.button("◂ All aspects"), ephemeral=False, channel=DIRECT)
    assert back.first["replace_original"] is True
    assert len(fake_slack.messages[DIRECT]) == 1  # nothing added below
