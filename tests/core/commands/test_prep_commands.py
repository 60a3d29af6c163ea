"""The /prep commands through CommandHandler.handle/press, against the real migrated store."""

from __future__ import annotations

import json
import random
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import inspect, select

from core.commands.handler import CommandHandler
from core.content.loader import Content
from core.dispatch.dispatcher import Dispatcher
from core.fit.quiz import ANSWER_ACTION
from core.kernel.identity import Caller
from core.kernel.platform import Platform
from core.kernel.reply import FieldsSection, Reply, answered, ticked
from core.pairing.noshow_replies import REMATCH
from core.scheduling.recurrence import ALL_DAYS, WEEKDAYS
from core.scheduling.schedules import ScheduleKind
from core.store.database import session_factory
from core.store.store import Store
from core.store.tables import Base, UserRow, described_here
from tests.conftest import FakeClock
from tests.fakes import FakeMessenger, all_schedules, person

ERROR = "Sorry, I couldn't do that"


async def run(handler: CommandHandler, text: str, caller: Caller) -> Reply:
    return await handler.handle(text, caller)


def field_names(reply: Reply) -> list[str]:
    return [f.name for s in reply.sections if isinstance(s, FieldsSection) for f in s.fields]


def said(reply: Reply) -> str:
    return reply.plain_text()


async def channel_schedules(store: Store) -> list[Any]:
    return [s for s in await all_schedules(store) if s.kind is ScheduleKind.CHANNEL]


# /prep schedule, schedules, unschedule -------------------------------------------------------


async def test_schedule_stores_a_channel_schedule_from_its_next_local_time(
    handler: CommandHandler, caller: Caller, store: Store
) -> None:
    # Monday 23 Nov 08:00 UTC is 09:00 in Berlin: today's 09:00 has just begun, so Tuesday's
    reply = await run(
        handler, "/prep schedule #study 09:00 Europe/Berlin weekdays amazon-pm execution", caller
    )
    assert reply.title == "Scheduled #1"
    assert "Tue 24 Nov 09:00 Europe/Berlin (08:00 UTC)" in said(reply)
    (schedule,) = await all_schedules(store)
    assert (schedule.platform, schedule.workspace, schedule.kind) == (
        "console", "local", ScheduleKind.CHANNEL,
    )  # fmt: skip
    assert (schedule.target, schedule.owner) == ("study", "ada")
    assert (
        schedule.recurrence.at.hour,
        schedule.recurrence.at.minute,
        schedule.recurrence.zone.key,
    ) == (9, 0, "Europe/Berlin")
    assert (schedule.recurrence.weekdays, schedule.role, schedule.category) == (
        WEEKDAYS, "amazon-pm", "execution",
    )  # fmt: skip
    assert schedule.next_fire_at == datetime(2026, 11, 24, 8, 0, tzinfo=UTC)
    assert schedule.paused is False


@pytest.mark.parametrize(
    ("words", "target", "days", "zone"),
    [
        ("<#C0123ABC|study> 7:30pm daily", "C0123ABC", ALL_DAYS, "UTC"),
        ("here 9am mon,wed,fri America/New_York", "study", 0b10101, "America/New_York"),
        ("21:30", "study", WEEKDAYS, "Asia/Kolkata"),  # the caller's profile timezone
    ],
)
async def test_schedule_reads_the_channel_time_days_and_zone(
    words: str, target: str, days: int, zone: str, handler: CommandHandler, caller: Caller,
    store: Store,
) -> None:  # fmt: skip
    if zone == "Asia/Kolkata":
        await run(handler, "/prep profile tz=Asia/Kolkata", caller)
    reply = await run(handler, f"/prep schedule {words}", caller)
    assert reply.title.startswith("Scheduled #"), said(reply)
    (schedule,) = await channel_schedules(store)
    assert (schedule.target, schedule.recurrence.weekdays, schedule.recurrence.zone.key) == (
        target,
        days,
        zone,
    )


