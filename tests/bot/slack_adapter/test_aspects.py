"""Opening an aspect of a comparison through Bolt's real HTTP path: the detail takes the place of
the overview (replace_original), the overview comes back the same way, Share posts one
message in the channel."""

from __future__ import annotations

from core.roles.aspects import TITLES, Aspect
from tests.bot.slack_adapter.harness import SlackUser

OVERVIEW = "Netflix Product Manager vs Amazon Product Manager"


async def test_each_aspect_opens_in_place_of_the_overview_and_back(slack: SlackUser) -> None:
    overview = await slack.command("/compare netflix-pm amazon-pm")
    assert len(overview.messages) == 1
    for aspect in Aspect:
        [button] = [
            b
            for b in overview.buttons()
            if b.get("value") == f"compare netflix-pm amazon-pm {aspect.value}"
        ]
        opened = await slack.press(button)
        [message] = opened.messages
        assert message["replace_original"] is True
        assert message["response_type"] == "ephemeral"
        assert opened.header() == OVERVIEW
        assert f"*{TITLES[aspect]}" in opened.texts()
        others = [b["value"] for b in opened.buttons() if b["action_id"].startswith("open#")]
        assert f"compare netflix-pm amazon-pm {aspect.value}" not in others
    back = await slack.press(opened.button("◂ All aspects"))
    [message] = back.messages
    assert message["replace_original"] is True
    assert [b["text"]["text"] for b in back.buttons()] == [
        b["text"]["text"] for b in overview.buttons()
    ]


async def test_share_posts_the_open_aspect_as_one_message_and_keeps_the_callers_view(
    slack: SlackUser,
) -> None:
    opened = await slack.command("/compare netflix-pm netflix-pmm interview")
    shared = await slack.press(opened.button("Share in channel"))
    [message] = shared.messages
    assert message["response_type"] == "in_channel"
    assert message["replace_original"] is False
    assert not shared.buttons()
    labels = {b["text"]["text"] for b in opened.buttons()}
    kept = [line for line in opened.texts().splitlines() if line not in labels]
    assert shared.texts().splitlines() == kept


async def test_a_button_from_a_view_that_no_longer_exists_is_answered_politely(
    slack: SlackUser,
) -> None:
    overview = await slack.command("/role amazon-pm")
    stale = {**overview.button("Culture"), "value": "role no-such-role culture"}
    answer = await slack.press(stale)
    assert answer.header() == "Sorry, I couldn't do that"
    assert "Run the command again" in answer.texts()
