"""The plan as replies a phone can read: it opens on this week, day by day, with buttons to the
next week and to the whole plan, which lists every week in a line and is paged when long.

A week is the seven days from the day it starts (this week: from today), not a calendar week,
so that "this week" always holds seven days of work. A button's payload names the role, the
interview date and the first day it shows, so that it means the same after a restart and on
any replica; the days it shows depend on nothing else (see `plan.build_plan`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from core.coaching.plan import PlanDay
from core.content.models import Role
from core.kernel.reply import Button, FieldsSection, KeyValue, Reply, Section, TextSection
from core.kernel.words import plural

WEEK_ACTION = "plan-week"
WEEKS_ACTION = "plan-weeks"
WEEK = 7
WEEKS_PER_PAGE = 10  # two or three lines a week: a page stays well inside a phone's screen


@dataclass(frozen=True)
class PlanPage:
    """What a plan button opens: whose plan, to which interview, from which day."""

    role: str
    interview: date
    start: date

    def payload(self) -> str:
        return f"{self.role} {self.interview.isoformat()} {self.start.isoformat()}"


def parse_page(payload: str) -> PlanPage | None:
    """The page a button names; None when its payload is not one (an older bot's button)."""
    words = payload.split()
    if len(words) != 3:
        return None
    try:
        interview, start = date.fromisoformat(words[1]), date.fromisoformat(words[2])
    except ValueError:
        return None
    return PlanPage(words[0], interview, start)


PlanView = Callable[[Role, list[PlanDay], date, date | None], Reply]


def week_reply(role: Role, plan: list[PlanDay], today: date, start: date | None = None) -> Reply:
    """The seven days from `start` (by default today), one by one; and the interview day
    too when it is the only day after them, rather than a week of one day."""
    start = max(start or today, today)
    interview = plan[-1].day
    end = start + timedelta(days=WEEK)
    end += timedelta(days=1) if end == interview else timedelta()
    days = [d for d in plan if start <= d.day < end]
    heading = "This week" if start == today else f"The week from {start:%a %d %b}"
    fields = tuple(KeyValue(name=f"{d.day:%a %d %b}: {d.focus}", value=d.detail) for d in days)
    buttons: list[Button] = []
    if start > today:
        earlier = max(start - timedelta(days=WEEK), today)
        buttons.append(_button(WEEK_ACTION, "◂ Week before", role, interview, earlier))
    if end <= interview:
        buttons.append(_button(WEEK_ACTION, "Next week ▸", role, interview, end))
    buttons.append(_button(WEEKS_ACTION, "Whole plan", role, interview, today))
    return Reply(
        title=f"Your plan for {role.id}",
        sections=(_lead(role, interview, today), FieldsSection(heading=heading, fields=fields)),
        buttons=tuple(buttons),
    )


def weeks_reply(role: Role, plan: list[PlanDay], today: date, start: date | None = None) -> Reply:
    """Every week from `start` (by default today) to the interview, a line each: the day it
    starts and ends and the focus of each of its days; `WEEKS_PER_PAGE` weeks a page."""
    start = max(start or today, today)
    interview = plan[-1].day
    end = start + timedelta(days=WEEK * WEEKS_PER_PAGE)
    shown = [d for d in plan if start <= d.day < end]
    weeks = [shown[i : i + WEEK] for i in range(0, len(shown), WEEK)]
    fields = tuple(
        KeyValue(name=_span(week[0].day, week[-1].day), value=_focuses(week)) for week in weeks
    )
    sections: list[Section] = [_lead(role, interview, today)]
    more = end <= interview
    heading = "Week by week" if start == today and not more else f"Week by week, {_part(weeks)}"
    sections.append(FieldsSection(heading=heading, fields=fields))
    buttons = [_button(WEEK_ACTION, "This week", role, interview, today)]
    if start > today:
        earlier = max(start - timedelta(days=WEEK * WEEKS_PER_PAGE), today)
        buttons.append(_button(WEEKS_ACTION, "◂ Earlier weeks", role, interview, earlier))
    if more:
        buttons.append(_button(WEEKS_ACTION, "Later weeks ▸", role, interview, end))
    return Reply(title=f"Your plan for {role.id}", sections=tuple(sections), buttons=tuple(buttons))


def _lead(role: Role, interview: date, today: date) -> TextSection:
    days_left = (interview - today).days
    when = "today" if days_left == 0 else f"in {plural(days_left, 'day')}"
    text = f"Your {role.company} {role.title} interview is {when}, on {interview:%A %d %B %Y}."
    if len(role.interview) > 1:
        # The mock days take their stages from every account of the loop.
        text += (
            f" ⚑ The articles give {len(role.interview)} accounts of this loop; the mock days"
            f" practise the stages of each (`/role {role.id} interview` sets them side by side)."
        )
    return TextSection(text=text)


def _button(action: str, label: str, role: Role, interview: date, start: date) -> Button:
    return Button(action=action, label=label, payload=PlanPage(role.id, interview, start).payload())


def _focuses(week: list[PlanDay]) -> str:
    return ", ".join(dict.fromkeys(d.focus for d in week))


def _part(weeks: list[list[PlanDay]]) -> str:
    return f"{weeks[0][0].day:%d %b} to {weeks[-1][-1].day:%d %b}" if weeks else "none left"


def _span(first: date, last: date) -> str:
    """`Sun 06 Dec`, or `Mon 07 Dec – Sun 13 Dec`: the days a weekly line covers."""
    return f"{first:%a %d %b}" if first == last else f"{first:%a %d %b} – {last:%a %d %b}"