@pytest.mark.parametrize(
    ("words", "role", "category", "zone"),
    [
        ("9 am netflix product manager", "netflix-pm", None, "UTC"),
        ("9am new york amazon-pm lp", "amazon-pm", "leadership-principles", "America/New_York"),
        ("9am product-sense netflix pm", "netflix-pm", "product-sense", "UTC"),
    ],
)
async def test_schedule_reads_role_names_and_cities_of_several_words(
    words: str, role: str, category: str | None, zone: str, handler: CommandHandler,
    caller: Caller, store: Store,
) -> None:  # fmt: skip
    reply = await run(handler, f"/prep schedule #study {words}", caller)
    assert reply.title.startswith("Scheduled #"), said(reply)
    (schedule,) = await channel_schedules(store)
    when = schedule.recurrence
    assert (when.at.hour, schedule.role, schedule.category, when.zone.key) == (
        9, role, category, zone,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("words", "said_zone"),
    [
        ("9am sf", "Timezone: sf → America/Los_Angeles."),
        ("9am new york", "Timezone: new york → America/New_York."),
        ("9am Asia/Kolkata", None),
        ("9am", None),
    ],
)
async def test_schedule_says_which_zone_a_city_or_abbreviation_chose(
    words: str, said_zone: str | None, handler: CommandHandler, caller: Caller
) -> None:
    text = said(await run(handler, f"/prep schedule #study {words}", caller))
    if said_zone is None:
        assert "Timezone:" not in text
    else:
        assert said_zone in text


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("/prep schedule #study 25:00", "HH:MM"),
        ("/prep schedule #study 9am Mars/Olympus", "I don't know the timezone"),
        ("/prep schedule #study 9am netflx-pm", "netflix-pm"),
        ("/prep schedule #study", "At what time?"),
        ("/prep schedule study 9am", "as a channel"),
        ("/prep schedule #study! 9am", "I can't read '#study!' as a channel"),
        ("/prep schedule", "for example `/prep schedule #study"),
        ("/prep schedule #study 9am daily tomorrow", "I can't read 'tomorrow'"),
        ("/prep checkin 8:61", "HH:MM"),
        ("/prep checkin 08:00 Moon/Base", "I don't know the timezone"),
        ("/prep checkin 08:00 UTC extra", "I don't know the timezone 'UTC extra'"),
        ("/prep checkin", "When should I check in?"),
    ],
)
async def test_schedule_and_checkin_refuse_mistakes_saying_what_to_type(
    command: str, expected: str, handler: CommandHandler, caller: Caller, store: Store
) -> None:
    reply = await run(handler, command, caller)
    assert reply.title == ERROR
    assert expected in said(reply)
    assert await all_schedules(store) == []


async def test_schedule_needs_manage_channels(handler: CommandHandler, store: Store) -> None:
    reply = await run(
        handler, "/prep schedule #study 09:00", person("eve", can_manage_channel=False)
    )
    assert reply.title == ERROR
    assert "Manage Channels" in said(reply)
    assert await all_schedules(store) == []


async def test_schedule_in_a_direct_message_needs_a_channel(
    handler: CommandHandler, store: Store
) -> None:
    reply = await run(handler, "/prep schedule 09:00", person("ada", channel="D1", is_direct=True))
    assert "Name the channel" in said(reply)
    assert await all_schedules(store) == []


async def test_schedules_lists_the_channels_or_your_own(
    handler: CommandHandler, caller: Caller
) -> None:
    assert (await run(handler, "/prep schedules", caller)).title == "No schedules"
    await run(handler, "/prep schedule #study 09:00", caller)
    await run(handler, "/prep schedule #other 10:00 daily", caller)
    await run(handler, "/prep schedule #other 11:00", person("bob"))
    here = await run(handler, "/prep schedules", caller)  # in #study
    assert "#1: #study" in said(here)
    assert "#other" not in said(here)
    mine = await run(handler, "/prep schedules", person("ada", channel="D1", is_direct=True))
    assert "#1: #study" in said(mine)
    assert "#2: #other" in said(mine)
    assert "#3" not in said(mine)
    named = await run(handler, "/prep schedules #other", caller)  # from #study
    assert "#2: #other" in said(named)
    assert "#3: #other" in said(named)
    assert "#study" not in said(named)
    wrong = await run(handler, "/prep schedules other", caller)
    assert wrong.title == ERROR
    assert "I can't read 'other' as a channel" in said(wrong)


