"""/prep status: every silence has an answer. Each cause the dispatcher records (a pause, a
missing permission, an outage past the grace window, a channel gone) shows in the channel's
line and its detail, driven through the real dispatcher and store; the view fits one screen
and one message on every platform, whatever the number of channels."""

from __future__ import annotations

import io
import random
from datetime import UTC, datetime, time, timedelta

import pytest
from rich.cells import cell_len
from rich.console import Console

from bot.compose import build_handler
from bot.console_adapter.render import render as console_render
from bot.discord_adapter.render import render as discord_render
from bot.slack_adapter.render import render as slack_render
from core.commands.handler import CommandHandler
from core.content.loader import Content
from core.dispatch.dispatcher import Dispatcher
from core.kernel.identity import Caller
from core.kernel.platform import Platform
from core.kernel.reply import Reply
from core.roles.catalog import Catalog
from core.store.store import Store
from tests.bot.discord_adapter.limits import assert_within_limits as within_discord_limits
from tests.bot.slack_adapter.test_render import assert_within_limits as within_slack_limits
from tests.conftest import FakeClock
from tests.fakes import FakeMessenger, RecordingSleep, channel_schedule

NINE = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # Monday
MOD = Caller(Platform.CONSOLE, "local", "ada", channel="study")
INVITE = "I'm not a member of that channel: invite me with `/invite @prepbot`, then try again."


class Access:
    """The platform's answer to "can the bot post there?": no for the channels listed."""

    def __init__(self, refused: dict[str, str]) -> None:
        self.refused = refused
        self.asked: list[str] = []

    async def can_post(
        self, workspace: str, channel: str, *, private_threads: bool = False
    ) -> str | None:
        self.asked.append(channel)
        return self.refused.get(channel)


@pytest.fixture
def access() -> Access:
    return Access({"locked": INVITE})


@pytest.fixture
def messenger() -> FakeMessenger:
    return FakeMessenger()


@pytest.fixture
def status_handler(
    catalog: Catalog, store: Store, clock: FakeClock, access: Access
) -> CommandHandler:
    return build_handler(catalog, store, clock, random.Random(7), channel_access=access)


def dispatcher(store: Store, content: Content, clock: FakeClock, m: FakeMessenger) -> Dispatcher:
    return Dispatcher(
        store, content, {Platform.CONSOLE: m}, clock, sleep=RecordingSleep(), rng=random.Random(1)
    )


async def schedule(store: Store, clock: FakeClock, target: str, **options: object) -> int:
    added = await store.schedules.add(channel_schedule(clock.now, target=target, **options))  # type: ignore[arg-type]
    return added.id


def lines_of(reply: Reply) -> list[str]:
    return reply.sections[0].text.split("\n")  # type: ignore[union-attr]


def line_for(reply: Reply, channel: str) -> str:
    section = reply.sections[0]
    ref = next(i for i, r in enumerate(section.refs) if r.id == channel)  # type: ignore[union-attr]
    return next(line for line in lines_of(reply) if f"{{{ref}}}" in line)


async def detail(handler: CommandHandler, reply: Reply, target: str) -> str:
    button = next(b for b in reply.buttons if b.payload == target)
    return (await handler.press(button.action, button.payload, MOD)).plain_text()


async def test_a_channel_that_posts_shows_its_last_and_next_post_in_local_time(
    status_handler: CommandHandler, store: Store, clock: FakeClock, content: Content,
    messenger: FakeMessenger,
) -> None:  # fmt: skip
    await schedule(store, clock, "study", timezone="Europe/London")
    clock.now = NINE + timedelta(seconds=20)
    assert (await dispatcher(store, content, clock, messenger).tick()).sent == 1
    reply = await status_handler.handle("/prep status", MOD)
    assert line_for(reply, "study").endswith(": sent 23 Nov 09:00, next 24 Nov 09:00")
    shown = await detail(status_handler, reply, "study")
    assert "I can post there" in shown
    assert "Next: Tue 24 Nov 09:00 Europe/London (09:00 UTC)" in shown
    assert "Nothing missed or skipped in the last 14 days." in shown


async def test_a_channel_gone_pauses_and_says_so(
    status_handler: CommandHandler, store: Store, clock: FakeClock, content: Content,
    messenger: FakeMessenger,
) -> None:  # fmt: skip
    gone = await schedule(store, clock, "gone")
    await schedule(store, clock, "study")
    messenger.permanent("channel_not_found", target="gone")
    clock.now = NINE + timedelta(seconds=20)
    await dispatcher(store, content, clock, messenger).tick()
    reply = await status_handler.handle("/prep status", MOD)
    assert lines_of(reply)[0].startswith("1. {0}: failed 23 Nov 09:00")  # on top
    assert line_for(reply, "gone").endswith(", 1 paused, 1 missed")
    shown = await detail(status_handler, reply, "gone")
    assert f"Paused: channel_not_found. Once fixed, `/prep resume {gone}`." in shown
    assert "• Mon 23 Nov 09:00: failed: channel_not_found; the schedule is paused" in shown


