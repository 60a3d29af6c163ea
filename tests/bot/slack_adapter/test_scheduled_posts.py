"""Scheduled questions from `/prep schedule` through the dispatcher to the fake Slack."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.slack_adapter import SlackAdapter
from core.content.loader import Content
from core.dispatch.dispatcher import Dispatcher
from core.kernel.platform import Platform
from core.scheduling.deliveries import DeliveryStatus
from core.scheduling.schedules import Schedule
from core.store.store import Store
from tests.bot.slack_adapter.fake_slack import TEAM, FakeSlack
from tests.bot.slack_adapter.harness import USER, SlackUser
from tests.conftest import FakeClock

STUDY = "C0DAILY"


class RecordedSleep:
    """The dispatcher's waits, recorded instead of slept."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


@pytest.fixture
def sleep() -> RecordedSleep:
    return RecordedSleep()


@pytest.fixture
def dispatcher(
    adapter: SlackAdapter, store: Store, content: Content, clock: FakeClock, sleep: RecordedSleep
) -> Dispatcher:
    return Dispatcher(store, content, {Platform.SLACK: adapter.messenger}, clock, sleep=sleep)


async def scheduled(slack: SlackUser, store: Store, clock: FakeClock) -> Schedule:
    """A 09:00 UTC daily question set up by typing the command; the clock moved past it."""
    answer = await slack.command(f"/prep schedule <#{STUDY}|daily> 09:00 UTC daily")
    assert answer.header() == "Scheduled #1"
    clock.advance(hours=1, minutes=1)
    [schedule] = await store.schedules.find(Platform.SLACK, TEAM, target=STUDY)
    return schedule


async def test_a_rate_limit_is_waited_out_and_the_question_posted_once(
    slack: SlackUser,
    fake_slack: FakeSlack,
    store: Store,
    clock: FakeClock,
    dispatcher: Dispatcher,
    sleep: RecordedSleep,
) -> None:
    schedule = await scheduled(slack, store, clock)
    fake_slack.rate_limit("chat.postMessage", retry_after=7)

    first = await dispatcher.tick()
    assert (first.sent, first.postponed) == (0, 1)
    assert sleep.waits == []  # the delivery went back as pending; nothing waited in a slot
    assert first.wake_at is not None
    assert first.wake_at - clock() >= timedelta(seconds=7)  # never sooner than Retry-After
    clock.now = first.wake_at
    report = await dispatcher.tick()

    assert report.sent == 1
    assert len(fake_slack.calls_to("chat.postMessage")) == 2
    [message] = fake_slack.messages[STUDY]
    assert message["blocks"][0]["text"]["text"] == "Question of the day"
    [delivery] = await store.deliveries.all(schedule.id)
    assert message["metadata"]["event_payload"]["delivery_key"] == delivery.guard_key
    # A 429 posts nothing, so the retry did not spend a history call looking for a copy.
    assert fake_slack.calls_to("conversations.history") == []
    assert (delivery.status, delivery.message_id) == (DeliveryStatus.SENT, message["ts"])

    again = await dispatcher.tick()
    assert again.sent == 0
    assert len(fake_slack.messages[STUDY]) == 1


async def test_a_post_that_arrived_but_failed_to_answer_is_not_posted_twice(
    slack: SlackUser,
    fake_slack: FakeSlack,
    store: Store,
    clock: FakeClock,
    dispatcher: Dispatcher,
    sleep: RecordedSleep,
) -> None:
    schedule = await scheduled(slack, store, clock)
    # Slack keeps the message but the answer is a 500: the retry must find it, not repeat it.
    fake_slack.fail("chat.postMessage", "internal_error", status=500, accept=True)

    first = await dispatcher.tick()
    assert first.postponed == 1
    assert first.wake_at is not None
    clock.now = first.wake_at
    report = await dispatcher.tick()

    assert report.sent == 1
    assert len(fake_slack.calls_to("conversations.history")) == 1
    assert len(fake_slack.calls_to("chat.postMessage")) == 1
    [message] = fake_slack.messages[STUDY]
    [delivery] = await store.deliveries.all(schedule.id)
    assert delivery.message_id == message["ts"]


async def test_a_missing_channel_pauses_the_schedule_and_tells_its_owner_once(
    slack: SlackUser,
    fake_slack: FakeSlack,
    store: Store,
    clock: FakeClock,
    dispatcher: Dispatcher,
) -> None:
    schedule = await scheduled(slack, store, clock)
    fake_slack.fail("chat.postMessage", "channel_not_found")

    report = await dispatcher.tick()

    assert report.paused == [schedule.id]
    paused = await store.schedules.get(schedule.id)
    assert paused is not None
    assert (paused.paused, paused.pause_reason) == (True, "channel_not_found")
    assert fake_slack.calls_to("conversations.open")[0].args["users"] == USER
    [notice] = fake_slack.messages["D0ADA"]
    assert notice["blocks"][0]["text"]["text"] == f"I paused schedule #{schedule.id}"
    assert f"<#{STUDY}>" in str(notice["blocks"])
    assert not fake_slack.messages[STUDY]

    clock.advance(days=1)
    await dispatcher.tick()
    assert len(fake_slack.messages["D0ADA"]) == 1
    assert not fake_slack.messages[STUDY]