async def test_unschedule_is_for_the_owner_or_an_admin(
    handler: CommandHandler, caller: Caller, store: Store
) -> None:
    await run(handler, "/prep schedule #study 09:00", caller)
    await run(handler, "/prep schedule #study 10:00", caller)
    for refused in (
        person("bob"),
        person("ada", can_manage_channel=False),
        person("root", is_admin=True, can_manage_channel=False),
    ):
        reply = await run(handler, "/prep unschedule 1", refused)
        assert reply.title == ERROR
        assert "Only the person who created schedule #1" in said(reply)
    assert len(await all_schedules(store)) == 2
    elsewhere = Caller(platform=Platform.CONSOLE, workspace="other", user="ada", channel="study")
    assert "There is no schedule #1" in said(await run(handler, "/prep unschedule 1", elsewhere))
    assert "needs a schedule number" in said(await run(handler, "/prep unschedule x", caller))
    assert "no schedule #99" in said(await run(handler, "/prep unschedule 99", caller))

    admin = await run(handler, "/prep unschedule #1", person("root", is_admin=True))
    assert admin.title == "Removed schedule #1"
    owner = await run(handler, "/prep unschedule 2", caller)
    assert owner.title == "Removed schedule #2"
    assert await all_schedules(store) == []


# /prep checkin -------------------------------------------------------------------------------


async def test_checkin_on_makes_a_daily_check_in_and_a_sunday_summary_then_off_removes_them(
    handler: CommandHandler, caller: Caller, store: Store
) -> None:
    reply = await run(handler, "/prep checkin 7:30am Europe/Berlin", caller)
    assert reply.title == "Check-ins are on"
    assert "07:30 Europe/Berlin" in said(reply)
    schedules = sorted(await all_schedules(store), key=lambda s: s.kind.value)
    assert [
        (
            s.kind,
            s.target,
            s.owner,
            s.recurrence.at.hour,
            s.recurrence.at.minute,
            s.recurrence.weekdays,
        )
        for s in schedules
    ] == [
        (ScheduleKind.CHECKIN, "ada", "ada", 7, 30, ALL_DAYS),
        (ScheduleKind.SUMMARY, "ada", "ada", 18, 0, 1 << 6),
    ]
    assert all(s.recurrence.zone.key == "Europe/Berlin" for s in schedules)
    assert schedules[0].next_fire_at == datetime(2026, 11, 24, 6, 30, tzinfo=UTC)
    # The check-ins have their own timezone; the profile's is not changed behind the caller's back.
    assert await store.users.user(caller.key) is None
    text = said(reply)
    assert "Only your check-ins use Europe/Berlin; your other times stay in UTC." in text
    assert "`/prep profile tz=Europe/Berlin`" in text
    assert "Set your interview date" in text

    await run(handler, "/prep checkin 08:00", caller)  # replaces, in the check-ins' timezone
    schedules = await all_schedules(store)
    assert len(schedules) == 2
    checkin = next(s for s in schedules if s.kind is ScheduleKind.CHECKIN)
    assert (checkin.recurrence.at.hour, checkin.recurrence.zone.key) == (8, "Europe/Berlin")

    off = await run(handler, "/prep checkin off", caller)
    assert "Check-ins are off." in said(off)
    assert await all_schedules(store) == []
    assert "You had no check-ins." in said(await run(handler, "/prep checkin off", caller))


