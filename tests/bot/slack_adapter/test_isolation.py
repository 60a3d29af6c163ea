"""One workspace's data is never visible to another. A member of workspace B, with the very
user id of workspace A's owner (so that only the workspace tells them apart), tries every
command and presses every button A's members were given, aiming at A's schedule, profile and
leaderboard: each is refused or answers with B's own (empty) data, and A's data is unchanged."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date

import pytest

from bot.metrics import PrometheusMetrics
from bot.settings import Settings
from bot.slack_adapter import SlackAdapter
from core.commands.handler import CommandHandler
from core.commands.surface import SURFACE
from core.content.loader import Content
from core.dispatch.dispatcher import Dispatcher
from core.kernel.identity import UserKey
from core.kernel.platform import Platform
from core.messenger import Messenger
from core.scheduling.schedules import PERSONAL_KINDS, ScheduleKind
from core.store.store import Store
from tests.bot.slack_adapter.fake_slack import FakeSlack, Grant
from tests.bot.slack_adapter.harness import Answer, SlackUser
from tests.bot.slack_adapter.oauth_harness import browser, install, oauth_adapter, oauth_settings
from tests.conftest import FakeClock
from tests.fakes import RecordingSleep

A, B = "T0AAA", "T0BBB"
A_CHANNEL, B_CHANNEL = "C0AAA", "C0BBB"
A_MEMBER = "U0BEA"  # has a streak in A: on A's leaderboard only
# What only A's data contains; none of it may reach anything B is shown.
# (A's channel id is no secret: B may name it, and hear it named back.)
A_MARKS = (A_MEMBER, "07:47", "2027-03-09", "09 March 2027")


@pytest.fixture
def settings(fake_slack: FakeSlack, monkeypatch: pytest.MonkeyPatch) -> Settings:
    return oauth_settings(fake_slack, monkeypatch)


@pytest.fixture
def adapter(
    handler: CommandHandler, settings: Settings, store: Store, clock: FakeClock
) -> SlackAdapter:
    return oauth_adapter(handler, settings, store, PrometheusMetrics(), clock)


@pytest.fixture
async def owner(adapter: SlackAdapter, fake_slack: FakeSlack) -> AsyncIterator[SlackUser]:
    """A's owner, in workspace A; the same id in B is the one trying to reach A's data."""
    async with browser(adapter, fake_slack) as user:
        await install(user, "code-a", Grant(A))
        await install(user, "code-b", Grant(B))
        yield user.in_team(A)


def shown(answer: Answer) -> str:
    return answer.texts() + "\n" + str(answer.messages)


def assert_nothing_of_a(answer: Answer, what: str) -> None:
    text = shown(answer)
    leaked = [mark for mark in A_MARKS if mark in text]
    assert leaked == [], f"{what} showed workspace A's {leaked}"


async def a_data(store: Store) -> tuple[object, ...]:
    key = UserKey(Platform.SLACK, A, "U0ADA")
    schedules = await store.schedules.find(
        Platform.SLACK, A, kinds=(ScheduleKind.CHANNEL, *PERSONAL_KINDS)
    )
    board = await store.users.leaderboard(Platform.SLACK, A)
    return (schedules, await store.users.user(key), [p.key for p in board])


async def test_workspace_b_reaches_nothing_of_workspace_a(
    owner: SlackUser,
    adapter: SlackAdapter,
    fake_slack: FakeSlack,
    store: Store,
    content: Content,
    clock: FakeClock,
) -> None:
    # Workspace A: a channel schedule, a profile, check-ins, a member with a streak.
    made = await owner.command(f"/prep schedule <#{A_CHANNEL}|a-study> 07:47 UTC daily", A_CHANNEL)
    assert made.header() == "Scheduled #1"
    await owner.command("/prep profile role=netflix-pm interview=2027-03-09")
    await owner.command("/prep checkin 08:00 UTC")
    member = UserKey(Platform.SLACK, A, A_MEMBER)
    await store.users.update_profile(member, clock(), role="amazon-pm")
    await store.users.answer_checkin(member, date(2026, 11, 23), "done", clock(), changeable=True)
    board = await owner.command("/prep stats", A_CHANNEL)
    assert A_MEMBER in shown(board), "A's own leaderboard lists its member"
    # The marks are what A's own members see of it (so their absence below means something).
    mine = shown(await owner.command("/prep profile")) + shown(
        await owner.command("/prep schedules", A_CHANNEL)
    )
    assert {"07:47", "09 March 2027"} <= {mark for mark in A_MARKS if mark in mine}

    # Every button A's members were given: in replies, and in the check-in sent by direct message.
    buttons = []
    for line in ("/compare netflix-pm amazon-pm", "/role netflix-pm", "/fit", "/practice"):
        buttons += (await owner.command(line, A_CHANNEL)).buttons()
    buttons += (await owner.command("/prep forget")).buttons()
    clock.advance(days=1, minutes=1)  # past 07:47 and 08:00 the next day
    messenger: dict[Platform, Messenger] = {Platform.SLACK: adapter.messenger}
    assert (await Dispatcher(store, content, messenger, clock, sleep=RecordingSleep()).tick()).sent
    checkin = [m for ms in fake_slack.messages.values() for m in ms if "Check-in" in str(m)]
    buttons += Answer(checkin).buttons()
    assert len(buttons) >= 8
    before = await a_data(store)

    intruder = owner.in_team(B)
    lines = [
        "/prep unschedule 1",
        "/prep resume 1",
        f"/prep schedules <#{A_CHANNEL}|a-study>",
        "/prep schedules",
        "/prep profile",
        "/prep plan",
        "/prep stats",
        "/prep checkin off",
        "/prep forget",
        *(c.slash for c in SURFACE.commands if not c.subcommands),
        *(c.slash for c in SURFACE.group().subcommands),
    ]
    for line in lines:
        for channel in (B_CHANNEL, A_CHANNEL):  # even naming A's channel as the place
            answer = await intruder.command(line, channel)
            assert_nothing_of_a(answer, line)
    for verb in ("unschedule", "resume"):
        refused = await intruder.command(f"/prep {verb} 1", B_CHANNEL)
        assert "There is no schedule #1 here." in refused.texts()
    for button in buttons:
        for channel in (B_CHANNEL, A_CHANNEL):
            pressed = await intruder.press(button, channel=channel)
            assert_nothing_of_a(pressed, f"the button {button['text']['text']}")
    await intruder.event({"type": "app_home_opened", "user": intruder.user, "tab": "home"})
    await intruder.idle()
    home = fake_slack.calls_to("views.publish")[-1]
    assert fake_slack.tokens[str(home.token)] == B
    assert not [mark for mark in A_MARKS if mark in str(home.args["view"])]

    assert await a_data(store) == before, "nothing of A changed"
    assert (await owner.command("/prep schedules", A_CHANNEL)).header() == "Schedules"
