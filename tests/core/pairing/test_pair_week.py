"""/prep pair through the handler, and a pairing week through two dispatchers on one database:
every group gets one conversation, the channel one post, "We met" counts once for everyone."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Sequence
from datetime import timedelta

from bot.compose import build_handler
from core.commands.handler import CommandHandler
from core.content.loader import Content
from core.dispatch.dispatcher import Dispatcher
from core.dispatch.policy import DispatchPolicy
from core.kernel.identity import UserKey
from core.kernel.platform import Platform
from core.kernel.reply import Reply
from core.messenger import PermanentError, TransientError
from core.pairing.week import FORGOTTEN
from core.roles.catalog import Catalog
from core.scheduling.schedules import ScheduleKind
from core.store.database import create_engine
from core.store.store import Store
from tests.conftest import FakeClock
from tests.fakes import FakeMessenger, RecordingSleep, person

MEMBERS = [f"m{i}" for i in range(7)]


def text(reply: Reply) -> str:
    return reply.plain_text()


async def _turn_on(handler: CommandHandler, members: Sequence[str]) -> None:
    on = await handler.handle("/prep pair on #study fri 17:00 UTC", person("ada", is_admin=True))
    assert on.title == "Weekly pairing is on", text(on)
    for member in members:
        joined = await handler.handle("/prep pair join", person(member))
        assert joined.title == "You're in", text(joined)


async def test_a_week_with_seven_members_sends_three_groups_once_with_two_dispatchers(
    store: Store, catalog: Catalog, content: Content, clock: FakeClock
) -> None:
    handler = build_handler(catalog, store, clock, random.Random(1))
    await _turn_on(handler, MEMBERS)
    await store.users.update_profile(
        UserKey(Platform.CONSOLE, "local", "m0"), clock.now, role="amazon-pm"
    )
    other = Store(create_engine(store.engine.url.render_as_string(hide_password=False)))
    messenger = FakeMessenger()
    workers = [
        Dispatcher(
            s,
            content,
            {Platform.CONSOLE: messenger},
            clock,
            policy=DispatchPolicy(),
            sleep=RecordingSleep(),
            rng=random.Random(i),
            worker=f"w{i}",
        )
        for i, s in enumerate((store, other))
    ]
    try:
        clock.now = clock.now.replace(day=27, hour=17, minute=1)  # Friday 27 November
        await asyncio.gather(*(w.tick() for w in workers))
        await asyncio.gather(*(w.tick() for w in workers))
    finally:
        await other.close()
    groups = [p for p in messenger.posts if p.kind == "group"]
    assert len(groups) == 3
    placed = sorted(m for g in groups for m in g.target.split(","))
    assert placed == sorted(MEMBERS)
    assert sorted(len(g.target.split(",")) for g in groups) == [2, 2, 3]
    assert [p.kind for p in messenger.posts].count("channel") == 1
    assert not messenger.duplicates
    # Each group's message names who goes first, and who asks whom which questions: each
    # member is interviewed by the next one, the last by the first.
    for group in groups:
        members = group.target.split(",")
        words = group.reply.plain_text()
        for index, member in enumerate(members):
            assert f"@{members[(index + 1) % len(members)]} asks @{member}" in words
        assert group.reply.buttons[0].label == "We met"
    m0 = next(g for g in groups if "m0" in g.target.split(","))
    assert "(amazon-pm)" in m0.reply.plain_text()


async def test_we_met_counts_for_everyone_in_the_group_once(
    store: Store, catalog: Catalog, content: Content, clock: FakeClock
) -> None:
    handler = build_handler(catalog, store, clock, random.Random(1))
    await _turn_on(handler, MEMBERS[:2])
    messenger = FakeMessenger()
    dispatcher = Dispatcher(store, content, {Platform.CONSOLE: messenger}, clock, worker="w")
    clock.now = clock.now.replace(day=27, hour=17, minute=1)
    await dispatcher.tick()
    [group] = [p for p in messenger.posts if p.kind == "group"]
    payload = group.reply.buttons[0].payload
    stranger = await handler.press("pair_met", payload, person("m5"))
    assert "not for a group you are in" in text(stranger)
    first = await handler.press("pair_met", payload, person("m1"))
    again = await handler.press("pair_met", payload, person("m0"))
    assert (first.title, again.title) == ("Nice work", "Already counted")
    for member in MEMBERS[:2]:
        profile = await store.users.user(UserKey(Platform.CONSOLE, "local", member))
        assert profile is not None
        assert profile.streak == 1


async def test_pairs_of_last_week_are_not_repeated(
    store: Store, catalog: Catalog, content: Content, clock: FakeClock
) -> None:
    handler = build_handler(catalog, store, clock, random.Random(1))
    await _turn_on(handler, MEMBERS[:4])
    messenger = FakeMessenger()
    dispatcher = Dispatcher(store, content, {Platform.CONSOLE: messenger}, clock, worker="w")
    seen: list[set[frozenset[str]]] = []
    clock.now = clock.now.replace(day=27, hour=17, minute=1)
    for _ in range(3):
        before = len(messenger.posts)
        await dispatcher.tick()
        week = [p for p in messenger.posts[before:] if p.kind == "group"]
        seen.append({frozenset(p.target.split(",")) for p in week})
        clock.advance(days=7)
    assert not seen[0] & seen[1]
    assert not seen[1] & seen[2]
    assert not seen[0] & seen[2]


async def test_members_meet_those_awake_when_they_are(
    store: Store, catalog: Catalog, content: Content, clock: FakeClock
) -> None:
    handler = build_handler(catalog, store, clock, random.Random(1))
    await _turn_on(handler, MEMBERS[:4])
    # On the same date, Auckland's waking day is over before Los Angeles' begins.
    for number, member in enumerate(MEMBERS[:4]):
        zone = "Pacific/Auckland" if number % 2 == 0 else "America/Los_Angeles"
        key = UserKey(Platform.CONSOLE, "local", member)
        await store.users.update_profile(key, clock.now, timezone=zone)
    messenger = FakeMessenger()
    dispatcher = Dispatcher(store, content, {Platform.CONSOLE: messenger}, clock, worker="w")
    clock.now = clock.now.replace(day=27, hour=17, minute=1)
    await dispatcher.tick()
    groups = {frozenset(p.target.split(",")) for p in messenger.posts if p.kind == "group"}
    assert groups == {frozenset(("m0", "m2")), frozenset(("m1", "m3"))}


async def test_bad_input_is_answered_clearly(
    store: Store, catalog: Catalog, clock: FakeClock
) -> None:
    handler = build_handler(catalog, store, clock, random.Random(1))
    dm = await handler.handle("/prep pair join", person("ada", channel=None, is_direct=True))
    assert "not in direct messages" in text(dm)
    day = await handler.handle("/prep pair on #study someday 17:00", person("ada"))
    assert "On which day of the week" in text(day)
    assert "someday" in text(day)
    at = await handler.handle("/prep pair on #study fri 25:99", person("ada"))
    assert at.title != "Weekly pairing is on"
    denied = await handler.handle(
        "/prep pair on #study fri 17:00", person("bob", can_manage_channel=False)
    )
    assert "Manage Channels" in text(denied)
    state = await handler.handle("/prep pair", person("ada"))
    assert "off" in text(state)
    assert "0 members" in text(state)


async def test_no_opt_ins_posts_that_nobody_joined(
    store: Store, catalog: Catalog, content: Content, clock: FakeClock
) -> None:
    handler = build_handler(catalog, store, clock, random.Random(1))
    await _turn_on(handler, [])
    messenger = FakeMessenger()
    dispatcher = Dispatcher(store, content, {Platform.CONSOLE: messenger}, clock, worker="w")
    clock.now = clock.now.replace(day=27, hour=17, minute=1)
    await dispatcher.tick()
    [post] = messenger.posts
    assert post.kind == "channel"
    assert "Nobody opted in" in post.reply.plain_text()
    assert {b.action for b in post.reply.buttons} == {"pair_join", "pair_leave"}


async def test_forget_drops_opt_ins_and_leaves_an_anonymous_mark(
    store: Store, catalog: Catalog, content: Content, clock: FakeClock
) -> None:
    handler = build_handler(catalog, store, clock, random.Random(1))
    await _turn_on(handler, MEMBERS[:2])
    dispatcher = Dispatcher(store, content, {Platform.CONSOLE: FakeMessenger()}, clock, worker="w")
    clock.now = clock.now.replace(day=27, hour=17, minute=1)
    await dispatcher.tick()
    await handler.press("prep.forget", "", person("m0"))
    assert await store.pairs.members(Platform.CONSOLE, "local", "study") == ["m1"]
    [week] = await store.pairs.history(
        Platform.CONSOLE, "local", "study", clock.now.date() + timedelta(days=1), 4
    )
    assert sorted(week[0]) == sorted([FORGOTTEN, "m1"])
    schedules = await store.schedules.find(Platform.CONSOLE, "local", kinds=(ScheduleKind.PAIRING,))
    assert len(schedules) == 1  # the channel's pairing belongs to the one who turned it on


async def test_a_failure_mid_week_is_retried_without_sending_a_group_twice(
    store: Store, catalog: Catalog, content: Content, clock: FakeClock
) -> None:
    handler = build_handler(catalog, store, clock, random.Random(1))
    await _turn_on(handler, MEMBERS)
    messenger = FakeMessenger()
    dispatcher = Dispatcher(store, content, {Platform.CONSOLE: messenger}, clock, worker="w")
    clock.now = clock.now.replace(day=27, hour=17, minute=1)
    # The platform took the group's message, but the answer was lost on the way back.
    lost = TransientError("timed out", maybe_delivered=True)
    messenger.fail(lost, kind="group", times=1, after_accepting=True)
    first = await dispatcher.tick()
    assert first.postponed == 1
    assert first.wake_at is not None
    clock.now = first.wake_at
    assert (await dispatcher.tick()).sent == 1
    groups = [p for p in messenger.posts if p.kind == "group"]
    assert len(groups) == 3  # the same groups as drawn first, none shown twice
    assert not messenger.duplicates
    assert [p.kind for p in messenger.posts].count("channel") == 1


async def test_a_group_the_platform_refuses_does_not_stop_the_week(
    store: Store, catalog: Catalog, content: Content, clock: FakeClock
) -> None:
    handler = build_handler(catalog, store, clock, random.Random(1))
    await _turn_on(handler, MEMBERS[:4])
    messenger = FakeMessenger()
    dispatcher = Dispatcher(store, content, {Platform.CONSOLE: messenger}, clock, worker="w")
    clock.now = clock.now.replace(day=27, hour=17, minute=1)
    messenger.fail(PermanentError("user_disabled"), kind="group", times=1)
    assert (await dispatcher.tick()).sent == 1
    assert [p.kind for p in messenger.posts] == ["group", "channel"]


async def test_a_paused_pairing_resumes_and_unschedules_like_a_schedule(
    store: Store, catalog: Catalog, content: Content, clock: FakeClock
) -> None:
    handler = build_handler(catalog, store, clock, random.Random(1))
    await _turn_on(handler, MEMBERS[:2])
    messenger = FakeMessenger()
    dispatcher = Dispatcher(store, content, {Platform.CONSOLE: messenger}, clock, worker="w")
    clock.now = clock.now.replace(day=27, hour=17, minute=1)
    messenger.permanent("channel_not_found", kind="channel", target="study")
    report = await dispatcher.tick()
    [paused] = report.paused
    state = await handler.handle("/prep pair", person("ada"))
    assert "paused: channel_not_found" in text(state)
    resumed = await handler.handle(f"/prep resume {paused}", person("ada"))
    assert resumed.title == f"Resumed schedule #{paused}"
    removed = await handler.handle(f"/prep unschedule {paused}", person("ada"))
    assert "No more pairs" in text(removed)