async def test_checkin_reads_a_city_of_two_words_and_a_spaced_am_pm(
    handler: CommandHandler, caller: Caller, store: Store
) -> None:
    reply = await run(handler, "/prep checkin 8 pm new york", caller)
    assert reply.title == "Check-ins are on", said(reply)
    checkin = next(s for s in await all_schedules(store) if s.kind is ScheduleKind.CHECKIN)
    assert (checkin.recurrence.at.hour, checkin.recurrence.zone.key) == (20, "America/New_York")


# /prep profile, plan, stats ------------------------------------------------------------------


async def test_profile_stores_role_interview_and_timezone(
    handler: CommandHandler, caller: Caller, store: Store
) -> None:
    empty = await run(handler, "/prep profile", caller)
    assert "Nothing set yet." in said(empty)
    reply = await run(
        handler, "/prep profile role=amazon_pm interview=2027-01-15 tz=america/new_york", caller
    )
    text = said(reply)
    assert "Target role: amazon-pm" in text
    assert "Interview: Friday 15 January 2027" in text
    assert "Timezone: America/New_York" in text
    user = await store.users.user(caller.key)
    assert user is not None
    assert (user.target_role, user.interview_date, user.timezone) == (
        "amazon-pm", date(2027, 1, 15), "America/New_York",
    )  # fmt: skip
    await run(handler, "/prep profile interview=2027-02-01", caller)  # one field at a time
    user = await store.users.user(caller.key)
    assert user is not None
    assert (user.target_role, user.interview_date) == ("amazon-pm", date(2027, 2, 1))


async def test_a_profile_value_runs_to_the_next_setting(
    handler: CommandHandler, caller: Caller, store: Store
) -> None:
    reply = await run(handler, "/prep profile tz=new york role=amazon pm", caller)
    assert reply.title == "Your profile", said(reply)
    assert "Timezone: new york → America/New_York." in said(reply)
    user = await store.users.user(caller.key)
    assert user is not None
    assert (user.target_role, user.timezone) == ("amazon-pm", "America/New_York")
    spaced = await run(handler, "/prep profile role=netflix product manager tz=pst", caller)
    assert "Timezone: pst → America/Los_Angeles." in said(spaced)
    user = await store.users.user(caller.key)
    assert user is not None
    assert (user.target_role, user.timezone) == ("netflix-pm", "America/Los_Angeles")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ("role= tz=UTC", "'role' needs a value after the `=`"),
        ("tz=new yrok", "I don't know the timezone 'new yrok'"),
        ("role=netflx-pm", "Did you mean `netflix-pm`"),
        ("role=astronaut", "I don't know the role 'astronaut'"),
        ("interview=2027-02-30", "Use YYYY-MM-DD"),
        ("interview=next-week", "Use YYYY-MM-DD"),
        ("interview=2026-11-22", "is in the past"),
        ("role=netflix-pm interview=2020-01-01", "is in the past"),
        ("interview=9999-12-31", "more than 366 days away"),
        ("tz=Mars/Olympus", "Use an IANA name like `Europe/London`"),
        ("colour=red", "Settings: role, interview, tz"),
        ("role", "Use `name=value`"),
    ],
)
async def test_profile_mistakes_get_a_clear_message_and_nothing_is_stored(
    args: str, expected: str, handler: CommandHandler, caller: Caller, store: Store
) -> None:
    reply = await run(handler, f"/prep profile {args}", caller)
    assert reply.title == ERROR
    assert expected in said(reply)
    assert await store.users.user(caller.key) is None


async def test_the_past_is_judged_in_the_callers_timezone(
    handler: CommandHandler, caller: Caller, store: Store
) -> None:
    # Monday 08:00 UTC is still Sunday 22 November in Pago Pago (UTC-11)
    ok = await run(handler, "/prep profile interview=2026-11-22 tz=Pacific/Pago_Pago", caller)
    assert "Sunday 22 November 2026" in said(ok)
    assert "in the past" in said(
        await run(handler, "/prep profile interview=2026-11-22", person("bob"))
    )


