"""A day-by-day study plan from today to the interview, and the focus for any one day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from core.content.models import Category, PracticeQuestion, Role
from core.practice import CATEGORY_TITLES
from core.reply import FieldsSection, KeyValue, Reply, Section, TextSection

DAYS_SHOWN_ONE_BY_ONE = 14
MOCK_EVERY = 7
MAX_DAYS_AHEAD = 366  # the furthest interview a plan is built to


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
    return [
        _plan_day(role, categories, today, offset, days_left) for offset in range(days_left + 1)
    ]


def focus_for(
    role: Role, questions: tuple[PracticeQuestion, ...], today: date, interview: date
) -> PlanDay | None:
    """Today's entry of the plan, without building the rest of it."""
    if today > interview:
        return None
    categories = categories_for(role, questions)
    return _plan_day(role, categories, today, 0, (interview - today).days)


def _plan_day(
    role: Role, categories: list[Category], today: date, offset: int, days_left: int
) -> PlanDay:
    day = today + timedelta(days=offset)
    if offset == days_left:
        return PlanDay(day, "Interview day", "Good luck. Breathe; you are ready.", None)
    if offset == days_left - 1:
        return PlanDay(day, "Light review and rest", "Reread your stories; sleep.", None)
    checklist_item = role.checklist[offset % len(role.checklist)].text
    if (offset + 1) % MOCK_EVERY == 0:
        return PlanDay(day, "Mock interview", checklist_item, None)
    category = categories[offset % len(categories)]
    return PlanDay(day, CATEGORY_TITLES[category], checklist_item, category)


def plan_reply(role: Role, plan: list[PlanDay], today: date) -> Reply:
    interview = plan[-1].day
    days_left = (interview - today).days
    when = "today" if days_left == 0 else f"in {days_left} day(s)"
    shown = plan[:DAYS_SHOWN_ONE_BY_ONE]
    fields = tuple(KeyValue(name=f"{d.day:%a %d %b}: {d.focus}", value=d.detail) for d in shown)
    sections: list[Section] = [
        TextSection(
            text=f"Your {role.company} {role.title} interview is {when}, "
            f"on {interview:%A %d %B %Y}."
        ),
        FieldsSection(heading="Day by day", fields=fields),
    ]
    rest = plan[DAYS_SHOWN_ONE_BY_ONE:]
    if rest:
        weeks: dict[date, list[PlanDay]] = {}
        for d in rest:
            monday = d.day - timedelta(days=d.day.weekday())
            weeks.setdefault(monday, []).append(d)
        weekly = tuple(
            KeyValue(
                name=_span(days[0].day, days[-1].day),
                value=", ".join(dict.fromkeys(d.focus for d in days)),
            )
            for days in weeks.values()
        )
        sections.append(FieldsSection(heading="After that, week by week", fields=weekly))
    return Reply(title=f"Your plan for {role.id}", sections=tuple(sections))


def _span(first: date, last: date) -> str:
    """`Sun 06 Dec`, or `Mon 07 Dec – Sun 13 Dec`: the days a weekly line covers."""
    return f"{first:%a %d %b}" if first == last else f"{first:%a %d %b} – {last:%a %d %b}"
