"""A pairing week on Slack: /prep pair typed by seven members, two replicas' dispatchers on one
database, each group a group DM opened with conversations.open, and "We met" pressed there;
then a partner's feedback form, from the interviewer's DM to the partner's and their card."""

from __future__ import annotations

import asyncio
import json

from slack_sdk.web.async_client import AsyncWebClient

from bot.slack_adapter.forms import CHECKBOXES, CHECKLIST_BLOCK
from bot.slack_adapter.messenger import SlackMessenger
from core.content.loader import Content
from core.dispatch.dispatcher import Dispatcher
from core.kernel.identity import UserKey
from core.kernel.platform import Platform
from core.practice.srs import GradedBy
from core.store.database import create_engine
from core.store.store import Store
from tests.bot.slack_adapter.fake_slack import BOT_TOKEN, TEAM, FakeSlack
from tests.bot.slack_adapter.harness import Answer, SlackUser
from tests.bot.slack_adapter.test_practice_loop import checklist
from tests.conftest import FakeClock

PAIRS = "C0PAIRS"
MEMBERS = [f"U0M{i}" for i in range(7)]


async def test_a_week_of_seven_gives_three_group_dms_once_across_two_replicas(
    slack: SlackUser, fake_slack: FakeSlack, store: Store, content: Content, clock: FakeClock
) -> None:
    on = await slack.command(f"/prep pair on <#{PAIRS}|pairs> fri 17:00 UTC")
    assert on.header() == "Weekly pairing is on"
    for member in MEMBERS:
        joined = await slack.as_user(member).command("/prep pair join", channel=PAIRS)
        assert joined.header() == "You're in"
    other = Store(create_engine(store.engine.url.render_as_string(hide_password=False)))
    replicas = [
        Dispatcher(
            s,
            content,
            {
                Platform.SLACK: SlackMessenger(
                    AsyncWebClient(BOT_TOKEN, base_url=fake_slack.api_url)
                )
            },
            clock,
            worker=f"replica-{n}",
        )
        for n, s in enumerate((store, other))
    ]
    clock.now = clock.now.replace(day=27, hour=17, minute=0, second=20)
    try:
        await asyncio.gather(*(r.tick() for r in replicas))
        await asyncio.gather(*(r.tick() for r in replicas))
    finally:
        await other.close()

    assert sorted(len(m) for m in fake_slack.groups.values()) == [2, 2, 3]
    assert sorted(u for m in fake_slack.groups.values() for u in m) == sorted(MEMBERS)
    for group in fake_slack.groups:
        [message] = fake_slack.messages[group]
        assert message["blocks"][0]["text"]["text"] == "Your mock interview this week"
    [post] = fake_slack.messages[PAIRS]
    assert post["blocks"][0]["text"]["text"].startswith("Mock interview pairs for 2026-11-27")

    # "We met", pressed in a group DM, counts once for each of its members.
    group, members = next((g, m) for g, m in fake_slack.groups.items() if len(m) == 2)
    button = next(
        element
        for block in fake_slack.messages[group][0]["blocks"]
        if block["type"] == "actions"
        for element in block["elements"]
    )
    first = await slack.as_user(members[0]).press(button, channel=group)
    again = await slack.as_user(members[1]).press(button, channel=group)
    assert "Nice work" in first.texts()
    assert "Already counted" in again.texts()
    for member in members:
        profile = await store.users.user(UserKey(Platform.SLACK, TEAM, member))
        assert profile is not None
        assert profile.streak == 1


async def test_a_partners_form_goes_from_their_dm_to_mine_and_onto_my_card(
    slack: SlackUser, fake_slack: FakeSlack, store: Store, content: Content, clock: FakeClock
) -> None:
    pair = MEMBERS[:2]
    await slack.command(f"/prep pair on <#{PAIRS}|pairs> fri 17:00 UTC")
    for member in pair:
        await slack.as_user(member).command("/prep pair join", channel=PAIRS)
    client = AsyncWebClient(BOT_TOKEN, base_url=fake_slack.api_url)
    dispatcher = Dispatcher(
        store, content, {Platform.SLACK: SlackMessenger(client)}, clock, worker="w"
    )
    clock.now = clock.now.replace(day=27, hour=17, minute=0, second=20)
    await dispatcher.tick()
    [(group, members)] = fake_slack.groups.items()
    met = Answer(fake_slack.messages[group]).button("We met")
    await slack.as_user(members[0]).press(met, channel=group)

    # Each interviewer's invitation is a DM; the first member interviewed the second.
    interviewer, partner = members[1], members[0]
    dm = "D" + interviewer.removeprefix("U")
    [invitation] = fake_slack.messages[dm]
    assert invitation["blocks"][0]["text"]["text"] == "How did your partner do?"
    pick = Answer([invitation]).buttons()[0]
    form = await slack.as_user(interviewer).press(pick, channel=dm)
    boxes, submit = checklist(form)
    state = {
        CHECKLIST_BLOCK: {
            CHECKBOXES: {"type": "checkboxes", "selected_options": boxes["options"][:1]}
        }
    }
    step = await slack.as_user(interviewer).press(submit, channel=dm, state=state)
    await slack.as_user(interviewer).press(step.button("Add a note"), channel=dm)
    view = fake_slack.calls_to("views.open")[-1].args["view"]
    note = {"answer": {"answer": {"type": "plain_text_input", "value": "Name the metric <!here>"}}}
    assert (await slack.as_user(interviewer).submit(view, note)).status == 200
    await slack.idle()

    # The partner's DM holds the feedback; their card holds the peer's review.
    partner_dm = "D" + partner.removeprefix("U")
    received = Answer(fake_slack.messages[partner_dm][-1:])
    assert received.header().startswith("Your partner's feedback: 1 of")
    assert "Name the metric" in received.texts()
    assert "<!here>" not in json.dumps(fake_slack.messages[partner_dm][-1])
    key = UserKey(Platform.SLACK, TEAM, partner)
    [review] = await store.cards.reviews(key)
    assert review.graded_by is GradedBy.PEER
    own = await slack.as_user(partner).press(received.button("Good"), channel=partner_dm)
    assert "Graded: Good" in own.texts()
    [review] = await store.cards.reviews(key)
    assert (review.graded_by, review.other_by) == (GradedBy.SELF, GradedBy.PEER)