async def test_a_plan_button_names_all_it_shows_and_a_stale_one_says_so(
    handler: CommandHandler, caller: Caller
) -> None:
    # a payload typed by hand: nothing is remembered between the reply and the press
    week = await handler.press("plan-week", "netflix-pm 2027-01-15 2026-12-01", caller)
    assert field_names(week)[0].startswith("Tue 01 Dec: ")
    assert len(field_names(week)) == 7
    for stale in ("gone-pm 2027-01-15 2026-12-01", "netflix-pm soon", ""):
        reply = await handler.press("plan-weeks", stale, caller)
        assert "no longer exists" in said(reply)
    past = await handler.press("plan-week", "netflix-pm 2026-11-01 2026-11-01", caller)
    assert "in the past" in said(past)


async def test_plan_comes_from_the_stored_profile(handler: CommandHandler, caller: Caller) -> None:
    missing = await run(handler, "/prep plan", caller)
    assert "I need your target role and interview date" in said(missing)
    await run(handler, "/prep profile role=amazon-pm interview=2026-12-21", caller)
    plan = await run(handler, "/prep plan", caller)
    assert plan.title == "Your plan for amazon-pm"
    assert "Amazon Product Manager interview is in 28 days" in said(plan)
    [week] = (s for s in plan.sections if isinstance(s, FieldsSection))
    assert len(week.fields) == 7  # Mon 23 Nov to Sun 29 Nov, one by one
    assert week.fields[-1].name.startswith("Sun 29 Nov")
    # the next week is a button away, and the one after it, to the interview day itself
    later = await handler.press("plan-week", plan.buttons[0].payload, caller)
    assert later.replaces
    assert field_names(later)[0].startswith("Mon 30 Nov")
    weeks = await handler.press("plan-weeks", later.buttons[-1].payload, caller)
    # the whole plan, a line a week: each line names the days it covers
    assert field_names(weeks) == [
        "Mon 23 Nov – Sun 29 Nov",
        "Mon 30 Nov – Sun 06 Dec",
        "Mon 07 Dec – Sun 13 Dec",
        "Mon 14 Dec – Sun 20 Dec",
        "Mon 21 Dec",
    ]
    last = await handler.press("plan-week", "amazon-pm 2026-12-21 2026-12-21", caller)
    assert field_names(last)[-1] == "Mon 21 Dec: Interview day"
    assert [b.label for b in last.buttons] == ["◂ Week before", "Whole plan"]
    direct = await run(handler, "/prep plan netflix-pm 2026-11-30", caller)
    assert direct.title == "Your plan for netflix-pm"
    assert "Mon 30 Nov: Interview day" in said(direct)
    today = await run(handler, "/prep plan netflix-pm 2026-11-23", caller)
    assert "Netflix Product Manager interview is today" in said(today)
    # a plan is built day by day, so a date years away is refused, not computed
    far = await run(handler, "/prep plan netflix-pm 9999-12-31", caller)
    assert far.title == ERROR
    assert "Give a date up to 2027-11-24" in said(far)


async def test_stats_count_streak_practice_and_fit_and_show_the_leaderboard_in_a_channel(
    handler: CommandHandler, caller: Caller, clock: FakeClock
) -> None:
    assert "Nothing yet" in said(await run(handler, "/prep stats", caller))
    await run(handler, "/practice amazon-pm", caller)
    await run(handler, "/practice", caller)
    await _take_the_fit_quiz(handler, caller)
    for day in (22, 23):
        await handler.press("checkin.done", f"2026-11-{day}", caller)
    await handler.press("checkin.done", "2026-11-23", person("bob"))
    stats = said(await run(handler, "/prep stats", caller))
    assert "Streak: 2 days (best 2)" in stats
    assert "Check-ins done: 2" in stats
    assert "Practice questions: 2" in stats
    assert "Fit quizzes: 1" in stats
    assert "Leaderboard: days practised in the last 28" in stats
    assert "1. @ada: 2 of the last 28 days (streak 2)\n2. @bob: 1 of the last 28 days" in stats
    direct = said(await run(handler, "/prep stats", person("ada", channel="D1", is_direct=True)))
    assert "Leaderboard" not in direct


