from __future__ import annotations

import re
from datetime import date, timedelta
from itertools import pairwise

import pytest

from core.coaching.plan import build_plan, focus_for
from core.coaching.plan_views import WEEKS_PER_PAGE, week_reply, weeks_reply
from core.content.loader import Content
from core.kernel.reply import FieldsSection, TextSection

TODAY = date(2026, 11, 23)
PROMPT = re.compile(r"^Answer aloud: “(.*)” Then ", re.DOTALL)


def test_a_days_task_belongs_to_its_label(content: Content) -> None:
    """The reported plan: 19 days to an Amazon interview paired labels and tasks at random."""
    role = content.roles["amazon-pm"]
    by_prompt = {q.prompt: q for q in content.questions}
    # which day each checklist item belongs on, read from the item's own words
    expected = {
        "Go through the Leadership Principles": "Leadership principles",
        "Practise product-sense exercises": "Product sense",
        "Rework your résumé bullets": "Behavioural",
        "Fit your most recent project": "Behavioural",
        "Rehearse a mock bar-raiser round": "Mock interview",
    }
    seen = set()
    for days in (19, 60):
        for day in build_plan(role, content.questions, TODAY, TODAY + timedelta(days=days)):
            prompt = PROMPT.match(day.detail)
            if prompt:
                question = by_prompt[prompt.group(1)]
                assert day.category is question.category, day
                assert role.id in question.roles
            for start, label in expected.items():
                if day.detail.startswith(start):
                    assert day.focus == label, day
                    seen.add(start)
    assert seen == set(expected)


def test_mock_days_set_a_mock_not_a_checklist_item(content: Content) -> None:
    for role in content.roles.values():
        plan = build_plan(role, content.questions, TODAY, TODAY + timedelta(days=90))
        mocks = [d for d in plan if d.focus == "Mock interview"]
        assert len(mocks) >= 12
        not_mocks = {item.text for item in role.checklist if "mock" not in item.text.lower()}
        for day in mocks:
            assert "mock" in day.detail.lower(), day
            assert day.detail not in not_mocks
        # the mocks go through the stages of the loop
        stages = {s.name for loop in role.interview for s in loop.stages}
        assert all(any(s in d.detail for d in mocks) for s in stages), role.id


def test_every_checklist_item_has_a_day(content: Content) -> None:
    for role in content.roles.values():
        plan = build_plan(role, content.questions, TODAY, TODAY + timedelta(days=120))
        details = {d.detail for d in plan}
        missing = [item.text for item in role.checklist if item.text not in details]
        assert not missing, role.id


def test_the_plan_opens_on_seven_days_from_today_one_by_one(content: Content) -> None:
    role = content.roles["amazon-pm"]
    interview = TODAY + timedelta(days=40)
    plan = build_plan(role, content.questions, TODAY, interview)
    reply = week_reply(role, plan, TODAY)
    [week] = [s for s in reply.sections if isinstance(s, FieldsSection)]
    assert week.heading == "This week"
    names = [(TODAY + timedelta(days=i)).strftime("%a %d %b") for i in range(7)]
    assert [f.name.split(":")[0] for f in week.fields] == names
    assert [f.value for f in week.fields] == [d.detail for d in plan[:7]]
    assert [b.label for b in reply.buttons] == ["Next week ▸", "Whole plan"]
    assert reply.buttons[0].payload == "amazon-pm 2027-01-02 2026-11-30"


def test_the_last_week_runs_to_the_interview_day_and_offers_no_next(content: Content) -> None:
    role = content.roles["amazon-pm"]
    interview = TODAY + timedelta(days=40)
    plan = build_plan(role, content.questions, TODAY, interview)
    reply = week_reply(role, plan, TODAY, interview - timedelta(days=3))
    [week] = [s for s in reply.sections if isinstance(s, FieldsSection)]
    assert week.heading == "The week from Wed 30 Dec"
    assert week.fields[-1].name == "Sat 02 Jan: Interview day"
    assert week.fields[-2].name.endswith("Light review and rest")
    labels = [b.label for b in reply.buttons]
    assert labels == ["◂ Week before", "Whole plan"]
    assert reply.buttons[0].payload == "amazon-pm 2027-01-02 2026-12-23"


