"""App Home carries a short status for moderators: how many channels, and the ones needing
attention, with their reason one press away (`/prep status`)."""

from __future__ import annotations

from core.kernel.platform import Platform
from core.store.store import Store
from tests.bot.slack_adapter.fake_slack import TEAM, FakeSlack
from tests.bot.slack_adapter.harness import USER, SlackUser


async def test_app_home_shows_a_paused_channel_in_its_status_section(
    slack: SlackUser, fake_slack: FakeSlack, store: Store
) -> None:
    await slack.command("/prep schedule <#C0DAILY> 09:00 UTC")
    [schedule] = await store.schedules.find(Platform.SLACK, TEAM, target="C0DAILY")
    await store.schedules.set_paused(schedule.id, "channel_not_found")
    event = {"type": "app_home_opened", "user": USER, "tab": "home", "event_ts": "1800000000.1"}
    assert (await slack.event(event)).status == 200
    await fake_slack.wait_for(lambda: bool(fake_slack.calls_to("views.publish")))
    [call] = fake_slack.calls_to("views.publish")
    text = str(call.args["view"]["blocks"])
    assert "1 place(s); 1 need attention." in text
    assert "<#C0DAILY>: 1 paused" in text
    status = await slack.command("/prep status")
    assert "<#C0DAILY>: 1 paused" in status.texts()
