"""Buttons, the schedule form and App Home, through signed interactive payloads."""

from __future__ import annotations

import random

from slack_sdk.models.views import View

from bot.compose import build_handler
from bot.settings import Settings
from bot.slack_adapter import SlackAdapter
from bot.slack_adapter.modal import SCHEDULE_VIEW
from bot.slack_adapter.mrkdwn import to_mrkdwn
from core.content.loader import Content
from core.dispatch.dispatcher import Dispatcher
from core.kernel.identity import UserKey
from core.kernel.platform import Platform
from core.roles.catalog import Catalog
from core.store.store import Store
from tests.bot.slack_adapter.fake_slack import TEAM, FakeSlack
from tests.bot.slack_adapter.harness import CHANNEL, USER, SlackUser, slack_user
from tests.conftest import FakeClock

ADA = UserKey(Platform.SLACK, TEAM, USER)


async def test_fit_quiz_completes_through_buttons_across_a_restart(
    slack: SlackUser,
    fake_slack: FakeSlack,
    catalog: Catalog,
    store: Store,
    clock: FakeClock,
    settings: Settings,
) -> None:
    answer = await slack.command("/fit")
    total = int(answer.header().rsplit(" ", 1)[1])
    # Question 1 on this process; the rest on a freshly built bot (the state is in the payload).
    answer = await slack.press(answer.buttons()[0])
    fresh = SlackAdapter(build_handler(catalog, store, clock, random.Random(1)), settings)
    async with slack_user(fresh, fake_slack) as restarted:
        for _ in range(total - 1):
            assert answer.first["replace_original"] is True
            assert answer.header().startswith("Fit quiz: question")
            answer = await restarted.press(answer.buttons()[-1])
    assert answer.header() == "Your fit quiz result"
    assert "What pushed you toward" in answer.texts()
    stats = await store.users.stats(ADA)
    assert stats is not None
    assert stats.fits == 1


async def test_practice_button_reveals_what_a_strong_answer_covers(
    slack: SlackUser, content: Content
) -> None:
    question = await slack.command("/practice amazon-pm")
    reveal = question.button("What a strong answer covers")
    rubric = next(q.rubric for q in content.questions if q.id == reveal["value"])
    answer = await slack.press(reveal)
    assert answer.header() == "What a strong answer covers"
    assert rubric
    # once, in full, as the boxes to tick: a long point runs on into the option's description
    boxes = next(
        e
        for b in answer.first["blocks"]
        for e in b.get("elements", [])
        if e["type"] == "checkboxes"
    )
    ticks = [
        " ".join(o[part]["text"] for part in ("text", "description") if part in o)
        for o in boxes["options"]
    ]
    assert ticks == [f"{i}. {point}" for i, point in enumerate(rubric, 1)]
    assert not any(to_mrkdwn(point) in answer.texts() for point in rubric)
    assert answer.first["response_type"] == "ephemeral"
    assert answer.first["replace_original"] is True


async def test_share_posts_the_comparison_and_its_chart_in_the_channel(
    socket_slack: SlackUser, fake_slack: FakeSlack
) -> None:
    slack = socket_slack  # in Socket Mode, where a chart goes by file (over HTTP: by URL)
    mine = await slack.command("/compare netflix-pm netflix-pmm comp")
    # Files cannot be ephemeral: the caller's chart went to their direct messages, as a
    # reference to the workspace's one copy, uploaded without a channel.
    (upload,) = fake_slack.calls_to("files.completeUploadExternal")
    assert "channel_id" not in upload.args
    (file_id,) = fake_slack.files
    assert fake_slack.charts_shown() == [("D0ADA", file_id)]
    shared = await slack.press(mine.button("Share in channel"))
    assert shared.first["response_type"] == "in_channel"
    assert shared.first["replace_original"] is False  # the caller's copy stays
    assert shared.header() == mine.header()
    assert not shared.buttons()
    # The channel gets the same file, by reference: nothing is uploaded again.
    assert sorted(fake_slack.charts_shown()) == sorted([("D0ADA", file_id), (CHANNEL, file_id)])
    assert len(fake_slack.uploads) == 1
    assert fake_slack.uploads[0].startswith(b"\x89PNG")


