"""The aspects of a role a reader can open (scope, interview loop, pay ...), their names, and
how a figure is written."""

from __future__ import annotations

from core.content.models import AspectName, Bound, Figure, Unit
from core.roles.catalog import normalise

# The content names aspects (a role's gists are filed under them), so the enum lives there.
Aspect = AspectName


TITLES: dict[Aspect, str] = {
    Aspect.SCOPE: "Scope",
    Aspect.INTERVIEW: "Interview loop",
    Aspect.COMP: "Compensation",
    Aspect.CAREER: "Career path",
    Aspect.CULTURE: "Culture",
    Aspect.SKILLS: "Skills",
    Aspect.METRICS: "How success is measured",
    Aspect.FIT: "Who it suits",
    Aspect.MISTAKES: "Mistakes to avoid",
    Aspect.CHECKLIST: "Preparation checklist",
    Aspect.FAQ: "FAQ",
    Aspect.CONTRASTS: "How the articles set them apart (not X, but Y)",
}

# The name of an aspect on a button or in a one-line row, where a long title would crowd out
# what the row says.
SHORT_TITLES: dict[Aspect, str] = {
    **TITLES,
    Aspect.METRICS: "Success measures",
    Aspect.MISTAKES: "Mistakes",
    Aspect.CHECKLIST: "Checklist",
    Aspect.CONTRASTS: "Not X, but Y",
}

COMPARED: tuple[Aspect, ...] = tuple(Aspect)
# The rows of the one-screen card and comparison. The contrasts are whole sentences with no
# few-word form, so they are one press away (their button) rather than a row.
OVERVIEW: tuple[Aspect, ...] = tuple(a for a in Aspect if a is not Aspect.CONTRASTS)

_SYNONYMS = {
    "compensation": Aspect.COMP,
    "pay": Aspect.COMP,
    "salary": Aspect.COMP,
    "loop": Aspect.INTERVIEW,
    "interviews": Aspect.INTERVIEW,
    "process": Aspect.INTERVIEW,
    "growth": Aspect.CAREER,
    "promotion": Aspect.CAREER,
    "values": Aspect.CULTURE,
    "skill": Aspect.SKILLS,
    "success": Aspect.METRICS,
    "metric": Aspect.METRICS,
    "suits": Aspect.FIT,
    "mistake": Aspect.MISTAKES,
    "prep": Aspect.CHECKLIST,
    "focus": Aspect.SCOPE,
    "responsibilities": Aspect.SCOPE,
    "contrast": Aspect.CONTRASTS,
}


def parse_aspect(word: str) -> Aspect | None:
    key = normalise(word).replace(" ", "")
    try:
        return Aspect(key)
    except ValueError:
        return _SYNONYMS.get(key)


_UNIT_WORDS = {Unit.DAYS: "day", Unit.WEEKS: "week", Unit.YEARS: "year"}
_BOUND_WORDS = {Bound.AT_LEAST: "at least ", Bound.UNDER: "under "}


def format_figure(figure: Figure) -> str:
    """`$185,000–$280,000`, `about 45 days`, `1 year`, `under 5%`, `at least 3 years`."""
    about = "about " if figure.approximate else ""
    bound = _BOUND_WORDS[figure.bound] if figure.bound else ""
    low, high = _amount(figure.low, figure.unit), None
    if figure.high is not None and figure.high != figure.low:
        high = _amount(figure.high, figure.unit)
    value = f"{low}–{high}" if high else low
    word = _UNIT_WORDS.get(figure.unit)
    suffix = ""
    if word:
        suffix = f" {word}" if high is None and figure.low == 1 else f" {word}s"
    return f"{about}{bound}{value}{suffix}"


def _amount(value: float, unit: Unit) -> str:
    number = f"{value:,.0f}" if value == int(value) else f"{value:,g}"
    if unit is Unit.USD:
        return f"${number}"
    if unit is Unit.PERCENT:
        return f"{number}%"
    return number