async def test_a_missing_permission_says_how_to_grant_it(
    status_handler: CommandHandler, store: Store, clock: FakeClock, access: Access
) -> None:
    await schedule(store, clock, "locked")
    reply = await status_handler.handle("/prep status", MOD)
    assert line_for(reply, "locked").endswith(", can't post")
    assert f"I can't post there: {INVITE}" in await detail(status_handler, reply, "locked")
    assert access.asked == ["locked", "locked"]


async def test_a_post_the_bot_was_down_for_is_skipped_with_its_reason(
    status_handler: CommandHandler, store: Store, clock: FakeClock, content: Content,
    messenger: FakeMessenger,
) -> None:  # fmt: skip
    await schedule(store, clock, "study")
    clock.now = NINE + timedelta(hours=3)  # past the two hours' grace
    assert (await dispatcher(store, content, clock, messenger).tick()).skipped == 1
    reply = await status_handler.handle("/prep status", MOD)
    assert "1 missed" in line_for(reply, "study")
    assert (
        "• Mon 23 Nov 09:00: skipped: I was not running when it came due and the grace window "
        "had closed" in await detail(status_handler, reply, "study")
    )


async def test_an_outage_past_the_grace_window_is_missed_with_the_error(
    status_handler: CommandHandler, store: Store, clock: FakeClock, content: Content,
    messenger: FakeMessenger,
) -> None:  # fmt: skip
    await schedule(store, clock, "study")
    messenger.transient(times=10**6, target="study")
    worker = dispatcher(store, content, clock, messenger)
    clock.now = NINE + timedelta(seconds=20)
    await worker.tick()
    clock.now = NINE + timedelta(hours=2, minutes=1)
    assert (await worker.tick()).missed == 1
    reply = await status_handler.handle("/prep status", MOD)
    assert line_for(reply, "study").startswith("1. {0}: missed 23 Nov 09:00")
    assert (
        "• Mon 23 Nov 09:00: missed: it kept failing until the grace window closed "
        "(502 bad gateway)" in await detail(status_handler, reply, "study")
    )


async def test_direct_messages_closed_pause_the_check_in_and_show_only_to_their_member(
    status_handler: CommandHandler, store: Store, clock: FakeClock, content: Content,
    messenger: FakeMessenger,
) -> None:  # fmt: skip
    await status_handler.handle("/prep checkin 09:00 UTC", MOD)
    messenger.permanent("cannot send messages to this user", kind="direct")
    clock.now = NINE + timedelta(seconds=20)
    await dispatcher(store, content, clock, messenger).tick()
    reply = await status_handler.handle("/prep status", MOD)
    assert lines_of(reply)[0].startswith("1. Your direct messages: failed 23 Nov 09:00")
    shown = await detail(status_handler, reply, "dm")
    assert "Paused: cannot send messages to this user. `/prep checkin HH:MM`" in shown
    other = await status_handler.handle("/prep status", Caller(Platform.CONSOLE, "local", "bob"))
    assert "direct messages" not in other.plain_text()


async def test_status_is_for_moderators(status_handler: CommandHandler) -> None:
    member = Caller(Platform.CONSOLE, "local", "bob", can_manage_channel=False)
    refused = await status_handler.handle("/prep status", member)
    assert "for those who can manage" in refused.plain_text()
    pressed = await status_handler.press("status.detail", "study", member)
    assert "for those who can manage" in pressed.plain_text()


async def test_a_thousand_channels_page_within_one_screen_and_one_message(
    status_handler: CommandHandler, store: Store, clock: FakeClock, access: Access
) -> None:
    await store.schedules.add_many(
        [channel_schedule(clock.now, target=f"c{i:04}", at=time(9, i % 60)) for i in range(1000)]
        + [channel_schedule(clock.now, target="locked")]
    )
    reply = await status_handler.handle("/prep status", MOD)
    out = io.StringIO()
    Console(file=out, width=80, color_system=None).print(console_render(reply))
    lines = out.getvalue().rstrip("\n").split("\n")
    assert len(lines) <= 60, "\n".join(lines)
    assert all(cell_len(line) <= 80 for line in lines)
    slack = slack_render(reply)
    assert len(slack) == 1
    within_slack_limits(slack)
    [message] = discord_render(reply).messages
    assert message.view is not None
    within_discord_limits(
        {
            "embeds": [e.to_dict() for e in message.embeds],
            "components": message.view.to_components(),
        }
    )
    assert len(reply.buttons) == 21  # a detail button a channel, and More
    assert len(access.asked) == 20  # only the channels shown are asked about
    assert "1001 place(s), 0 needing attention; page 1 of 51" in reply.plain_text()
    last = await status_handler.press("status.page", "50", MOD)
    assert lines_of(last)[0].startswith("1001. {0}")