async def test_a_shared_chart_goes_to_the_caller_where_the_bot_may_not_post(
    socket_slack: SlackUser, fake_slack: FakeSlack
) -> None:
    slack = socket_slack  # in Socket Mode, where a chart goes by file (over HTTP: by URL)
    mine = await slack.command("/compare netflix-pm netflix-pmm comp")
    # The bot is not a member of the channel, so Slack refuses the post there.
    fake_slack.fail("chat.postMessage", "not_in_channel")
    shared = await slack.press(mine.button("Share in channel"))
    assert shared.first["response_type"] == "in_channel"
    posts = fake_slack.calls_to("chat.postMessage")
    assert [p.args["channel"] for p in posts] == ["D0ADA", CHANNEL, "D0ADA"]
    (file_id,) = fake_slack.files
    assert fake_slack.charts_shown() == [("D0ADA", file_id), ("D0ADA", file_id)]
    assert len(fake_slack.uploads) == 1


async def test_forget_asks_then_deletes(slack: SlackUser, store: Store) -> None:
    await slack.command("/prep profile role=amazon-pm")
    confirm = await slack.command("/prep forget")
    done = await slack.press(confirm.button("Yes, delete it all"))
    assert done.header() == "Deleted"
    assert await store.users.user(ADA) is None


async def test_checkin_buttons_in_a_direct_message_answer_without_replacing_it(
    slack: SlackUser,
    fake_slack: FakeSlack,
    adapter: SlackAdapter,
    store: Store,
    content: Content,
    clock: FakeClock,
) -> None:
    await slack.command("/prep checkin 08:30 UTC")
    clock.advance(minutes=31)
    report = await Dispatcher(store, content, {Platform.SLACK: adapter.messenger}, clock).tick()
    assert report.sent == 1
    direct = "D0ADA"
    [checkin] = fake_slack.messages[direct]
    done = next(
        e
        for b in checkin["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["text"]["text"] == "Done"
    )
    answer = await slack.press(done, ephemeral=False, channel=direct)
    assert answer.header() == "Nice work"
    assert answer.first["replace_original"] is False
    again = await slack.press(done, ephemeral=False, channel=direct)
    assert again.header() == "Already noted"


async def test_schedule_form_opens_and_its_submission_schedules(
    slack: SlackUser, fake_slack: FakeSlack, store: Store
) -> None:
    opened = await slack.command("/prep schedule")
    assert opened.messages == []
    view = fake_slack.calls_to("views.open")[0].args["view"]
    assert view["callback_id"] == SCHEDULE_VIEW
    assert View(**view).to_dict() == view  # slack_sdk's own model accepts it unchanged
    inputs = {b["block_id"]: b["element"] for b in view["blocks"]}
    assert inputs["channel"]["initial_conversation"] == CHANNEL
    assert inputs["timezone"]["initial_value"] == "Europe/London"  # from users.info
    assert {o["value"] for o in inputs["role"]["options"]} >= {"netflix-pm", "amazon-pm"}

    values = {
        "channel": {
            "channel": {"type": "conversations_select", "selected_conversation": "C0DAILY"}
        },
        "time": {"time": {"type": "timepicker", "selected_time": "07:45"}},
        "timezone": {"timezone": {"type": "plain_text_input", "value": "America/New_York"}},
        "days": {
            "days": {
                "type": "checkboxes",
                "selected_options": [{"value": "mon"}, {"value": "wed"}, {"value": "fri"}],
            }
        },
        "role": {"role": {"type": "static_select", "selected_option": {"value": "netflix-pmm"}}},
        "category": {"category": {"type": "static_select", "selected_option": None}},
    }
    response = await slack.submit(view, values)
    assert response.status == 200
    assert await response.text() == ""  # the form closes
    key = view["private_metadata"].split("/respond/")[1].split('"')[0]
    await slack.idle()
    assert fake_slack.responses[key][0]["blocks"][0]["text"]["text"] == "Scheduled #1"
    [schedule] = await store.schedules.find(Platform.SLACK, TEAM, target="C0DAILY")
    assert (
        schedule.recurrence.at.hour,
        schedule.recurrence.at.minute,
        schedule.recurrence.zone.key,
    ) == (7, 45, "America/New_York")
    assert (schedule.recurrence.weekdays, schedule.role, schedule.owner) == (
        0b10101,
        "netflix-pmm",
        USER,
    )


async def test_app_home_shows_profile_checkin_and_owned_schedules(
    slack: SlackUser, fake_slack: FakeSlack
) -> None:
    await slack.command("/prep profile role=netflix-pm interview=2027-01-15")
    await slack.command("/prep checkin 08:00 Europe/Berlin")
    await slack.command("/prep schedule <#C0DAILY> 09:00 UTC")
    response = await slack.event(
        {
            "type": "app_home_opened",
            "user": USER,
            "channel": "D0ADA",
            "tab": "home",
            "event_ts": "1800000000.1",
        }
    )
    assert response.status == 200
    await fake_slack.wait_for(lambda: bool(fake_slack.calls_to("views.publish")))
    [call] = fake_slack.calls_to("views.publish")
    assert call.args["user_id"] == USER
    view = call.args["view"]
    assert view["type"] == "home"
    text = str(view["blocks"])
    assert "netflix-pm" in text
    assert "Europe/Berlin" in text
    assert "<#C0DAILY>" in text


async def test_app_home_shows_the_streak_once_and_the_zone_slack_gives(
    slack: SlackUser, fake_slack: FakeSlack
) -> None:
    await slack.command("/prep profile role=netflix-pm")  # no tz= given
    event = {"type": "app_home_opened", "user": USER, "tab": "home", "event_ts": "1800000000.1"}
    assert (await slack.event(event)).status == 200
    await fake_slack.wait_for(lambda: bool(fake_slack.calls_to("views.publish")))
    text = str(fake_slack.calls_to("views.publish")[0].args["view"]["blocks"])
    assert text.count("Streak") == 1
    assert "0 days" in text
    assert "not set (UTC)" not in text
    assert "Europe/London (from Slack" in text  # what users.info says, as the forms use it


async def test_only_the_home_tab_is_published(slack: SlackUser, fake_slack: FakeSlack) -> None:
    for tab in ("messages", "home"):
        event = {"type": "app_home_opened", "user": USER, "tab": tab, "event_ts": "1800000000.1"}
        response = await slack.event(event)
        assert response.status == 200
    await fake_slack.wait_for(lambda: bool(fake_slack.calls_to("views.publish")))
    assert len(fake_slack.calls_to("views.publish")) == 1


async def test_a_button_in_the_home_tab_answers_by_direct_message_and_refreshes_home(
    slack: SlackUser, fake_slack: FakeSlack
) -> None:
    payload = {
        "type": "block_actions",
        "team": {"id": TEAM},
        "user": {"id": USER, "team_id": TEAM},
        "api_app_id": "A0PREP",
        "container": {"type": "view", "view_id": "V0HOME"},
        "view": {"id": "V0HOME", "type": "home"},
        "trigger_id": "t",
        "actions": [
            {"type": "button", "block_id": "b", "action_id": "practice.next#0", "value": "|"}
        ],
    }
    response = await slack.interact(payload)
    assert response.status == 200
    await slack.idle()
    [question] = fake_slack.messages["D0ADA"]
    assert question["blocks"][0]["text"]["text"].startswith("Practice:")
    assert len(fake_slack.calls_to("views.publish")) == 1
