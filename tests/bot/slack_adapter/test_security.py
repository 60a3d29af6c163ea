"""Only Slack may talk to the app: every request's signature and age are checked."""

from __future__ import annotations

import time
from urllib.parse import urlencode

from tests.bot.slack_adapter.fake_slack import TEAM, FakeSlack
from tests.bot.slack_adapter.harness import SIGNING_SECRET, SlackUser

FORM = "application/x-www-form-urlencoded"


def help_command(fake: FakeSlack) -> str:
    return urlencode(
        {
            "team_id": TEAM,
            "channel_id": "C0STUDY",
            "user_id": "U0ADA",
            "command": "/help",
            "text": "",
            "response_url": fake.response_url("forged"),
            "trigger_id": "t",
        }
    )


async def test_a_correctly_signed_request_is_answered(
    slack: SlackUser, fake_slack: FakeSlack
) -> None:
    response = await slack.post(help_command(fake_slack), FORM, secret=SIGNING_SECRET)
    assert response.status == 200
    assert "prepbot: what I can do" in await response.text()


async def test_a_forged_signature_is_refused(slack: SlackUser, fake_slack: FakeSlack) -> None:
    response = await slack.post(help_command(fake_slack), FORM, secret="not-the-secret")
    assert response.status == 401
    assert "prepbot" not in await response.text()
    assert not fake_slack.calls  # nothing reached the core, not even a users.info


async def test_a_stale_timestamp_is_refused(slack: SlackUser, fake_slack: FakeSlack) -> None:
    ten_minutes_ago = int(time.time()) - 600
    response = await slack.post(help_command(fake_slack), FORM, timestamp=ten_minutes_ago)
    assert response.status == 401
    assert not fake_slack.calls


async def test_a_body_changed_after_signing_is_refused(
    slack: SlackUser, fake_slack: FakeSlack
) -> None:
    body = help_command(fake_slack)
    stamp = str(int(time.time()))
    signed = await slack.post(body, FORM, timestamp=int(stamp))
    assert signed.status == 200
    tampered = body.replace("%2Fhelp", "%2Fprep").replace("text=", "text=forget")
    response = await slack.client.post(
        "/slack/events",
        data=tampered,
        headers={
            "Content-Type": FORM,
            "X-Slack-Request-Timestamp": stamp,
            "X-Slack-Signature": signed.request_info.headers["X-Slack-Signature"],
        },
    )
    assert response.status == 401


async def test_health_check_needs_no_signature(slack: SlackUser) -> None:
    response = await slack.client.get("/healthz")
    assert response.status == 200
    assert await response.json() == {"ok": True}
