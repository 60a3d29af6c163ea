"""A shared reply is rendered and encoded once; the acknowledgement carries that body as
JSON, and a reply that depends on who asks is prepared afresh each time."""

from __future__ import annotations

import json

from bot.slack_adapter.prepared import PreparedReplies, prepare
from bot.slack_adapter.render import render
from core.kernel.reply import Reply, TextSection, Visibility
from tests.bot.slack_adapter.harness import SlackUser


def reply(text: str, visibility: Visibility = Visibility.CALLER) -> Reply:
    return Reply(title="T", sections=(TextSection(text=text),), visibility=visibility)


def test_the_body_is_the_first_message_with_its_response_type() -> None:
    card = reply("one", Visibility.CHANNEL)
    prepared = prepare(card)
    first = render(card)[0]
    assert json.loads(prepared.first_body) == {
        "response_type": "in_channel",
        "text": first.text,
        "blocks": first.blocks,
    }
    assert prepared.rest == []


def test_a_shared_reply_is_prepared_once_per_reply_object() -> None:
    kept = PreparedReplies(capacity=2)
    card = reply("one")
    assert kept.get(card, shared=True) is kept.get(card, shared=True)
    # An equal reply that is another object is prepared on its own.
    twin = reply("one")
    assert kept.get(twin, shared=True) is not kept.get(card, shared=True)
    # A reply to one member is not kept.
    personal = reply("mine")
    assert kept.get(personal, shared=False) is not kept.get(personal, shared=False)
    assert len(kept) == 2
    kept.get(reply("three"), shared=True)
    assert len(kept) == 2  # bounded


async def test_the_acknowledgement_is_json_with_the_reply(slack: SlackUser) -> None:
    for member in ("U0ADA", "U0BEN"):
        response = await slack.as_user(member).post(
            "team_id=T0TEAM&user_id="
            + member
            + "&channel_id=C0STUDY&command=%2Fcompare&text=netflix-pm+amazon-pm"
            + "&response_url=http%3A%2F%2F127.0.0.1%2Fr&trigger_id=t",
            "application/x-www-form-urlencoded",
        )
        assert response.status == 200
        assert response.content_type == "application/json"
        body = await response.json()
        assert body["response_type"] == "ephemeral"
        assert body["blocks"][0]["text"]["text"].startswith("Netflix Product Manager vs")
