"""The dispatcher: exactly once across workers and crashes, the grace window, rotation, the
platform's errors, check-ins. The clock is a FakeClock and retry waits go to a RecordingSleep:
nothing here waits on the wall clock."""

from __future__ import annotations

import asyncio
import itertools
import random
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from core.commands.handler import CommandHandler
from core.content.loader import Content
from core.dispatch.dispatcher import Dispatcher
from core.dispatch.policy import DispatchPolicy, TickReport
from core.kernel.identity import Caller
from core.kernel.platform import Platform
from core.kernel.reply import TextSection, Visibility
from core.messenger import TransientError
from core.practice.bank import pool
from core.scheduling.deliveries import Delivery, DeliveryStatus
from core.scheduling.schedules import Schedule
from core.store.database import create_engine, session_factory
from core.store.store import Store
from core.store.tables import DeliveryRow
from tests.conftest import FakeClock
from tests.fakes import (
    Call,
    Crash,
    FakeMessenger,
    RecordingSleep,
    all_schedules,
    channel_schedule,
    kill_other_tasks,
)

NINE = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # Monday 23 November 2026, 09:00 UTC
LEASE = timedelta(minutes=5)

MakeDispatcher = Callable[..., Dispatcher]


@pytest.fixture
def messenger() -> FakeMessenger:
    return FakeMessenger()


@pytest.fixture
def sleep() -> RecordingSleep:
    return RecordingSleep()


@pytest.fixture
def dispatcher_for(
    content: Content, clock: FakeClock, messenger: FakeMessenger, sleep: RecordingSleep
) -> MakeDispatcher:
    def make(store: Store, worker: str = "w1", seed: int = 1, **policy: Any) -> Dispatcher:
        return Dispatcher(
            store,
            content,
            {Platform.CONSOLE: messenger},
            clock,
            policy=DispatchPolicy(**policy),
            sleep=sleep,
            rng=random.Random(seed),
            worker=worker,
        )

    return make


@pytest.fixture
async def reopen(store: Store) -> AsyncIterator[Callable[[], Awaitable[Store]]]:
    """Open the same database again, as a restarted (or a second) process would."""
    opened: list[Store] = []

    async def again() -> Store:
        other = Store(create_engine(store.engine.url.render_as_string(hide_password=False)))
        opened.append(other)
        return other

    yield again
    for other in opened:
        await other.close()


async def schedule_at(store: Store, clock: FakeClock, **options: Any) -> Schedule:
    return await store.schedules.add(channel_schedule(clock.now, **options))


def question_ids(posts: list[Call]) -> list[str]:
    """The question each post carried (its reveal button's payload)."""
    return [p.reply.buttons[0].payload for p in posts]


def texts(call: Call) -> str:
    return call.reply.plain_text()


# exactly once --------------------------------------------------------------------------------


async def test_a_due_schedule_is_sent_once_with_what_the_channel_needs(
    store: Store, clock: FakeClock, messenger: FakeMessenger, dispatcher_for: MakeDispatcher,
    content: Content,
) -> None:  # fmt: skip
    schedule = await schedule_at(store, clock)
    assert schedule.next_fire_at == NINE
    dispatcher = dispatcher_for(store)

    clock.now = NINE - timedelta(seconds=1)
    assert (await dispatcher.tick()).sent == 0
    assert messenger.calls == []

    clock.now = NINE + timedelta(seconds=20)
    report = await dispatcher.tick()
    assert report.sent == 1
    (post,) = messenger.posts
    assert (post.kind, post.workspace, post.target) == ("channel", "local", "study")
    (delivery,) = await store.deliveries.all()
    assert post.delivery_key == delivery.guard_key
    assert post.retry is False
    assert post.reply.visibility is Visibility.CHANNEL
    (question_id,) = question_ids([post])
    assert question_id in {q.id for q in content.questions}
    (delivery,) = await store.deliveries.all(schedule.id)
    assert delivery.status is DeliveryStatus.SENT
    assert (delivery.local_date, delivery.fire_at, delivery.late) == (
        date(2026, 11, 23),
        NINE,
        False,
    )
    assert delivery.message_id == "m1"
    assert delivery.question_id == question_id
    assert delivery.claimed_by == "w1"
    moved = await store.schedules.get(schedule.id)
    assert moved is not None
    assert moved.next_fire_at == NINE + timedelta(days=1)

    for _ in range(3):  # later ticks the same morning send nothing more
        clock.advance(seconds=30)
        assert (await dispatcher.tick()).sent == 0
    assert len(messenger.posts) == 1


