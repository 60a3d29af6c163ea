"""A group's question on Slack: `/practice suggest`, the modal with its four inputs, Approve
(pressed twice, taken once), then served by `/practice` and in the channel's morning post."""

from __future__ import annotations

import asyncio
import random
from datetime import timedelta
from typing import Any

from bot.slack_adapter import SlackAdapter
from core.content.loader import Content
from core.dispatch.dispatcher import Dispatcher
from core.kernel.platform import Platform
from core.store.store import Store
from tests.bot.slack_adapter.fake_slack import TEAM, FakeSlack
from tests.bot.slack_adapter.harness import Answer, SlackUser
from tests.conftest import FakeClock

STUDY = "C0DAILY"
PROMPT = "How would our group decide what to cut from a launch? <!here>"


def _value(text: str) -> dict[str, Any]:
    return {"answer": {"type": "plain_text_input", "value": text}}


async def _response_to(fake_slack: FakeSlack, view: dict[str, Any]) -> Answer:
    url = next(u for u in view["private_metadata"].split('"') if u.startswith("http"))
    return Answer(fake_slack.responses[url.rsplit("/", 1)[1]])


async def test_suggest_in_the_modal_approve_once_then_practice_and_the_morning_post(
    slack: SlackUser,
    fake_slack: FakeSlack,
    adapter: SlackAdapter,
    store: Store,
    clock: FakeClock,
    content: Content,
) -> None:
    offer = await slack.command("/practice suggest")
    opened = await slack.press(offer.button("Suggest a question"))
    assert opened.messages == []
    view = fake_slack.calls_to("views.open")[-1].args["view"]
    inputs = [b for b in view["blocks"] if b["type"] == "input"]
    assert [b["block_id"] for b in inputs] == ["answer", "answer1", "answer2", "answer3"]
    assert inputs[0]["element"]["max_length"] == 1500
    values = {
        "answer": _value(PROMPT),
        "answer1": _value("execution"),
        "answer2": _value("amazon-pm"),
        "answer3": _value("Names what the customer loses\nWeighs the date\nSays who decides"),
    }
    assert (await slack.submit(view, values)).status == 200
    await slack.idle()
    moderation = await _response_to(fake_slack, view)
    assert "Suggested question ws-1" in moderation.texts()
    assert "<!here>" not in str(moderation.messages)
    approve = moderation.button("Approve")
    first, second = await asyncio.gather(slack.press(approve), slack.press(approve))
    # one press decides; the other is told it was decided already
    assert sorted("Already decided" in a.texts() for a in (first, second)) == [False, True]
    assert all("ws-1 is approved" in a.texts() for a in (first, second))

    pool = [
        q for q in content.questions if "amazon-pm" in q.roles and q.category.value == "execution"
    ]
    served = set()
    for _ in range(len(pool) + 1):
        answer = await slack.command("/practice amazon-pm execution")
        served |= {b.get("value") for b in answer.buttons()}
    assert "ws-1" in served

    scheduled = await slack.command(
        f"/prep schedule <#{STUDY}|daily> 09:00 UTC daily amazon-pm execution"
    )
    assert scheduled.header().startswith("Scheduled #")
    dispatcher = Dispatcher(
        store, content, {Platform.SLACK: adapter.messenger}, clock, rng=random.Random(3)
    )
    for _ in range(len(pool) + 1):
        clock.now = clock.now.replace(hour=9, minute=0, second=10) + timedelta(days=1)
        await dispatcher.tick()
    posts = fake_slack.messages[STUDY]
    assert len(posts) == len(pool) + 1
    assert any("How would our group decide what to cut" in str(p["blocks"]) for p in posts)
    [schedule] = await store.schedules.find(Platform.SLACK, TEAM, target=STUDY)
    assert schedule.role == "amazon-pm"
