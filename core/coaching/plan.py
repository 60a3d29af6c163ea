"""A day-by-day study plan from today to the interview, and the focus for any one day.

Each day is placed by how many days it lies before the interview, so a day's entry is the same
whichever day the plan is read on (the check-in's "today's focus" moves on day by day). A day
has a theme (a practice category, a mock interview, or research for the checklist items that
name no category) and a task drawn from that theme: the role's checklist items that name the
theme first, then the role's practice questions of that category, or for mock days, the stages
of the role's interview loop.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from core.content.models import Category, PracticeQuestion, Role
from core.practice.bank import CATEGORY_TITLES

MOCK_EVERY = 7
MAX_DAYS_AHEAD = 366  # the furthest interview a plan is built to
MOCK = "Mock interview"
RESEARCH = "Research the role"

# Words by which a checklist item names its theme, tried in this order: "line up a story for
# each Leadership Principle" is leadership, not behavioural. An item naming a category the
# role has no questions in, or none at all, goes to the research days.
_MOCK_WORDS = re.compile(r"\bmock", re.IGNORECASE)
_RESEARCH_WORDS = re.compile(r"\b(ask|bring questions|dig into)\b", re.IGNORECASE)
_THEME_WORDS: tuple[tuple[Category, re.Pattern[str]], ...] = tuple(
    (category, re.compile(pattern, re.IGNORECASE))
    for category, pattern in (
        (Category.LEADERSHIP_PRINCIPLES, r"\bleadership principle"),
        (Category.CULTURE, r"\bculture\b"),
        (Category.MARKET_STRATEGY, r"\bmarket"),
        (Category.PRODUCT_SENSE, r"\bproduct[- ](sense|development)\b"),
        (Category.BEHAVIOURAL, r"\b(story|stories|project|résumé|strengths)\b"),
        (Category.EXECUTION, r"\b(metrics?|numbers?|data)\b"),
    )
)


@dataclass(frozen=True)
class PlanDay:
    day: date
    focus: str
    detail: str
    category: Category | None


@dataclass(frozen=True)
class _Theme:
    label: str
    category: Category | None
    tasks: tuple[str, ...]


@dataclass(frozen=True)
class _Tasks:
    """What a role's plan draws on: the themes its study days take turns at, and mock tasks."""

    themes: tuple[_Theme, ...]
    mocks: tuple[str, ...]
    research_rounds: int  # the rounds of themes that include a research day


def categories_for(role: Role, questions: tuple[PracticeQuestion, ...]) -> list[Category]:
    present = {q.category for q in questions if role.id in q.roles}
    return [c for c in Category if c in present] or list(Category)


def build_plan(
    role: Role, questions: tuple[PracticeQuestion, ...], today: date, interview: date
) -> list[PlanDay]:
    tasks = _tasks(role, questions)
    days_left = (interview - today).days
    return [_plan_day(role, tasks, interview, before) for before in range(days_left, -1, -1)]


def focus_for(
    role: Role, questions: tuple[PracticeQuestion, ...], today: date, interview: date
) -> PlanDay | None:
    """Today's entry of the plan, without building the rest of it."""
    if today > interview:
        return None
    return _plan_day(role, _tasks(role, questions), interview, (interview - today).days)


def _tasks(role: Role, questions: tuple[PracticeQuestion, ...]) -> _Tasks:
    categories = tuple(categories_for(role, questions))
    fitting: dict[Category, list[str]] = {c: [] for c in categories}
    mocks: list[str] = []
    research: list[str] = []
    for item in role.checklist:
        if _MOCK_WORDS.search(item.text):
            mocks.append(item.text)
            continue
        if _RESEARCH_WORDS.search(item.text):
            research.append(item.text)
            continue
        theme = next(
            (c for c, words in _THEME_WORDS if c in fitting and words.search(item.text)), None
        )
        (fitting[theme] if theme is not None else research).append(item.text)
    for category in categories:
        fitting[category].extend(
            _practice_task(role, category, q.prompt)
            for q in questions
            if role.id in q.roles and q.category is category
        )
        if not fitting[category]:  # a role with no question in any category: still a task
            fitting[category].append(_practice_task(role, category, None))
    stages = dict.fromkeys(s.name for loop in role.interview for s in loop.stages)
    mocks.extend(_mock_task(role, stage) for stage in stages)
    themes = [_Theme(CATEGORY_TITLES[c], c, tuple(tasks)) for c, tasks in fitting.items()]
    if research:
        themes.append(_Theme(RESEARCH, None, tuple(research)))
    return _Tasks(themes=tuple(themes), mocks=tuple(mocks), research_rounds=len(research))


def _practice_task(role: Role, category: Category, prompt: str | None) -> str:
    more = f"`/practice {role.id} {category.value}`"
    if prompt is None:
        return f"Answer {CATEGORY_TITLES[category].lower()} questions aloud: {more}."
    # `/practice` shows, behind a button, what a strong answer covers: no need to say it here.
    return f"Answer aloud: “{prompt}” Then {more} for more."


def _mock_task(role: Role, stage: str) -> str:
    return (
        f"Run a timed mock of the “{stage}” stage: a peer asks `/practice {role.id}` "
        "questions, you answer aloud, then you both check each answer against its rubric."
    )


def _plan_day(role: Role, tasks: _Tasks, interview: date, before: int) -> PlanDay:
    """The entry for the day `before` days ahead of the interview."""
    day = interview - timedelta(days=before)
    if before == 0:
        return PlanDay(day, "Interview day", "Good luck. Breathe; you are ready.", None)
    if before == 1:
        return PlanDay(day, "Light review and rest", "Reread your stories; sleep.", None)
    if before % MOCK_EVERY == 0:
        mock = before // MOCK_EVERY - 1
        return PlanDay(day, MOCK, tasks.mocks[mock % len(tasks.mocks)], None)
    # Count the study days between this one and the rest day. The themes take turns over them
    # in rounds, read forward in order; research takes a turn only while it has items left.
    study = (before - 2) - (before - 1) // MOCK_EVERY
    themes, rounds_before = tasks.themes, 0
    if study >= tasks.research_rounds * len(tasks.themes):
        study -= tasks.research_rounds * len(tasks.themes)
        themes = tuple(t for t in tasks.themes if t.category is not None)
        rounds_before = tasks.research_rounds
    round_ = rounds_before + study // len(themes)
    theme = themes[len(themes) - 1 - study % len(themes)]
    task = theme.tasks[round_ % len(theme.tasks)]
    return PlanDay(day, theme.label, task, theme.category)
