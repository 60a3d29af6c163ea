"""A day-by-day study plan from today to the interview, and the focus for any one day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from core.content.models import Category, PracticeQuestion, Role
from core.practice import CATEGORY_TITLES
from core.reply import FieldsSection, KeyValue, Reply, Section, TextSection

DAYS_SHOWN_ONE_BY_ONE = 14
MOCK_EVERY = 7


@dataclass(frozen=True)
class PlanDay:
    day: date
    focus: str
    detail: str
    category: Category | None


def categories_for(role: Role, questions: tuple[PracticeQuestion, ...]) -> list[Category]:
    present = {q.category for q in questions if role.id in q.roles}
    return [c for c in Category if c in present] or list(Category)


def build_plan(
    role: Role, questions: tuple[PracticeQuestion, ...], today: date, interview: date
) -> list[PlanDay]:
    days_left = (interview - today).days
    categories = categories_for(role, questions)
    plan = []
    for offset in range(days_left):
        day = today + timedelta(days=offset)
        checklist_item = role.checklist[offset % len(role.checklist)].text
        if offset == days_left - 1:
            plan.append(PlanDay(day, "Light review and rest", "Reread your stories; sleep.", None))
        elif (offset + 1) % MOCK_EVERY == 0:
            plan.append(PlanDay(day, "Mock interview", checklist_item, None))
        else:
            category = categories[offset % len(categories)]
            plan.append(PlanDay(day, CATEGORY_TITLES[category], checklist_item, category))
    plan.append(PlanDay(interview, "Interview day", "Good luck. Breathe; you are ready.", None))
    return plan


def focus_for(
    role: Role, questions: tuple[PracticeQuestion, ...], today: date, interview: date
) -> PlanDay | None:
    if today > interview:
        return None
    return build_plan(role, questions, today, interview)[0]


def plan_reply(role: Role, plan: list[PlanDay], today: date) -> Reply:
    days_left = (plan[-1].day - today).days
    shown = plan[:DAYS_SHOWN_ONE_BY_ONE]
    fields = tuple(KeyValue(name=f"{d.day:%a %d %b}: {d.focus}", value=d.detail) for d in shown)
    sections: list[Section] = [
        TextSection(
            text=f"{days_left} day(s) to your {role.company} {role.title} interview "
            f"on {plan[-1].day:%A %d %B %Y}."
        ),
        FieldsSection(heading="Day by day", fields=fields),
    ]
    rest = plan[DAYS_SHOWN_ONE_BY_ONE:]
    if rest:
        weeks: dict[date, list[str]] = {}
        for d in rest:
            monday = d.day - timedelta(days=d.day.weekday())
            weeks.setdefault(monday, []).append(d.focus)
        weekly = tuple(
            KeyValue(name=f"Week of {monday:%d %b}", value=", ".join(dict.fromkeys(focuses)))
            for monday, focuses in weeks.items()
        )
        sections.append(FieldsSection(heading="After that, week by week", fields=weekly))
    return Reply(title=f"Your plan for {role.id}", sections=tuple(sections))
