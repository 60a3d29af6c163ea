"""Each slash command through Bolt's HTTP path (signed requests), answered as Slack expects."""

from __future__ import annotations

import asyncio

import pytest

from core.kernel.platform import Platform
from core.scheduling.schedules import ScheduleKind
from core.store.store import Store
from tests.bot.slack_adapter.fake_slack import TEAM, FakeSlack
from tests.bot.slack_adapter.harness import CHANNEL, USER, SlackUser


async def test_compare_answers_in_one_message_in_the_acknowledgement(
    slack: SlackUser, fake_slack: FakeSlack
) -> None:
    answer = await slack.command("/compare netflix-pm amazon-pm")
    assert answer.header() == "Netflix Product Manager vs Amazon Product Manager"
    [message] = answer.messages
    assert message["response_type"] == "ephemeral"
    text = answer.texts()
    # Netflix pay is not disputed: its two figures fit together.
    for title in ("*Scope*", "*Interview loop ⚑*", "*Compensation*", "*Checklist*"):
        assert title in text
    assert "netflix-pm: " in text
    assert "amazon-pm: " in text
    assert "² Amazon vs Netflix Product Manager Role Comparison" in text
    assert answer.button("Share in channel")["value"] == "/compare netflix-pm amazon-pm"
    assert answer.button("Culture")["value"] == "compare netflix-pm amazon-pm culture"


@pytest.mark.parametrize(
    ("line", "header", "expected"),
    [
        ("/role", "Roles", "netflix-pmm"),
        ("/role amazon-pm comp", "Amazon Product Manager (amazon-pm)", "Compensation"),
        ("/fit", "Fit quiz: question 1 of", ""),
        ("/practice amazon-pm", "Practice:", "For: "),
        ("/help", "prepbot: what I can do", "/compare ROLE ROLE"),
        ("/help prep", "/prep", "/prep schedules"),
        ("/prep schedules", "No schedules", f"<#{CHANNEL}>"),
        ("/prep profile", "Your profile", "Nothing set yet"),
        ("/prep plan netflix-pm 2026-12-20", "Your plan for netflix-pm", "27 days"),
        ("/prep stats", "Your stats", "Leaderboard"),
        ("/prep forget", "Delete everything about you?", "cannot be undone"),
    ],
)
async def test_each_command_replies_to_the_caller_only(
    slack: SlackUser, line: str, header: str, expected: str
) -> None:
    answer = await slack.command(line)
    assert answer.header().startswith(header)
    assert expected in answer.texts()
    assert answer.first["response_type"] == "ephemeral"
    assert answer.first["text"]  # the notification fallback


async def test_a_mistake_is_answered_with_a_hint(slack: SlackUser) -> None:
    answer = await slack.command("/compare netflix-pm amazn-pm")
    assert answer.header() == "Sorry, I couldn't do that"
    assert "`amazon-pm`" in answer.texts()


async def test_schedule_and_checkin_are_stored_for_this_workspace(
    slack: SlackUser, store: Store
) -> None:
    answer = await slack.command("/prep schedule <#C0DAILY|daily> 09:00 UTC weekdays amazon-pm")
    assert answer.header() == "Scheduled #1"
    assert "<#C0DAILY>" in answer.texts()  # a live channel link, not escaped text
    await slack.command("/prep checkin 08:00")
    [schedule] = await store.schedules.find(Platform.SLACK, TEAM, target="C0DAILY")
    assert (schedule.owner, schedule.recurrence.at.hour, schedule.recurrence.zone.key) == (
        USER,
        9,
        "UTC",
    )
    [checkin] = await store.schedules.find(Platform.SLACK, TEAM, kinds=(ScheduleKind.CHECKIN,))
    # No timezone typed: the user's Slack timezone (users.info) is the default.
    assert (checkin.target, checkin.recurrence.zone.key) == (USER, "Europe/London")


async def test_user_text_never_becomes_a_mass_mention(slack: SlackUser) -> None:
    answer = await slack.command("/role <!channel> @here")
    everything = str(answer.messages)
    assert "<!channel>" not in everything
    assert "@here" not in everything


