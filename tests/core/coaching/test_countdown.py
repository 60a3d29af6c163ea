"""Check-ins as the interview comes close: a mock stage every other day from two weeks out,
reviews only in the last three days, the checklist the day before, and how it went after."""

from __future__ import annotations

from datetime import date, timedelta

from core.coaching.checkin import checkin_reply
from core.coaching.countdown import CHECKINS_OFF_ACTION, OUTCOME_ACTION
from core.coaching.profile import Profile
from core.commands.handler import CommandHandler
from core.content.loader import Content
from core.kernel.identity import Caller
from core.scheduling.schedules import ScheduleKind
from core.store.store import Store
from tests.fakes import all_schedules

INTERVIEW = date(2026, 12, 10)


def reply_on(content: Content, caller: Caller, days_before: int) -> str:
    profile = Profile(caller.key, target_role="amazon-pm", interview_date=INTERVIEW)
    today = INTERVIEW - timedelta(days=days_before)
    reply = checkin_reply(profile, content, today, content.questions[0])
    return reply.plain_text() + "\n" + " | ".join(b.label for b in reply.buttons)


def test_from_two_weeks_out_every_other_day_is_a_mock_day(content: Content, caller: Caller) -> None:
    mock_days = [d for d in range(4, 20) if "Mock day" in reply_on(content, caller, d)]
    assert mock_days == [4, 6, 8, 10, 12, 14]
    assert "/mock amazon-pm" in reply_on(content, caller, 10)


def test_the_last_three_days_bring_no_new_question(content: Content, caller: Caller) -> None:
    assert "Question of the day" in reply_on(content, caller, 4)
    for days in (3, 2, 1, 0):
        assert "Question of the day" not in reply_on(content, caller, days), days
    assert "Final days" in reply_on(content, caller, 2)


def test_the_day_before_lists_the_roles_checklist(content: Content, caller: Caller) -> None:
    text = reply_on(content, caller, 1)
    assert "Tomorrow: the checklist" in text
    for item in content.roles["amazon-pm"].checklist:
        assert item.text in text


async def test_the_day_after_asks_how_it_went_and_records_it(
    handler: CommandHandler, store: Store, content: Content, caller: Caller
) -> None:
    text = reply_on(content, caller, -1)
    assert "How did it go?" in text
    assert "It went well" in text
    await handler.handle("/prep checkin 08:00 UTC", caller)
    answer = await handler.press(OUTCOME_ACTION, f"went-well|{INTERVIEW}", caller)
    assert answer.title == "It went well"
    profile = await store.users.user(caller.key)
    assert profile is not None
    assert profile.interview_outcome == "went-well"
    assert any(s.kind is ScheduleKind.CHECKIN for s in await all_schedules(store))
    await handler.press(CHECKINS_OFF_ACTION, "", caller)
    assert not any(s.kind is ScheduleKind.CHECKIN for s in await all_schedules(store))
    refused = await handler.press(OUTCOME_ACTION, "great|2026-12-10", caller)
    assert refused.title.startswith("Sorry")