async def _take_the_fit_quiz(handler: CommandHandler, caller: Caller) -> Reply:
    reply = await run(handler, "/fit", caller)
    for _ in range(50):
        if not reply.buttons or reply.buttons[0].action != ANSWER_ACTION:
            return reply
        reply = await handler.press(ANSWER_ACTION, reply.buttons[0].payload, caller)
    raise AssertionError("the quiz never ended")


# /prep forget --------------------------------------------------------------------------------


async def _leave_traces(handler: CommandHandler, who: Caller) -> None:
    await run(handler, "/prep profile role=netflix-pm interview=2026-12-20 tz=UTC", who)
    await run(handler, "/prep profile keep-answers=yes", who)
    question = await run(handler, "/practice netflix-pm", who)
    answer = next(b for b in question.buttons if b.action == "practice.answer")
    revealed = await handler.press(answer.action, answered(answer.payload, "My answer"), who)
    good = next(b for b in revealed.buttons if b.label == "Good")
    assert (await handler.press(good.action, good.payload, who)).title == "Graded: Good"
    await _take_the_fit_quiz(handler, who)
    await run(handler, f"/prep schedule #{who.user}-room 09:00 daily", who)
    await run(handler, "/prep checkin 08:30", who)
    await handler.press("checkin.done", "2026-11-23", who)
    await handler.press("checkin.snooze", "2026-11-23", who)
    await run(handler, "/mock amazon-pm", who)  # a mock in progress
    # a question of their own for the group, which they approve as a moderator
    fields = [f"How would {who.user} pick a metric?", "execution", "netflix-pm", "a\nb\nc"]
    suggested = await handler.press("questions.suggest", answered("", json.dumps(fields)), who)
    approve = next(b for b in suggested.buttons if b.action == "questions.approve")
    await handler.press(approve.action, approve.payload, who)


async def _footprint(store: Store, who: Caller) -> tuple[int, set[int]]:
    """The user's row id and the ids of the schedules they own or receive."""
    async with session_factory(store.engine)() as session:
        user_pk = await session.scalar(select(UserRow.id).where(UserRow.user_id == who.user))
    assert user_pk is not None
    schedules = {s.id for s in await all_schedules(store) if who.user in (s.owner, s.target)}
    return user_pk, schedules


async def test_forget_leaves_no_row_about_the_user_in_any_table(
    handler: CommandHandler, store: Store, content: Content, clock: FakeClock, caller: Caller
) -> None:
    bob = person("bob")
    for who in (caller, bob):
        await _leave_traces(handler, who)
    await run(handler, "/prep pair on #pairs mon 09:00 UTC", person("cy"))
    for who in (caller, bob):
        await run(handler, "/prep pair join #pairs", who)
    clock.now = datetime(2026, 11, 23, 9, 0, 30, tzinfo=UTC)
    messenger = FakeMessenger()
    dispatcher = Dispatcher(
        store, content, {Platform.CONSOLE: messenger}, clock, rng=random.Random(3), worker="w"
    )
    # for each of them: the check-in, the channel's question, the snoozed check-in; and the
    # week's pairing that puts them together
    assert (await dispatcher.tick()).sent == 7
    await _give_each_other_feedback(handler, messenger, (caller, bob))
    ada_pk, ada_schedules = await _footprint(store, caller)
    bob_pk, bob_schedules = await _footprint(store, bob)
    assert len(ada_schedules) == 4  # a channel schedule, check-in, summary and snooze

    tables = await _every_table(store)
    assert set(tables) == {t.name for t in Base.metadata.sorted_tables}, "a table is not checked"
    for name, rows in tables.items():
        if name in HOLD_NOTHING_PERSONAL:
            continue
        # or this test could pass by deleting nothing, or everything
        assert _rows_about(rows, "ada", ada_pk, ada_schedules), name
        assert _rows_about(rows, "bob", bob_pk, bob_schedules), name

    confirm = await run(handler, "/prep forget", caller)
    assert [b.action for b in confirm.buttons] == ["prep.forget"]
    tables = await _every_table(store)
    assert all(
        _rows_about(rows, "ada", ada_pk, ada_schedules)
        for name, rows in tables.items()
        if name not in HOLD_NOTHING_PERSONAL
    )

    done = await handler.press("prep.forget", "", caller)
    assert done.title == "Deleted"
    assert "including 4 schedules" in said(done)
    for name, rows in (await _every_table(store)).items():
        assert _rows_about(rows, "ada", ada_pk, ada_schedules) == [], name
        assert name in HOLD_NOTHING_PERSONAL or _rows_about(rows, "bob", bob_pk, bob_schedules)
    again = await handler.press("prep.forget", "", caller)
    assert again.title == "Nothing to delete"