async def test_users_info_is_asked_once_per_user(slack: SlackUser, fake_slack: FakeSlack) -> None:
    fake_slack.users[USER] = {"id": USER, "tz": "Asia/Kolkata", "is_admin": True}
    await slack.command("/prep profile")
    await slack.command("/prep stats")
    assert len(fake_slack.calls_to("users.info")) == 1


async def test_a_reply_that_needs_no_profile_never_waits_for_users_info(
    slack: SlackUser, fake_slack: FakeSlack
) -> None:
    fake_slack.rate_limit("users.info", retry_after=30)  # would hold any command that asked
    lines = ("/compare netflix-pm amazon-pm", "/role amazon-pm", "/prep help", "/role nobody")
    answers = [
        await slack.command(line) for line in (*lines, "/fit", "/prep compare amazon-pm netflix-pm")
    ]
    assert fake_slack.calls_to("users.info") == []
    assert answers[0].header() == "Netflix Product Manager vs Amazon Product Manager"
    assert answers[1].header().endswith("(amazon-pm)")


async def test_commands_that_arrive_together_share_one_users_info_call(
    slack: SlackUser, fake_slack: FakeSlack
) -> None:
    await asyncio.gather(*(slack.command("/prep profile") for _ in range(5)))
    assert len(fake_slack.calls_to("users.info")) == 1


async def test_follow_ups_and_web_api_calls_share_one_connection(
    socket_slack: SlackUser, fake_slack: FakeSlack, monkeypatch: pytest.MonkeyPatch
) -> None:
    slack = socket_slack  # in Socket Mode, where a chart goes to the DM by file
    await slack.command("/compare netflix-pm amazon-pm comp")  # the chart goes to the DM
    monkeypatch.setattr("bot.slack_adapter.app.ACK_BUDGET", 0.0)  # a reply that follows up
    await slack.command("/prep profile")  # after users.info
    await slack.command("/prep stats")
    assert sum(map(len, fake_slack.responses.values())) == 2
    assert len(fake_slack.uploads) == 1
    assert len(fake_slack.connections) == 1


async def test_a_shared_reply_still_answers_in_the_acknowledgement(
    slack: SlackUser, monkeypatch: pytest.MonkeyPatch
) -> None:
    # No time to wait at all, yet a role card needs none: it is built from the content.
    monkeypatch.setattr("bot.slack_adapter.app.ACK_BUDGET", 0.0)
    answer = await slack.command("/role amazon-pm")
    assert answer.header().endswith("(amazon-pm)")


async def test_only_the_owner_or_an_admin_removes_a_schedule(
    slack: SlackUser, fake_slack: FakeSlack
) -> None:
    await slack.command("/prep schedule <#C0DAILY> 09:00 UTC")
    other = slack.as_user("U0BOB")
    refused = await other.command("/prep unschedule 1")
    assert refused.header() == "Sorry, I couldn't do that"
    fake_slack.users["U0ADMIN"] = {"id": "U0ADMIN", "is_owner": True, "tz": "UTC"}
    admin = slack.as_user("U0ADMIN")
    removed = await admin.command("/prep unschedule 1")
    assert removed.header() == "Removed schedule #1"


async def test_a_reply_not_ready_in_time_follows_the_acknowledgement(
    slack: SlackUser, monkeypatch: pytest.MonkeyPatch
) -> None:
    # No time to wait at all: the acknowledgement goes out empty, the reply by response_url.
    monkeypatch.setattr("bot.slack_adapter.app.ACK_BUDGET", 0.0)
    answer = await slack.command("/prep profile")
    assert len(answer.messages) == 1
    assert answer.header() == "Your profile"
    assert answer.first["response_type"] == "ephemeral"
    assert answer.first["replace_original"] is False


async def test_the_notification_text_names_channels_as_the_message_does(
    slack: SlackUser,
) -> None:
    empty = await slack.command("/prep schedules")
    assert f"<#{CHANNEL}>" in empty.first["text"]
    await slack.command(f"/prep schedule <#{CHANNEL}|study> 09:00 UTC")
    listed = await slack.command("/prep schedules")
    assert f"<#{CHANNEL}>" in listed.texts()
    assert f"<#{CHANNEL}>" in listed.first["text"]
    assert f"#{CHANNEL}" not in listed.first["text"].replace(f"<#{CHANNEL}>", "")