async def test_two_dispatchers_on_one_store_post_once(
    store: Store, clock: FakeClock, messenger: FakeMessenger, dispatcher_for: MakeDispatcher,
    reopen: Callable[[], Awaitable[Store]],
) -> None:  # fmt: skip
    schedules = [await schedule_at(store, clock, target=f"c{i}") for i in range(20)]
    first = dispatcher_for(store, worker="a")
    second = dispatcher_for(await reopen(), worker="b")
    clock.now = NINE + timedelta(seconds=5)

    one = await first.tick()
    two = await second.tick()
    assert (one.sent, two.sent) == (20, 0)
    # and at the same time, on the next day's occurrence
    clock.advance(days=1)
    both = await asyncio.gather(first.tick(), second.tick())
    assert sum(r.sent for r in both) == 20

    assert messenger.duplicates == []
    for s in schedules:
        assert len(messenger.posts_to(s.target)) == 2
        deliveries = await store.deliveries.all(s.id)
        assert [d.local_date.day for d in deliveries] == [23, 24]
        assert all(d.status is DeliveryStatus.SENT for d in deliveries)


@pytest.mark.parametrize(
    ("zone", "at", "day", "expected"),
    [
        ("America/New_York", time(2, 30), date(2026, 3, 8), datetime(2026, 3, 8, 7, 0)),
        ("America/New_York", time(1, 30), date(2026, 11, 1), datetime(2026, 11, 1, 5, 30)),
        ("Europe/Berlin", time(2, 30), date(2026, 3, 29), datetime(2026, 3, 29, 1, 0)),
        ("Europe/Berlin", time(2, 30), date(2026, 10, 25), datetime(2026, 10, 25, 0, 30)),
        ("Australia/Sydney", time(2, 30), date(2026, 10, 4), datetime(2026, 10, 3, 16, 0)),
    ],
)
async def test_on_a_clock_change_day_the_dispatcher_posts_once_at_the_right_instant(
    zone: str, at: time, day: date, expected: datetime, store: Store, clock: FakeClock,
    messenger: FakeMessenger, dispatcher_for: MakeDispatcher,
) -> None:  # fmt: skip
    expected = expected.replace(tzinfo=UTC)  # worked out by hand (see test_schedule_time)
    tz = ZoneInfo(zone)
    clock.now = datetime.combine(day, time(0), tzinfo=tz).astimezone(UTC)  # local midnight
    schedule = await schedule_at(store, clock, at=at, timezone=zone)
    dispatcher = dispatcher_for(store)
    posted_at = []
    end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz).astimezone(UTC)
    while clock.now < end:  # a tick every ten minutes through that local day
        if (await dispatcher.tick()).sent:
            posted_at.append(clock.now)
        clock.advance(minutes=10)
    assert len(posted_at) == 1
    assert expected <= posted_at[0] < expected + timedelta(minutes=10)
    (delivery,) = await store.deliveries.all(schedule.id)
    assert (delivery.local_date, delivery.fire_at, delivery.late) == (day, expected, False)


# crashes -------------------------------------------------------------------------------------

CRASH_POINTS = [
    "after-claim",  # the delivery rows are in, the schedules not yet moved on
    "after-advance",  # claimed and moved on, nothing sent
    "in-send",  # the process dies while a send is in flight, before the platform has it
    "cancelled",  # the tick is cancelled during a send
    "after-platform-accepted",  # the platform has the message; we never heard back
    "before-finish",  # the send succeeded; recording it did not happen
]