async def _give_each_other_feedback(
    handler: CommandHandler, messenger: FakeMessenger, pair: tuple[Caller, Caller]
) -> None:
    """Each asks for a rematch, then they meet after all and fill in each other's form."""
    handler.connect_channels(messenger)
    [group] = [p for p in messenger.posts if p.kind == "group"]
    met = group.reply.buttons[0]
    for who in pair:  # each first asks for another partner, and nobody else is there
        asked = await handler.press(REMATCH, met.payload, who)
        assert asked.title == "You're on standby", said(asked)
    await handler.press(met.action, met.payload, pair[0])
    for who in pair:
        [invite] = [
            p.reply
            for p in messenger.direct_posts
            if p.target == who.user and p.reply.title == "How did your partner do?"
        ]
        form = await handler.press(invite.buttons[0].action, invite.buttons[0].payload, who)
        assert form.checklist is not None
        step = await handler.press(form.checklist.action, ticked(form.checklist.payload, [1]), who)
        note = answered(step.buttons[0].payload, json.dumps(["Name the metric first"]))
        sent = await handler.press(step.buttons[0].action, note, who)
        assert sent.title == "Feedback sent", said(sent)


# What a platform said about a workspace's send rate, the shared overall send pace, and a
# workspace's bank as a whole (its revision, the shipped questions it hides).
HOLD_NOTHING_PERSONAL = {"rate_holds", "send_pace", "workspace_banks"}


async def _every_table(store: Store) -> dict[str, list[dict[str, Any]]]:
    """Every row of every table in the database (not only those the models know)."""
    async with store.engine.connect() as connection:
        names = await connection.run_sync(lambda c: inspect(c).get_table_names())
        tables: dict[str, list[dict[str, Any]]] = {}
        for name in names:
            # slack_*: a workspace's installation (its installer's id among it), which goes
            # when the workspace removes the app, not when one member asks to be forgotten.
            if name == "alembic_version" or not described_here(name, "table"):
                continue
            table = Base.metadata.tables[name]
            rows = (await connection.execute(select(table))).mappings().all()
            tables[name] = [{"__table__": name, **row} for row in rows]
        return tables


def _rows_about(
    rows: list[dict[str, Any]], user: str, user_pk: int, schedule_ids: set[int]
) -> list[dict[str, Any]]:
    """Rows that name the user, are their user row, point at it, or belong to their schedules."""
    found = []
    for row in rows:
        table = Base.metadata.tables[row["__table__"]]
        about = any(value == user for value in row.values() if isinstance(value, str))
        about = about or (table.name == "users" and row["id"] == user_pk)
        about = about or (table.name == "schedules" and row["id"] in schedule_ids)
        about = about or (table.name == "pair_groups" and user in row["members"].split(","))
        for column in table.columns:
            for key in column.foreign_keys:
                target = key.column.table.name
                if target == "users" and row[column.name] == user_pk:
                    about = True
                if target == "schedules" and row[column.name] in schedule_ids:
                    about = True
        if about:
            found.append(row)
    return found


