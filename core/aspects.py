"""What each aspect of a role says, as labelled rows shared by the card and the comparison."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import StrEnum

from core.catalog import normalise
from core.citations import Citations
from core.content.models import Bound, Fact, Figure, InterviewLoop, Role, Unit


class Aspect(StrEnum):
    SCOPE = "scope"
    INTERVIEW = "interview"
    COMP = "comp"
    CAREER = "career"
    CULTURE = "culture"
    SKILLS = "skills"
    METRICS = "metrics"
    FIT = "fit"
    MISTAKES = "mistakes"
    CHECKLIST = "checklist"
    FAQ = "faq"


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
}

COMPARED: tuple[Aspect, ...] = tuple(a for a in Aspect if a is not Aspect.FAQ)

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
}

Rows = list[tuple[str, str]]


def parse_aspect(word: str) -> Aspect | None:
    key = normalise(word).replace(" ", "")
    try:
        return Aspect(key)
    except ValueError:
        return _SYNONYMS.get(key)


def rows_for(role: Role, aspect: Aspect, cite: Citations) -> Rows:
    return _BUILDERS[aspect](role, cite)


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


def _facts(facts: Sequence[Fact], cite: Citations) -> str:
    return "\n".join(f"• {fact.text} {cite.mark(fact.source)}" for fact in facts)


def _figures(figures: Sequence[Figure], cite: Citations) -> str:
    return "\n".join(
        f"• {figure.label}: {format_figure(figure)} {cite.mark(figure.source)}"
        for figure in figures
    )


def _scope(role: Role, cite: Citations) -> Rows:
    rows: Rows = [("Summary", role.summary), ("Focus", _facts(role.focus, cite))]
    rows.append(("Responsibilities", _facts(role.responsibilities, cite)))
    if role.figures:
        rows.append(("Key figures", _figures(role.figures, cite)))
    if role.contrasts:
        lines = [
            f"• vs {c.versus}: not “{c.not_.rstrip('.')}” but “{c.but.rstrip('.')}” "
            f"{cite.mark(c.source)}"
            for c in role.contrasts
        ]
        rows.append(("Not X, but Y", "\n".join(lines)))
    return rows


def _loop_summary(loop: InterviewLoop, cite: Citations) -> str:
    return f"{loop.rounds} rounds over {format_figure(loop.duration)} {cite.mark(loop.source)}"


def _stages(loop: InterviewLoop) -> str:
    lines = []
    for stage in loop.stages:
        days = ""
        if stage.start_day is not None:
            end = f"–{stage.end_day}" if stage.end_day not in (None, stage.start_day) else ""
            days = (
                f" (day {stage.start_day}{end})" if not end else f" (days {stage.start_day}{end})"
            )
        detail = f": {stage.detail}" if stage.detail else ""
        lines.append(f"• {stage.name}{days}{detail}")
    return "\n".join(lines)


def _interview(role: Role, cite: Citations) -> Rows:
    loops = role.interview
    if len(loops) == 1:
        loop = loops[0]
        rows: Rows = [("Loop", _loop_summary(loop, cite)), ("Stages", _stages(loop))]
        if loop.notes:
            rows.append(("Notes", _facts(loop.notes, cite)))
        return rows
    summaries = [f"{i}) {_loop_summary(loop, cite)}" for i, loop in enumerate(loops, 1)]
    header = f"The articles disagree; {len(loops)} accounts:"
    rows = [("Loop", "\n".join([header, *summaries]))]
    rows.append(("Stages", "\n".join(f"{i})\n{_stages(loop)}" for i, loop in enumerate(loops, 1))))
    notes = [f"{i}) {_facts(loop.notes, cite)}" for i, loop in enumerate(loops, 1) if loop.notes]
    if notes:
        rows.append(("Notes", "\n".join(notes)))
    return rows


def _comp(role: Role, cite: Citations) -> Rows:
    rows: Rows = []
    if role.compensation.figures:
        rows.append(("Figures", _figures(role.compensation.figures, cite)))
    if role.compensation.notes:
        rows.append(("Structure", _facts(role.compensation.notes, cite)))
    return rows or [("Figures", "The articles give no figures for this role.")]


def _career(role: Role, cite: Citations) -> Rows:
    ladder = " → ".join(step.title for step in role.career.ladder)
    rows: Rows = [("Ladder", f"{ladder} {cite.mark(role.career.source)}")]
    if role.career.figures:
        rows.append(("Figures", _figures(role.career.figures, cite)))
    if role.career.notes:
        rows.append(("Notes", _facts(role.career.notes, cite)))
    return rows


def _mistakes(role: Role, cite: Citations) -> Rows:
    lines = [f"✗ {m.bad}\n✓ {m.better} {cite.mark(m.source)}" for m in role.mistakes]
    return [("Mistakes", "\n".join(lines) or "None listed.")]


def _faq(role: Role, cite: Citations) -> Rows:
    return [(f.question, f"{f.answer} {cite.mark(f.source)}") for f in role.faq]


def _single(
    label: str, pick: Callable[[Role], Sequence[Fact]]
) -> Callable[[Role, Citations], Rows]:
    return lambda role, cite: [(label, _facts(pick(role), cite))]


_BUILDERS: dict[Aspect, Callable[[Role, Citations], Rows]] = {
    Aspect.SCOPE: _scope,
    Aspect.INTERVIEW: _interview,
    Aspect.COMP: _comp,
    Aspect.CAREER: _career,
    Aspect.CULTURE: _single("Culture", lambda r: r.culture),
    Aspect.SKILLS: _single("Skills", lambda r: r.skills),
    Aspect.METRICS: _single("Success measures", lambda r: r.metrics),
    Aspect.FIT: _single("Suits", lambda r: r.suits),
    Aspect.MISTAKES: _mistakes,
    Aspect.CHECKLIST: _single("Checklist", lambda r: r.checklist),
    Aspect.FAQ: _faq,
}