@pytest.mark.parametrize("point", CRASH_POINTS)
async def test_a_crash_anywhere_in_a_fan_out_loses_nothing_and_doubles_nothing(
    point: str, store: Store, clock: FakeClock, messenger: FakeMessenger,
    dispatcher_for: MakeDispatcher, reopen: Callable[[], Awaitable[Store]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    schedules = [await schedule_at(store, clock, target=f"c{i}") for i in range(12)]
    doomed = dispatcher_for(store, worker="doomed", concurrency=4)
    _arm_crash(point, store, messenger, monkeypatch)
    clock.now = NINE + timedelta(seconds=10)

    with pytest.raises((Crash, asyncio.CancelledError)):
        await doomed.tick()
    await kill_other_tasks()
    await store.engine.dispose()  # a dead process's connections (and their locks) go with it
    before = {s.target: len(messenger.posts_to(s.target)) for s in schedules}
    assert all(n <= 1 for n in before.values())
    claimed = [d for d in await store.deliveries.all() if d.status is DeliveryStatus.CLAIMED]
    assert claimed, "the crash left claims behind (else this test shows nothing)"

    messenger.revive()
    restarted = dispatcher_for(await reopen(), worker="restarted")
    clock.advance(minutes=1)  # back up before the lease has expired: nothing is sent twice
    await restarted.tick()
    assert {s.target: len(messenger.posts_to(s.target)) for s in schedules} == before

    clock.advance(minutes=5)  # the lease has expired: the claims are taken over
    report = await restarted.tick()
    assert report.retried == len(claimed)
    for _ in range(3):
        clock.advance(minutes=10)
        await restarted.tick()

    assert messenger.duplicates == []
    assert all(len(messenger.posts_to(s.target)) == 1 for s in schedules), messenger.posts
    deliveries = await store.deliveries.all()
    assert len(deliveries) == 12
    assert all(d.status is DeliveryStatus.SENT for d in deliveries)
    retried = {d.id for d in claimed}
    for d in deliveries:
        assert d.attempts == (2 if d.id in retried else 1)
    # every take-over told the platform it was a retry, with the same key as the first try
    taken_over = [c for c in messenger.calls if c.delivery_key in {_key(d) for d in claimed}]
    assert all(c.retry for c in taken_over[-len(claimed) :])
    for s in schedules:
        moved = await store.schedules.get(s.id)
        assert moved is not None
        assert moved.next_fire_at == NINE + timedelta(days=1)


def _key(delivery: Delivery) -> str:
    return delivery.guard_key


def _arm_crash(
    point: str, store: Store, messenger: FakeMessenger, monkeypatch: pytest.MonkeyPatch
) -> None:
    if point == "in-send":
        messenger.fail(Crash("killed"), target="c4")
    elif point == "cancelled":
        messenger.fail(asyncio.CancelledError(), target="c4")
    elif point == "after-platform-accepted":
        messenger.fail(Crash("killed"), target="c4", after_accepting=True)
    else:
        method = {
            "after-claim": "claim",
            "after-advance": "advance",
            "before-finish": "settle",
        }
        name = method[point]
        real = getattr(store.deliveries, name)

        async def crashing(*args: Any, **kwargs: Any) -> Any:
            if point == "before-finish":
                messenger.dead = True
                raise Crash("killed before recording the send")
            result = await real(*args, **kwargs)
            if point != "before-finish" and (
                name == "advance" or args[1] is DeliveryStatus.CLAIMED
            ):
                raise Crash(f"killed after {name}")
            return result

        monkeypatch.setattr(store.deliveries, name, crashing)


async def test_a_claim_left_behind_is_sent_once_as_a_retry_after_its_lease(
    store: Store, clock: FakeClock, messenger: FakeMessenger, dispatcher_for: MakeDispatcher,
    content: Content,
) -> None:  # fmt: skip
    schedule = await schedule_at(store, clock)
    question = content.questions[0].id
    clock.now = NINE + timedelta(minutes=2)
    async with session_factory(store.engine).begin() as session:  # a process claimed it, then died
        session.add(
            DeliveryRow(
                schedule_id=schedule.id, guard_key="prepbot-left-behind",
                local_date=date(2026, 11, 23), fire_at=NINE,
                status=DeliveryStatus.CLAIMED, late=False, attempts=1, claimed_by="dead",
                claimed_at=NINE + timedelta(seconds=1), question_id=question,
            )
        )  # fmt: skip
    dispatcher = dispatcher_for(store, worker="alive")

    report = await dispatcher.tick()  # lease not expired: the occurrence is taken, not sent
    assert (report.sent, report.retried) == (0, 0)
    assert messenger.calls == []

    clock.now = NINE + LEASE + timedelta(seconds=2)
    report = await dispatcher.tick()
    assert (report.sent, report.retried) == (1, 1)
    (post,) = messenger.posts
    assert post.retry is True
    assert post.delivery_key == "prepbot-left-behind"
    assert question_ids([post]) == [question]
    (delivery,) = await store.deliveries.all()
    assert (delivery.status, delivery.attempts, delivery.claimed_by) == (
        DeliveryStatus.SENT, 2, "alive",
    )  # fmt: skip
    clock.advance(minutes=30)
    await dispatcher.tick()
    assert len(messenger.posts) == 1


async def test_only_one_of_two_workers_takes_over_an_expired_claim(
    store: Store, clock: FakeClock, messenger: FakeMessenger, dispatcher_for: MakeDispatcher,
    reopen: Callable[[], Awaitable[Store]],
) -> None:  # fmt: skip
    schedules = [await schedule_at(store, clock, target=f"c{i}") for i in range(10)]
    clock.now = NINE
    dispatcher = dispatcher_for(store, worker="doomed")
    messenger.fail(Crash("killed"))
    with pytest.raises(Crash):
        await dispatcher.tick()
    await kill_other_tasks()
    messenger.revive()
    clock.advance(minutes=6)
    first = dispatcher_for(await reopen(), worker="a")
    second = dispatcher_for(await reopen(), worker="b")
    reports = await asyncio.gather(first.tick(), second.tick())
    assert sum(r.retried for r in reports) == 10
    assert sum(r.sent for r in reports) == 10
    assert all(len(messenger.posts_to(s.target)) == 1 for s in schedules)


async def test_a_claim_left_by_another_platforms_process_does_not_block_ours(
    store: Store, clock: FakeClock, messenger: FakeMessenger, dispatcher_for: MakeDispatcher,
    content: Content,
) -> None:  # fmt: skip
    slack = await schedule_at(store, clock, platform=Platform.SLACK, target="s")
    console = await schedule_at(store, clock, target="c")
    async with session_factory(
        store.engine
    ).begin() as session:  # both died with a claim; slack's is older
        for schedule in (slack, console):
            session.add(
                DeliveryRow(
                    schedule_id=schedule.id, guard_key=f"prepbot-raw-{schedule.id}",
                    local_date=date(2026, 11, 23), fire_at=NINE,
                    status=DeliveryStatus.CLAIMED, late=False, attempts=1, claimed_by="dead",
                    claimed_at=NINE, question_id=content.questions[0].id,
                )
            )  # fmt: skip
    clock.now = NINE + timedelta(minutes=10)
    report = await dispatcher_for(store, batch=1).tick()  # serves the console only
    assert report.retried == 1
    assert [p.target for p in messenger.posts] == ["c"]


async def test_an_unexpected_error_fails_one_delivery_not_the_tick(
    store: Store, clock: FakeClock, messenger: FakeMessenger, dispatcher_for: MakeDispatcher
) -> None:
    schedules = [await schedule_at(store, clock, target=f"c{i}") for i in range(5)]
    messenger.fail(RuntimeError("adapter bug"), target="c2")
    clock.now = NINE
    dispatcher = dispatcher_for(store)
    report = await dispatcher.tick()
    assert (report.sent, report.failed) == (4, 1)
    failed = await store.deliveries.all(schedules[2].id)
    assert [(d.status, d.error) for d in failed] == [
        (DeliveryStatus.FAILED, "RuntimeError: adapter bug")
    ]
    clock.advance(minutes=30)  # not left claimed, so not retried for ever
    assert (await dispatcher.tick()).retried == 0
    assert len(messenger.posts) == 4


# the grace window ----------------------------------------------------------------------------


async def test_missed_by_less_than_the_grace_window_is_sent_once_marked_late(
    store: Store, clock: FakeClock, messenger: FakeMessenger, dispatcher_for: MakeDispatcher
) -> None:
    schedule = await schedule_at(store, clock)
    dispatcher = dispatcher_for(store, grace=timedelta(hours=2))
    clock.now = NINE + timedelta(hours=1, minutes=59)
    assert (await dispatcher.tick()).sent == 1
    clock.advance(minutes=1)
    assert (await dispatcher.tick()).sent == 0
    (delivery,) = await store.deliveries.all(schedule.id)
    assert (delivery.status, delivery.late) == (DeliveryStatus.SENT, True)
    assert len(messenger.posts) == 1


async def test_missed_by_more_than_the_grace_window_is_recorded_skipped_and_not_posted(
    store: Store, clock: FakeClock, messenger: FakeMessenger, dispatcher_for: MakeDispatcher
) -> None:
    schedule = await schedule_at(store, clock)
    dispatcher = dispatcher_for(store, grace=timedelta(hours=2))
    clock.now = NINE + timedelta(hours=2, minutes=1)
    report = await dispatcher.tick()
    assert (report.sent, report.skipped) == (0, 1)
    assert messenger.calls == []
    (delivery,) = await store.deliveries.all(schedule.id)
    assert delivery.status is DeliveryStatus.SKIPPED
    assert delivery.finished_at == clock.now
    assert delivery.question_id is None
    moved = await store.schedules.get(schedule.id)
    assert moved is not None
    assert moved.next_fire_at == NINE + timedelta(days=1)
    clock.now = NINE + timedelta(days=1, seconds=30)  # the next day is on time again
    assert (await dispatcher.tick()).sent == 1
    assert len(messenger.posts) == 1


@pytest.mark.parametrize(("back_at", "posts"), [(time(10, 0), 1), (time(11, 30), 0)])
async def test_after_a_multi_day_outage_there_is_no_burst(
    back_at: time, posts: int, store: Store, clock: FakeClock, messenger: FakeMessenger,
    dispatcher_for: MakeDispatcher, content: Content,
) -> None:  # fmt: skip
    schedules = [await schedule_at(store, clock, target=f"c{i}") for i in range(3)]
    # a claim from the day the process died, never completed
    async with session_factory(store.engine).begin() as session:
        session.add(
            DeliveryRow(
                schedule_id=schedules[0].id, guard_key="prepbot-raw-3",
                local_date=date(2026, 11, 23), fire_at=NINE,
                status=DeliveryStatus.CLAIMED, late=False, attempts=1, claimed_by="dead",
                claimed_at=NINE, question_id=content.questions[0].id,
            )
        )  # fmt: skip
    dispatcher = dispatcher_for(store, grace=timedelta(hours=2))
    clock.now = datetime.combine(date(2026, 11, 27), back_at, tzinfo=UTC)  # Friday
    for _ in range(20):  # ten minutes of ticks
        await dispatcher.tick()
        clock.advance(seconds=30)

    for s in schedules:
        sent = messenger.posts_to(s.target)
        assert len(sent) == posts
        deliveries = await store.deliveries.all(s.id)
        assert [d.local_date.day for d in deliveries] == [23, 24, 25, 26, 27]
        statuses = [d.status for d in deliveries]
        # the one left claimed was due while the bot still ran: missed, with the reason
        first = DeliveryStatus.MISSED if s is schedules[0] else DeliveryStatus.SKIPPED
        assert statuses[:4] == [first] + [DeliveryStatus.SKIPPED] * 3
        assert statuses[4] is (DeliveryStatus.SENT if posts else DeliveryStatus.SKIPPED)
        if posts:
            assert deliveries[4].late
            assert sent[0].delivery_key == deliveries[4].guard_key


async def test_a_schedule_days_overdue_catches_up_within_one_tick_whatever_the_batches(
    store: Store, clock: FakeClock, messenger: FakeMessenger, dispatcher_for: MakeDispatcher
) -> None:
    """Batches start where the last one ended; a schedule three days behind is moved to an
    occurrence still past, behind that point, and a pass from the start still takes it on."""
    today = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
    await schedule_at(store, clock, target="behind", next_fire_at=today - timedelta(days=3))
    for i in range(3):
        await schedule_at(store, clock, target=f"c{i}", next_fire_at=today)
    clock.now = today + timedelta(minutes=1)
    report = await dispatcher_for(store, batch=2, grace=timedelta(hours=2)).tick()
    assert len(messenger.posts_to("behind")) == 1  # today's, sent in this very tick
    assert (report.sent, report.skipped) == (4, 3)  # the three stale days skipped
    (moved,) = [s for s in await all_schedules(store) if s.target == "behind"]
    assert moved.next_fire_at == today + timedelta(days=1)


# rotation ------------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(6))
async def test_a_channel_sees_no_question_twice_until_its_pool_is_used_up(
    seed: int, store: Store, clock: FakeClock, messenger: FakeMessenger,
    dispatcher_for: MakeDispatcher, content: Content,
) -> None:  # fmt: skip
    await schedule_at(store, clock, role="amazon-pm", category="leadership-principles")
    allowed = {
        q.id
        for q in pool(content.questions, "amazon-pm", None)
        if q.category.value == "leadership-principles"
    }
    size = len(allowed)
    assert size == 19
    dispatcher = dispatcher_for(store, seed=seed)
    for day in range(3 * size + 1):
        clock.now = NINE + timedelta(days=day, seconds=10)
        await dispatcher.tick()
    asked = question_ids(messenger.posts)
    assert len(asked) == 3 * size + 1
    assert set(asked) == allowed
    for start in range(0, 3 * size, size):
        assert len(set(asked[start : start + size])) == size, asked
    assert all(a != b for a, b in itertools.pairwise(asked)), asked


# the platform's errors -----------------------------------------------------------------------


async def test_a_429_holds_the_workspace_back_and_the_post_goes_out_once_after_it(
    store: Store, clock: FakeClock, messenger: FakeMessenger, dispatcher_for: MakeDispatcher,
    sleep: RecordingSleep,
) -> None:  # fmt: skip
    schedules = [await schedule_at(store, clock, target=f"c{i}") for i in range(5)]
    messenger.rate_limit(7.5, target="c2")
    clock.now = NINE
    dispatcher = dispatcher_for(store)
    report = await dispatcher.tick()
    assert (report.sent, report.postponed, report.failed) == (4, 1, 0)
    assert sleep.waits == []  # nothing waited in the process: c2 went back as pending
    holds = await store.holds.holds([Platform.CONSOLE], NINE)
    assert holds == {(Platform.CONSOLE, "workspace:local"): NINE + timedelta(seconds=7.5)}
    (waiting,) = [d for d in await store.deliveries.all() if d.status is DeliveryStatus.PENDING]
    assert waiting.next_attempt_at is not None
    assert NINE + timedelta(seconds=7.5) <= waiting.next_attempt_at <= report.wake_at  # type: ignore[operator]

    # A post due in the same workspace while the hold lasts waits it out (briefly, outside a
    # send slot) rather than adding to the 429s.
    async def wait(seconds: float) -> None:
        sleep.waits.append(seconds)
        clock.advance(seconds=seconds)

    dispatcher.sender.sleep = wait
    late_comer = await schedule_at(store, clock, target="c5", next_fire_at=NINE)
    clock.now = NINE + timedelta(seconds=4)
    assert (await dispatcher.tick()).sent == 1
    assert sleep.waits == [3.5]

    assert report.wake_at is not None
    clock.now = max(report.wake_at, clock.now)
    assert (await dispatcher.tick()).sent == 1
    assert all(len(messenger.posts_to(s.target)) == 1 for s in [*schedules, late_comer])
    tries = [c for c in messenger.calls if c.target == "c2"]
    assert [c.retry for c in tries] == [False, False]  # a 429 posted nothing: no guard needed
    assert len({c.delivery_key for c in tries}) == 1


async def test_transient_errors_put_the_delivery_back_with_a_growing_back_off(
    store: Store, clock: FakeClock, messenger: FakeMessenger, dispatcher_for: MakeDispatcher,
) -> None:  # fmt: skip
    schedule = await schedule_at(store, clock)
    messenger.transient(times=2)
    clock.now = NINE
    dispatcher = dispatcher_for(store)
    waits = []
    report = await dispatcher.tick()
    while report.wake_at is not None:
        waits.append((report.wake_at - clock.now).total_seconds())
        assert (report.sent, report.postponed) == (0, 1)
        clock.now = report.wake_at
        report = await dispatcher.tick()
    assert report.sent == 1
    # base 2 s, doubled each time, each between half and all of its step (plus < 1 s spread)
    assert 1 <= waits[0] <= 3, waits
    assert 2 <= waits[1] <= 5, waits
    assert [c.retry for c in messenger.calls] == [False, False, False]
    (delivery,) = await store.deliveries.all(schedule.id)
    assert (delivery.status, delivery.attempts, len(messenger.posts)) == (DeliveryStatus.SENT, 3, 1)


async def test_after_an_attempt_that_may_have_arrived_the_retry_asks_the_guard(
    store: Store, clock: FakeClock, messenger: FakeMessenger, dispatcher_for: MakeDispatcher,
) -> None:  # fmt: skip
    await schedule_at(store, clock)
    messenger.fail(TransientError("read timeout", maybe_delivered=True), after_accepting=True)
    clock.now = NINE
    dispatcher = dispatcher_for(store)
    report = await dispatcher.tick()
    assert report.wake_at is not None
    clock.now = report.wake_at
    assert (await dispatcher.tick()).sent == 1
    assert [c.retry for c in messenger.calls] == [False, True]
    assert len(messenger.posts) == 1
    assert messenger.duplicates == []


async def test_failures_inside_the_grace_window_are_retried_then_missed_never_paused(
    store: Store, clock: FakeClock, messenger: FakeMessenger, dispatcher_for: MakeDispatcher,
) -> None:  # fmt: skip
    schedule = await schedule_at(store, clock)
    messenger.transient(times=10**6)
    clock.now = NINE
    dispatcher = dispatcher_for(store, grace=timedelta(hours=2))
    report = await dispatcher.tick()
    for _ in range(200):
        if report.wake_at is None:
            break
        clock.now = report.wake_at
        report = await dispatcher.tick()
    (delivery,) = await store.deliveries.all(schedule.id)
    assert delivery.status is DeliveryStatus.MISSED
    assert "502" in (delivery.error or "")
    assert NINE + timedelta(hours=2) <= clock.now <= NINE + timedelta(hours=2, minutes=6)
    assert 10 < len(messenger.calls) < 40  # backed off, capped at five minutes
    assert (await store.schedules.get(schedule.id)).paused is False  # type: ignore[union-attr]
    messenger.revive()
    clock.now = NINE + timedelta(days=1, seconds=5)
    assert (await dispatcher.tick()).sent == 1  # tomorrow is another day


async def test_a_permanent_error_pauses_the_schedule_and_tells_its_owner_once(
    store: Store, clock: FakeClock, messenger: FakeMessenger, dispatcher_for: MakeDispatcher,
    handler: CommandHandler, caller: Caller,
) -> None:  # fmt: skip
    schedule = await schedule_at(store, clock, owner="ada")
    other = await schedule_at(store, clock, target="elsewhere", owner="bob")
    messenger.permanent("channel_not_found", kind="channel", target="study")
    clock.now = NINE
    dispatcher = dispatcher_for(store)
    report = await dispatcher.tick()
    assert report.paused == [schedule.id]
    (notice,) = messenger.direct_posts
    assert (notice.target, notice.workspace) == ("ada", "local")
    assert f"paused schedule #{schedule.id}" in texts(notice)
    assert "channel_not_found" in texts(notice)
    (delivery,) = await store.deliveries.all(schedule.id)
    assert (delivery.status, delivery.error) == (DeliveryStatus.FAILED, "channel_not_found")
    paused = await store.schedules.get(schedule.id)
    assert paused is not None
    assert (paused.paused, paused.pause_reason) == (True, "channel_not_found")
    assert len(messenger.posts_to("elsewhere")) == 1

    attempts = len(messenger.calls)
    for day in range(1, 4):  # a paused schedule is not due, and its owner hears nothing more
        clock.now = NINE + timedelta(days=day)
        assert [s.id for s in await store.deliveries.due(clock.now, 100, [Platform.CONSOLE])] == [
            other.id
        ]
        report = await dispatcher.tick()
        assert report.paused == []
    assert len(messenger.calls) == attempts + 3
    assert len(messenger.direct_posts) == 1
    listing = await handler.handle("/prep schedules", caller)
    assert "(paused)" in listing.plain_text()
    assert "channel_not_found" in listing.plain_text()


async def test_two_permanent_failures_of_one_schedule_in_one_tick_notify_once(
    store: Store, clock: FakeClock, messenger: FakeMessenger, dispatcher_for: MakeDispatcher,
    content: Content,
) -> None:  # fmt: skip
    schedule = await schedule_at(store, clock)
    async with session_factory(
        store.engine
    ).begin() as session:  # two claims never completed, sent together
        for days_ago in (2, 1):
            session.add(
                DeliveryRow(
                    schedule_id=schedule.id, guard_key=f"prepbot-raw-{days_ago}",
                    local_date=date(2026, 11, 23 - days_ago),
                    fire_at=NINE - timedelta(days=days_ago), status=DeliveryStatus.CLAIMED,
                    late=False, attempts=1, claimed_by="dead",
                    claimed_at=NINE - timedelta(hours=1), question_id=content.questions[0].id,
                )
            )  # fmt: skip
    messenger.permanent("not_in_channel", kind="channel")
    clock.now = NINE
    report = await dispatcher_for(store, grace=timedelta(days=3)).tick()
    assert report.retried == 2
    assert report.paused == [schedule.id]
    deliveries = await store.deliveries.all(schedule.id)
    # both failed; today's occurrence was not even tried, the schedule being paused by then
    assert [(d.local_date.day, d.status) for d in deliveries] == [
        (21, DeliveryStatus.FAILED), (22, DeliveryStatus.FAILED),
    ]  # fmt: skip
    assert len([c for c in messenger.calls if c.kind == "channel"]) == 2
    assert len(messenger.direct_posts) == 1


async def test_resume_brings_a_paused_schedule_back_from_the_next_occurrence(
    store: Store, clock: FakeClock, messenger: FakeMessenger, dispatcher_for: MakeDispatcher,
    handler: CommandHandler, caller: Caller,
) -> None:  # fmt: skip
    schedule = await schedule_at(store, clock)
    messenger.permanent(kind="channel")
    clock.now = NINE
    dispatcher = dispatcher_for(store)
    await dispatcher.tick()
    messenger.revive()
    clock.now = NINE + timedelta(days=3, hours=5)  # Thursday 14:00
    reply = await handler.handle(f"/prep resume {schedule.id}", caller)
    assert reply.title == f"Resumed schedule #{schedule.id}"
    resumed = await store.schedules.get(schedule.id)
    assert resumed is not None
    assert (resumed.paused, resumed.next_fire_at) == (False, NINE + timedelta(days=4))
    await dispatcher.tick()
    assert messenger.channel_posts == []  # nothing from the paused days comes in a burst
    clock.now = NINE + timedelta(days=4)
    await dispatcher.tick()
    assert len(messenger.channel_posts) == 1


# check-ins -----------------------------------------------------------------------------------


async def _checkins_on(handler: CommandHandler, caller: Caller) -> None:
    profile = await handler.handle(
        "/prep profile role=netflix-pm interview=2026-12-07 tz=Europe/London", caller
    )
    assert profile.title == "Your profile"
    reply = await handler.handle("/prep checkin 08:30", caller)
    assert reply.title == "Check-ins are on"


async def test_a_check_in_is_a_direct_message_with_the_countdown_focus_and_buttons(
    store: Store, clock: FakeClock, messenger: FakeMessenger, dispatcher_for: MakeDispatcher,
    handler: CommandHandler, caller: Caller,
) -> None:  # fmt: skip
    await _checkins_on(handler, caller)
    dispatcher = dispatcher_for(store)
    clock.now = datetime(2026, 11, 23, 8, 30, 5, tzinfo=UTC)  # 08:30 in London (GMT)
    report = await dispatcher.tick()
    assert report.sent == 1
    assert messenger.channel_posts == []
    (checkin,) = messenger.direct_posts
    assert (checkin.target, checkin.workspace) == ("ada", "local")
    reply = checkin.reply
    assert reply.title == "Daily check-in"
    text = reply.plain_text()
    assert "14 days to your interview" in text
    assert "Today's focus:" in text
    assert any(
        isinstance(s, TextSection) and s.heading == "Question of the day" for s in reply.sections
    )
    assert [(b.action, b.payload) for b in reply.buttons] == [
        ("checkin.done", "2026-11-23"),
        ("checkin.skip", "2026-11-23"),
        ("checkin.snooze", "2026-11-23"),
    ]
    clock.advance(minutes=1)
    assert (await dispatcher.tick()).sent == 0


async def test_done_extends_the_streak_on_consecutive_days(
    store: Store, clock: FakeClock, messenger: FakeMessenger, dispatcher_for: MakeDispatcher,
    handler: CommandHandler, caller: Caller,
) -> None:  # fmt: skip
    await _checkins_on(handler, caller)
    dispatcher = dispatcher_for(store)
    streaks = []
    for day, answer in enumerate(["done", "done", None, "done", "done", "done"]):
        clock.now = datetime(2026, 11, 23, 8, 30, 5, tzinfo=UTC) + timedelta(days=day)
        await dispatcher.tick()
        payload = messenger.direct_posts[-1].reply.buttons[0].payload
        assert payload == (date(2026, 11, 23) + timedelta(days=day)).isoformat()
        if answer is not None:
            clock.advance(minutes=20)
            reply = await handler.press(f"checkin.{answer}", payload, caller)
            assert reply.title == "Nice work"
        user = await store.users.user(caller.key)
        assert user is not None
        streaks.append(user.streak)
    assert streaks == [1, 2, 2, 1, 2, 3]
    again = await handler.press("checkin.done", payload, caller)
    assert again.title == "Already noted"
    stats = (await handler.handle("/prep stats", caller)).plain_text()
    assert "Streak: 3 days (best 3)" in stats
    assert "Check-ins done: 5" in stats


async def test_an_old_check_in_button_does_not_reset_the_streak(
    store: Store, clock: FakeClock, handler: CommandHandler, caller: Caller
) -> None:
    for day in (23, 24, 26, 27):
        clock.now = datetime(2026, 11, day, 9, tzinfo=UTC)
        await handler.press("checkin.done", f"2026-11-{day}", caller)
    user = await store.users.user(caller.key)
    assert user is not None
    assert user.streak == 2
    await handler.press("checkin.done", "2026-11-25", caller)  # Wednesday's, pressed late
    clock.now = datetime(2026, 11, 28, 9, tzinfo=UTC)
    await handler.press("checkin.done", "2026-11-28", caller)
    user = await store.users.user(caller.key)
    assert user is not None
    assert user.streak == 3


async def test_skip_is_noted_and_snooze_sends_the_check_in_again_an_hour_later(
    store: Store, clock: FakeClock, messenger: FakeMessenger, dispatcher_for: MakeDispatcher,
    handler: CommandHandler, caller: Caller,
) -> None:  # fmt: skip
    await _checkins_on(handler, caller)
    dispatcher = dispatcher_for(store)
    clock.now = datetime(2026, 11, 23, 8, 30, 5, tzinfo=UTC)
    await dispatcher.tick()
    assert len(messenger.direct_posts) == 1
    clock.advance(minutes=2)
    snoozed = await handler.press("checkin.snooze", "2026-11-23", caller)
    assert snoozed.title == "Snoozed"
    for _ in range(119):  # just under an hour of ticks: nothing
        clock.advance(seconds=30)
        await dispatcher.tick()
    assert len(messenger.direct_posts) == 1
    clock.advance(seconds=30)
    assert (await dispatcher.tick()).sent == 1
    assert len(messenger.direct_posts) == 2
    again = messenger.direct_posts[-1].reply
    assert again.title == "Daily check-in"
    assert again.buttons[0].payload == "2026-11-23"
    for _ in range(5):
        clock.advance(minutes=5)
        await dispatcher.tick()
    assert len(messenger.direct_posts) == 2
    skipped = await handler.press("checkin.skip", "2026-11-23", caller)
    assert skipped.title == "Rest day noted"
    stats = (await handler.handle("/prep stats", caller)).plain_text()
    assert "Days skipped: 1" in stats


async def test_the_weekly_summary_comes_on_sunday_evening_local_time(
    store: Store, clock: FakeClock, messenger: FakeMessenger, dispatcher_for: MakeDispatcher,
    handler: CommandHandler, caller: Caller,
) -> None:  # fmt: skip
    await handler.handle("/prep checkin 07:00 Asia/Kolkata", caller)  # UTC+5:30
    dispatcher = dispatcher_for(store, grace=timedelta(hours=2))
    clock.now = datetime(2026, 11, 29, 12, 29, tzinfo=UTC)  # Sunday 17:59 in Kolkata
    await dispatcher.tick()
    assert not [p for p in messenger.direct_posts if p.reply.title == "Your week"]
    clock.now = datetime(2026, 11, 29, 12, 30, 10, tzinfo=UTC)  # 18:00
    await dispatcher.tick()
    (summary,) = [p for p in messenger.direct_posts if p.reply.title == "Your week"]
    assert summary.target == "ada"
    assert "practised on 0 days" in summary.reply.plain_text()


async def test_a_report_counts_what_happened(
    store: Store, clock: FakeClock, messenger: FakeMessenger, dispatcher_for: MakeDispatcher
) -> None:
    await schedule_at(store, clock, target="ok")
    await schedule_at(store, clock, target="gone")
    messenger.permanent(target="gone", kind="channel")
    clock.now = NINE
    report = await dispatcher_for(store).tick()
    assert isinstance(report, TickReport)
    assert (report.sent, report.failed, report.skipped, len(report.paused)) == (1, 1, 0, 1)
