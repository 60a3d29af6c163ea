"""A pairing week on Discord: /prep pair from seven members, two dispatchers on one database,
each group a private thread in the channel with its members added, and "We met" pressed there;
then a partner's feedback form, from the interviewer's DMs to the partner's and their card."""

from __future__ import annotations

import asyncio
from typing import Any

from bot.discord_adapter import DiscordAdapter
from core.content.loader import Content
from core.dispatch.dispatcher import Dispatcher
from core.kernel.identity import UserKey
from core.kernel.platform import Platform
from core.practice.srs import GradedBy
from core.store.database import create_engine
from core.store.store import Store
from tests.bot.discord_adapter import payloads
from tests.bot.discord_adapter.fake_discord import FakeDiscord
from tests.bot.discord_adapter.payloads import (
    MANAGER_PERMISSIONS,
    button_press,
    command,
    custom_ids,
    labelled,
    modal_submit,
    select_press,
    string_option,
    subcommand,
)
from tests.bot.discord_adapter.test_practice_loop import CHANNEL_MESSAGE, select_of
from tests.conftest import FakeClock

MEMBERS = [str(900000000000000100 + i) for i in range(7)]


def _pair(*options: Any, **kwargs: Any) -> Any:
    return command("prep", [subcommand("pair", list(options))], **kwargs)


def _on_fridays() -> Any:
    return _pair(
        string_option("action", "on"),
        string_option("day", "fri"),
        string_option("time", "17:00"),
        string_option("timezone", "UTC"),
        permissions=MANAGER_PERMISSIONS,
    )


async def _title(fake: FakeDiscord, interaction: Any) -> str:
    callback = await fake.interact(interaction)
    return str(callback.body["data"]["embeds"][0]["title"])


async def test_a_week_of_seven_gives_three_private_threads_once_with_two_dispatchers(
    adapter: DiscordAdapter, fake: FakeDiscord, store: Store, content: Content, clock: FakeClock
) -> None:
    on = _on_fridays()
    assert await _title(fake, on) == "Weekly pairing is on"
    for member in MEMBERS:
        joined = _pair(string_option("action", "join"), user_id=member)
        assert await _title(fake, joined) == "You're in"
    member_only = _pair(string_option("action", "on"), string_option("day", "fri"))
    assert "Manage Channels" in str(
        (await fake.interact(member_only)).body["data"]["embeds"][0]["description"]
    )
    other = Store(create_engine(store.engine.url.render_as_string(hide_password=False)))
    dispatchers = [
        Dispatcher(s, content, {Platform.DISCORD: adapter.messenger}, clock, worker=f"w{n}")
        for n, s in enumerate((store, other))
    ]
    clock.now = clock.now.replace(day=27, hour=17, minute=0, second=20)
    try:
        await asyncio.gather(*(d.tick() for d in dispatchers))
        await asyncio.gather(*(d.tick() for d in dispatchers))
    finally:
        await other.close()

    assert len(fake.threads) == 3
    assert {t["parent_id"] for t in fake.threads.values()} == {payloads.CHANNEL_ID}
    assert {t["type"] for t in fake.threads.values()} == {12}  # private
    added = fake.thread_members
    assert sorted(len(m) for m in added.values()) == [2, 2, 3]
    assert sorted(u for m in added.values() for u in m) == sorted(MEMBERS)
    in_threads = [m for m in fake.messages if str(m["channel_id"]) in fake.threads]
    assert sorted(str(m["channel_id"]) for m in in_threads) == sorted(fake.threads)
    in_channel = [
        m
        for m in fake.messages
        if str(m["channel_id"]) == payloads.CHANNEL_ID
        and m["embeds"]
        and m["embeds"][0]["title"].startswith("Mock interview pairs")
    ]
    assert len(in_channel) == 1

    # "We met", pressed in a thread, counts once for each member of its group.
    thread, members = next((t, m) for t, m in added.items() if len(m) == 2)
    [message] = [m for m in in_threads if str(m["channel_id"]) == thread]
    met = custom_ids(message["components"])[0]
    first = await fake.interact(button_press(met, message, user_id=members[0]))
    again = await fake.interact(button_press(met, message, user_id=members[1]))
    assert first.body["data"]["embeds"][0]["title"] == "Nice work"
    assert again.body["data"]["embeds"][0]["title"] == "Already counted"
    for member in members:
        profile = await store.users.user(UserKey(Platform.DISCORD, payloads.GUILD_ID, member))
        assert profile is not None
        assert profile.streak == 1


async def test_a_partners_form_goes_from_their_dm_to_mine_and_onto_my_card(
    adapter: DiscordAdapter, fake: FakeDiscord, store: Store, content: Content, clock: FakeClock
) -> None:
    pair = MEMBERS[:2]
    await fake.interact(_on_fridays())
    for member in pair:
        await fake.interact(_pair(string_option("action", "join"), user_id=member))
    dispatcher = Dispatcher(store, content, {Platform.DISCORD: adapter.messenger}, clock)
    clock.now = clock.now.replace(day=27, hour=17, minute=0, second=20)
    await dispatcher.tick()
    [(thread, members)] = fake.thread_members.items()
    [message] = [m for m in fake.messages if str(m["channel_id"]) == thread]
    met = custom_ids(message["components"])[0]
    await fake.interact(button_press(met, message, user_id=members[0]))

    # The first member was interviewed by the second, whose invitation is in their DMs.
    interviewer, partner = members[1], members[0]

    def direct_to(user: str) -> list[Any]:
        dm = fake.dm_channels.get(user)
        return [m for m in fake.messages if str(m["channel_id"]) == dm]

    [invitation] = direct_to(interviewer)
    assert invitation["embeds"][0]["title"] == "How did your partner do?"
    pick = custom_ids(invitation["components"])[0]
    form = await fake.interact(button_press(pick, invitation, user_id=interviewer, direct=True))
    shown = fake.messages[-1] if form.body["type"] == CHANNEL_MESSAGE else form.body["data"]
    select = select_of(form.body["data"])
    step = await fake.interact(select_press(select["custom_id"], shown, ["1"], user_id=interviewer))
    note_button = labelled(step.body["data"]["components"])["Add a note"]
    opened = await fake.interact(
        button_press(note_button, fake.messages[-1], user_id=interviewer, direct=True)
    )
    modal = opened.body["data"]
    [box] = [c["custom_id"] for row in modal["components"] for c in row["components"]]
    sent = await fake.interact(
        modal_submit(modal["custom_id"], {box: "Name the metric @here"}, user_id=interviewer)
    )
    assert sent.body["data"]["embeds"][0]["title"] == "Feedback sent"

    # The partner's DM holds the feedback; their card holds the peer's review, until their own.
    received = direct_to(partner)[-1]
    assert received["embeds"][0]["title"].startswith("Your partner's feedback: 1 of")
    assert "Name the metric" in str(received["embeds"])
    assert "@here" not in str(received["embeds"])
    key = UserKey(Platform.DISCORD, payloads.GUILD_ID, partner)
    [review] = await store.cards.reviews(key)
    assert review.graded_by is GradedBy.PEER
    good = labelled(received["components"])["Good"]
    own = await fake.interact(button_press(good, received, user_id=partner, direct=True))
    assert own.body["data"]["embeds"][0]["title"] == "Graded: Good"
    [review] = await store.cards.reviews(key)
    assert (review.graded_by, review.other_by) == (GradedBy.SELF, GradedBy.PEER)
