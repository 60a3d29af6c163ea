"""Groups that do not meet: the reminder three days on (DST weeks worked by hand), another
partner from the standby pool within a day, the private question after two weeks missed, and
nothing of it in the channel."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.compose import build_handler
from core.commands.handler import CommandHandler
from core.content.loader import Content
from core.dispatch.dispatcher import Dispatcher
from core.kernel.platform import Platform
from core.pairing.noshow import Standby, followup, missed_running, partner_for, to_ask_to_stay
from core.pairing.noshow_replies import REMATCH
from core.pairing.week import PairGroup
from core.roles.catalog import Catalog
from core.scheduling.recurrence import Recurrence
from core.scheduling.schedules import Schedule, ScheduleKind
from core.store.store import Store
from tests.conftest import FakeClock
from tests.core.pairing.test_pair_week import _turn_on
from tests.fakes import FakeMessenger, person

FRIDAY = 1 << 4


def pairing_at(at: time, zone: str) -> Schedule:
    return Schedule(
        id=1,
        platform=Platform.CONSOLE,
        workspace="local",
        kind=ScheduleKind.PAIRING,
        target="study",
        owner="ada",
        recurrence=Recurrence(at, ZoneInfo(zone), FRIDAY),
        next_fire_at=None,
        created_at=datetime(2026, 1, 1, tzinfo=UTC),
    )


@pytest.mark.parametrize(
    ("zone", "fired", "reminded"),
    [
        # an ordinary week: Friday 17:00 UTC, Monday 17:00 UTC
        ("UTC", datetime(2026, 11, 27, 17, 0), datetime(2026, 11, 30, 17, 0)),
        # London springs forward on Sun 29 Mar: Fri 17:00 GMT, then Mon 17:00 BST (16:00 UTC)
        ("Europe/London", datetime(2026, 3, 27, 17, 0), datetime(2026, 3, 30, 16, 0)),
        # New York springs forward on Sun 8 Mar: Fri 17:00 EST (22:00 UTC), Mon 17:00 EDT
        ("America/New_York", datetime(2026, 3, 6, 22, 0), datetime(2026, 3, 9, 21, 0)),
        # and falls back on Sun 1 Nov: Fri 17:00 EDT (21:00 UTC), Mon 17:00 EST (22:00 UTC)
        ("America/New_York", datetime(2026, 10, 30, 21, 0), datetime(2026, 11, 2, 22, 0)),
    ],
)
def test_the_reminder_comes_three_local_days_later_at_the_pairing_time(
    zone: str, fired: datetime, reminded: datetime
) -> None:
    pairing = pairing_at(time(17, 0), zone)
    one_off = followup(pairing, fired.replace(tzinfo=UTC), fired.replace(tzinfo=UTC))
    assert one_off.kind is ScheduleKind.PAIR_FOLLOWUP
    assert one_off.next_fire_at == reminded.replace(tzinfo=UTC)
    assert one_off.target == "study"


def group(number: int, members: str, day: int, met: bool = False, asked: str = "") -> PairGroup:
    return PairGroup(
        id=day * 10 + number,
        channel="study",
        local_date=date(2026, 11, day),
        number=number,
        members=tuple(members.split(",")),
        met=met,
        asked=tuple(asked.split(",")) if asked else (),
    )


def test_weeks_missed_count_back_from_the_latest_and_stop_at_a_meeting() -> None:
    weeks = [
        [group(1, "a,b", 6, met=True), group(2, "c,d", 6)],
        [group(1, "a,c", 13), group(2, "b,d", 13, met=True)],
        [group(1, "a,d", 20), group(2, "b,c", 20, asked="c")],
        [group(1, "a,b", 27), group(2, "c,d", 27)],
    ]
    assert missed_running("a", weeks) == 3
    assert missed_running("b", weeks) == 2
    assert missed_running("c", weeks) == 1  # asking for another partner is not a miss
    assert missed_running("d", weeks) == 2
    assert missed_running("e", weeks) == 0  # never paired
    assert to_ask_to_stay(["a", "b", "c", "d", "e"], weeks) == ["b", "d"]


def test_a_partner_comes_first_from_another_group_then_from_late_joiners() -> None:
    own = group(2, "c,d", 27)
    asked = datetime(2026, 11, 30, 18, 0, tzinfo=UTC)
    d_asked = Standby("d", own.id, asked)
    a_asked = Standby("a", 271, asked + timedelta(minutes=5))
    assert partner_for("c", own, [d_asked, a_asked], ["z"]) == a_asked
    assert partner_for("c", own, [d_asked], ["z"]) == "z"
    assert partner_for("c", own, [d_asked], []) is None


async def _three_groups(
    store: Store, catalog: Catalog, content: Content, clock: FakeClock
) -> tuple[CommandHandler, FakeMessenger, Dispatcher, list[tuple[str, ...]], list[str]]:
    handler = build_handler(catalog, store, clock, random.Random(1))
    await _turn_on(handler, [f"m{i}" for i in range(6)])
    messenger = FakeMessenger()
    handler.connect_channels(messenger)
    dispatcher = Dispatcher(store, content, {Platform.CONSOLE: messenger}, clock, worker="w")
    clock.now = datetime(2026, 11, 27, 17, 1, tzinfo=UTC)
    await dispatcher.tick()
    posts = [p for p in messenger.posts if p.kind == "group"]
    groups = [tuple(p.target.split(",")) for p in posts]
    return handler, messenger, dispatcher, groups, [p.reply.buttons[0].payload for p in posts]


async def test_only_groups_yet_to_meet_are_reminded_once_by_direct_message(
    store: Store, catalog: Catalog, content: Content, clock: FakeClock
) -> None:
    handler, messenger, dispatcher, groups, ids = await _three_groups(
        store, catalog, content, clock
    )
    await handler.press("pair_met", ids[0], person(groups[0][0]))
    channel_posts = len(messenger.channel_posts)
    clock.now = datetime(2026, 11, 30, 16, 59, tzinfo=UTC)
    await dispatcher.tick()
    assert not [p for p in messenger.direct_posts if p.reply.title.startswith("Have you had")]
    clock.now = datetime(2026, 11, 30, 17, 1, tzinfo=UTC)
    await dispatcher.tick()
    reminded = [p for p in messenger.direct_posts if p.reply.title.startswith("Have you had")]
    assert sorted(p.target for p in reminded) == sorted([*groups[1], *groups[2]])
    assert [b.label for b in reminded[0].reply.buttons] == [
        "We met",
        "We can't make it: rematch me",
    ]
    clock.advance(days=1)
    await dispatcher.tick()
    again = [p for p in messenger.direct_posts if p.reply.title.startswith("Have you had")]
    assert len(again) == len(reminded)
    assert len(messenger.channel_posts) == channel_posts  # nothing of it in the channel


async def test_those_who_ask_are_paired_from_the_standby_pool_within_a_day(
    store: Store, catalog: Catalog, content: Content, clock: FakeClock
) -> None:
    handler, messenger, _, groups, ids = await _three_groups(store, catalog, content, clock)
    clock.now = datetime(2026, 11, 30, 18, 0, tzinfo=UTC)
    (a, b), (c, d) = groups[1], groups[2]
    first = await handler.press(REMATCH, ids[1], person(a))
    assert first.title == "You're on standby"
    assert "Tue 01 Dec 18:00" in first.plain_text()
    own_partner = await handler.press(REMATCH, ids[1], person(b))
    assert own_partner.title == "You're on standby"  # not paired again with each other
    paired = await handler.press(REMATCH, ids[2], person(c))
    assert paired.title == "Your new mock interview partner"
    assert f"@{c}" in paired.plain_text()
    assert f"@{a}" in paired.plain_text()
    [told] = [p for p in messenger.direct_posts if p.reply.title == paired.title]
    assert told.target == a
    # the new group meets like any other
    met = next(btn for btn in paired.buttons if btn.label == "We met")
    assert (await handler.press(met.action, met.payload, person(a))).title == "Nice work"
    # b's request is more than a day old when d asks: d waits, b is not taken
    clock.advance(hours=25)
    late = await handler.press(REMATCH, ids[2], person(d))
    assert late.title == "You're on standby"
    # a member who joins after the draw is in the pool
    await handler.handle("/prep pair join", person("m9"))
    taken = await handler.press(REMATCH, ids[2], person(d))
    assert taken.title == "Your new mock interview partner"
    assert "@m9" in taken.plain_text()


async def test_a_member_who_misses_two_weeks_running_is_asked_privately_once(
    store: Store, catalog: Catalog, content: Content, clock: FakeClock
) -> None:
    handler, messenger, dispatcher, _, _ = await _three_groups(store, catalog, content, clock)
    asked_after: list[int] = []
    for _ in range(3):
        clock.advance(days=7)
        before = len(messenger.direct_posts)
        await dispatcher.tick()
        asks = [
            p
            for p in messenger.direct_posts[before:]
            if p.reply.title == "Still up for mock interviews?"
        ]
        asked_after.append(len(asks))
    assert asked_after == [0, 6, 0]  # after weeks one and two; not again after the third
    ask = next(p for p in messenger.direct_posts if p.reply.title.startswith("Still up"))
    assert [b.label for b in ask.reply.buttons] == ["Keep me in", "Count me out"]
    out = await handler.press(
        ask.reply.buttons[1].action, ask.reply.buttons[1].payload, person(ask.target)
    )
    assert out.title == "You're out"
    assert all(p.kind != "channel" or "Still up" not in p.reply.title for p in messenger.posts)