@pytest.mark.parametrize("command", ["/prep stats now", "/prep forget everything"])
async def test_commands_without_arguments_refuse_extra_words(
    command: str, handler: CommandHandler, caller: Caller
) -> None:
    reply = await run(handler, command, caller)
    assert reply.title == ERROR
    assert "takes nothing after it" in said(reply)
    assert not reply.buttons


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("/prep", "Subcommands: schedule, schedules"),
        ("/prep schedul", "Did you mean `/prep schedule`?"),
        ("/prep unschedule x", "for example `/prep unschedule 3`"),
        ("/prep resume", "for example `/prep resume 3`"),
        ("/prep plan netflix-pm", "for example `/prep plan"),
        ("/prep unschedule ²", "needs a schedule number"),
        ("/prep resume 99999999999999999999999", "no schedule #99999999999999999999999 here"),
    ],
)
async def test_prep_mistakes_point_to_the_subcommand_they_concern(
    command: str, expected: str, handler: CommandHandler, caller: Caller
) -> None:
    reply = await run(handler, command, caller)
    assert reply.title == ERROR
    assert expected in said(reply)
    assert "/prep forget" not in said(reply)


async def test_forget_only_asks_first(
    handler: CommandHandler, caller: Caller, store: Store
) -> None:
    await run(handler, "/prep profile role=netflix-pm", caller)
    reply = await run(handler, "/prep forget", caller)
    assert "cannot be undone" in said(reply)
    assert await store.users.user(caller.key) is not None


async def test_checkin_never_changes_the_profile_timezone(
    handler: CommandHandler, caller: Caller, store: Store
) -> None:
    await run(handler, "/prep profile tz=Europe/London", caller)
    await run(handler, "/prep checkin 08:00", caller)
    reply = await run(handler, "/prep checkin 11:15 UTC", caller)
    assert "11:15 UTC" in said(reply)
    assert "your other times stay in Europe/London" in said(reply)
    user = await store.users.user(caller.key)
    assert user is not None
    assert user.timezone == "Europe/London"
    # A new time alone keeps the check-ins' zone, and says so again.
    later = await run(handler, "/prep checkin 11:30", caller)
    assert "11:30 UTC" in said(later)
    assert "your other times stay in Europe/London" in said(later)
    # Given the profile's own zone, there is nothing to point out.
    same = await run(handler, "/prep checkin 09:00 Europe/London", caller)
    assert "other times" not in said(same)


async def test_checkin_says_which_zone_a_city_or_abbreviation_chose(
    handler: CommandHandler, caller: Caller, store: Store
) -> None:
    reply = await run(handler, "/prep checkin 8am sf", caller)
    assert "Timezone: sf → America/Los_Angeles." in said(reply)
    named = await run(handler, "/prep checkin 8am America/Los_Angeles", caller)
    assert "Timezone:" not in said(named)


async def test_checkin_asks_for_the_interview_date_only_when_it_is_not_set(
    handler: CommandHandler, caller: Caller
) -> None:
    assert "Set your interview date" in said(await run(handler, "/prep checkin 08:00", caller))
    await run(handler, "/prep profile interview=2026-12-20", caller)
    assert "Set your interview date" not in said(await run(handler, "/prep checkin 08:00", caller))


async def test_a_check_in_in_its_own_zone_is_answered_on_its_own_day(
    handler: CommandHandler, caller: Caller, clock: FakeClock
) -> None:
    # 23:30 UTC on the 23rd is already the 24th in Tokyo, where the check-ins run.
    clock.now = datetime(2026, 11, 23, 23, 30, tzinfo=UTC)
    await run(handler, "/prep checkin 08:00 Asia/Tokyo", caller)
    reply = await handler.press("checkin.done", "2026-11-24", caller)
    assert reply.title == "Nice work"


async def test_checkin_off_takes_nothing_after_it(
    handler: CommandHandler, caller: Caller, store: Store
) -> None:
    await run(handler, "/prep checkin 08:00", caller)
    refused = await run(handler, "/prep checkin off please", caller)
    assert "takes nothing after it" in said(refused)
    assert len(await all_schedules(store)) == 2