def test_a_week_never_starts_before_today(content: Content) -> None:
    """A button pressed days after it was sent shows from the day it is pressed."""
    role = content.roles["netflix-pm"]
    plan = build_plan(role, content.questions, TODAY, TODAY + timedelta(days=30))
    reply = week_reply(role, plan, TODAY, TODAY - timedelta(days=5))
    assert reply == week_reply(role, plan, TODAY)


def test_the_whole_plan_is_a_line_a_week_ten_weeks_a_page(content: Content) -> None:
    role = content.roles["amazon-pm"]
    interview = TODAY + timedelta(days=100)  # fifteen weeks: two pages
    plan = build_plan(role, content.questions, TODAY, interview)
    first = weeks_reply(role, plan, TODAY)
    [weeks] = [s for s in first.sections if isinstance(s, FieldsSection)]
    assert len(weeks.fields) == WEEKS_PER_PAGE
    assert weeks.fields[0].name == "Mon 23 Nov – Sun 29 Nov"
    assert set(weeks.fields[0].value.split(", ")) == {d.focus for d in plan[:7]}
    assert [b.label for b in first.buttons] == ["This week", "Later weeks ▸"]
    later = date.fromisoformat(first.buttons[1].payload.split()[2])
    second = weeks_reply(role, plan, TODAY, later)
    [rest] = [s for s in second.sections if isinstance(s, FieldsSection)]
    assert rest.fields[0].name == "Mon 01 Feb – Sun 07 Feb"
    assert rest.fields[-1].name.endswith(f"{interview:%a %d %b}")
    assert "Interview day" in rest.fields[-1].value
    assert [b.label for b in second.buttons] == ["This week", "◂ Earlier weeks"]
    assert second.buttons[1].payload.endswith(TODAY.isoformat())


def test_a_short_plan_is_one_page_of_weeks(content: Content) -> None:
    role = content.roles["amazon-pm"]
    plan = build_plan(role, content.questions, TODAY, TODAY + timedelta(days=19))
    reply = weeks_reply(role, plan, TODAY)
    [weeks] = [s for s in reply.sections if isinstance(s, FieldsSection)]
    assert weeks.heading == "Week by week"
    assert len(weeks.fields) == 3  # 20 days: two whole weeks and six days
    assert [b.label for b in reply.buttons] == ["This week"]


@pytest.mark.parametrize("role_id", ["amazon-pm", "netflix-pm", "netflix-pmm"])
def test_a_days_entry_does_not_depend_on_when_the_plan_is_read(
    content: Content, role_id: str
) -> None:
    role = content.roles[role_id]
    interview = TODAY + timedelta(days=45)
    plan = build_plan(role, content.questions, TODAY, interview)
    for offset in (0, 1, 5, 13, 30, 44, 45):
        day = TODAY + timedelta(days=offset)
        assert focus_for(role, content.questions, day, interview) == plan[offset]
        assert build_plan(role, content.questions, day, interview) == plan[offset:]


def test_the_check_in_focus_moves_on_each_day(content: Content) -> None:
    role = content.roles["netflix-pm"]
    interview = TODAY + timedelta(days=30)
    week = [
        focus_for(role, content.questions, TODAY + timedelta(days=n), interview) for n in range(7)
    ]
    assert len({d.focus for d in week if d is not None}) >= 4
    assert focus_for(role, content.questions, interview + timedelta(days=1), interview) is None


def test_research_comes_once_an_item_and_no_theme_runs_two_days(content: Content) -> None:
    for role in content.roles.values():
        plan = build_plan(role, content.questions, TODAY, TODAY + timedelta(days=90))
        research = [d.detail for d in plan if d.focus == "Research the role"]
        assert len(research) == len(set(research)), role.id
        assert all(a.focus != b.focus for a, b in pairwise(plan)), role.id
    questions = [d.detail for d in plan if "“" in d.detail]
    assert len(questions) > len(set(questions)) > 10  # a long plan goes round the questions


def test_a_plan_that_mixes_two_accounts_of_the_loop_says_so(content: Content) -> None:
    for role in content.roles.values():
        plan = build_plan(role, content.questions, TODAY, TODAY + timedelta(days=44))
        lead = week_reply(role, plan, TODAY).sections[0]
        assert isinstance(lead, TextSection)
        assert ("⚑" in lead.text) is (len(role.interview) > 1), role.id
