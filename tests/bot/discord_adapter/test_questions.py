"""A group's question on Discord: a member's `/prep practice action:suggest` modal (four text
inputs), the moderator's direct message with Approve, the member told, then the question served by
`/practice` and in the channel's morning post."""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from bot.discord_adapter import DiscordAdapter
from core.content.loader import Content
from core.dispatch.dispatcher import Dispatcher
from core.kernel.platform import Platform
from core.store.store import Store
from tests.bot.discord_adapter import payloads
from tests.bot.discord_adapter.fake_discord import FakeDiscord
from tests.bot.discord_adapter.payloads import (
    MANAGER_PERMISSIONS,
    button_press,
    channel_option,
    command,
    labelled,
    modal_submit,
    resolved_channel,
    string_option,
    subcommand,
)
from tests.conftest import FakeClock

MEMBER = "900000000000000031"
MODAL = 9
FILTER = [string_option("role", "amazon-pm"), string_option("category", "execution")]


def in_dm(fake: FakeDiscord, user: str) -> list[Any]:
    channel = fake.dm_channels.get(user)
    return [m for m in fake.messages if channel and m["channel_id"] == channel]


async def test_a_members_suggestion_approved_from_a_dm_is_served_and_posted(
    adapter: DiscordAdapter, fake: FakeDiscord, store: Store, clock: FakeClock, content: Content
) -> None:
    where = payloads.OTHER_CHANNEL_ID
    options = [
        channel_option("channel", where),
        string_option("time", "09:00"),
        string_option("timezone", "UTC"),
        string_option("days", "daily"),
        string_option("role", "amazon-pm"),
        string_option("category", "execution"),
    ]
    await fake.interact(
        command(
            "prep",
            [subcommand("schedule", options)],
            permissions=MANAGER_PERMISSIONS,
            resolved=resolved_channel(where, MANAGER_PERMISSIONS),
        )
    )
    assert "Scheduled #1" in str(fake.messages[-1]["embeds"])

    suggest = [subcommand("practice", [string_option("action", "suggest")])]
    await fake.interact(command("prep", suggest, user_id=MEMBER))
    offer = fake.messages[-1]
    custom_id = labelled(offer["components"])["Suggest a question"]
    opened = await fake.interact(button_press(custom_id, offer, user_id=MEMBER))
    assert opened.body["type"] == MODAL
    form = opened.body["data"]
    inputs = [row["components"][0] for row in form["components"]]
    assert [i["custom_id"] for i in inputs] == ["answer", "answer1", "answer2", "answer3"]
    prompt = "Which launch would you cut first, @everyone, and why?"
    fields = {
        "answer": prompt,
        "answer1": "execution",
        "answer2": "amazon-pm",
        "answer3": "Names the customer\nWeighs the cost\nSays who decides",
    }
    await fake.interact(modal_submit(form["custom_id"], fields, user_id=MEMBER))
    assert "sent it to 1 moderator" in str(fake.messages[-1]["embeds"])

    (suggestion,) = in_dm(fake, payloads.USER_ID)
    assert "@everyone" not in str(suggestion)
    approve = labelled(suggestion["components"])["Approve"]
    done = await fake.interact(button_press(approve, suggestion, direct=True))
    assert "ws-1 is approved" in str(done.body["data"]["embeds"])
    again = await fake.interact(button_press(approve, suggestion, direct=True))
    assert "Already decided" in str(again.body["data"]["embeds"])
    (told,) = in_dm(fake, MEMBER)
    assert "was approved" in str(told["embeds"])

    pool = [
        q for q in content.questions if "amazon-pm" in q.roles and q.category.value == "execution"
    ]
    served = set()
    for _ in range(len(pool) + 1):
        await fake.interact(command("practice", FILTER, user_id=MEMBER))
        served |= {c.rsplit(":", 1)[1] for c in labelled(fake.messages[-1]["components"]).values()}
    assert "ws-1" in served

    dispatcher = Dispatcher(
        store, content, {Platform.DISCORD: adapter.messenger}, clock, rng=random.Random(4)
    )
    for _ in range(len(pool) + 1):
        clock.now = clock.now.replace(hour=9, minute=0, second=10) + timedelta(days=1)
        await dispatcher.tick()
    posts = [m for m in fake.messages if m["channel_id"] == where]
    assert len(posts) == len(pool) + 1
    assert any("Which launch would you cut first" in str(p["embeds"]) for p in posts)
