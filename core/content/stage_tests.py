"""What each interview stage tests, as a mock interview draws on it, and the checks that keep
that true: a stage lists the practice categories its own words name (its name, and the
article's account of it in its detail) and no others, and the question bank can serve every
stage of a role."""

from __future__ import annotations

import re
from collections.abc import Sequence

from core.content.models import Category, PracticeQuestion, Role, Stage

# The word by which a stage's name or detail names a category: "product sense", "product and
# marketing topics", "a leadership-principles interview", "market strategy presentation".
NAMED_BY: dict[Category, re.Pattern[str]] = {
    Category.PRODUCT_SENSE: re.compile(r"\bproduct\b", re.I),
    Category.EXECUTION: re.compile(r"\bexecution\b", re.I),
    Category.LEADERSHIP_PRINCIPLES: re.compile(r"\bleadership\b", re.I),
    Category.MARKET_STRATEGY: re.compile(r"\bmarket", re.I),
    Category.BEHAVIOURAL: re.compile(r"\bbehaviou?ral\b", re.I),
    Category.CULTURE: re.compile(r"\bculture\b", re.I),
}


def named_categories(stage: Stage) -> set[Category]:
    text = f"{stage.name} {stage.detail or ''}"
    return {category for category, word in NAMED_BY.items() if word.search(text)}


def open_categories(role: Role) -> set[Category]:
    """The categories no stage of the role tests, in any account of its loop. A stage the
    article says nothing of draws from these, so that it never takes what another stage, of
    its own account or another, is said to test."""
    tested = {c for loop in role.interview for stage in loop.stages for c in stage.tests}
    return set(Category) - tested


def stage_categories(role: Role, stage: Stage) -> set[Category]:
    """The categories a mock's question for this stage comes from."""
    return set(stage.tests) or open_categories(role)


def stage_problems(role: Role, questions: Sequence[PracticeQuestion]) -> list[tuple[str, str]]:
    """(field, reason) for each stage whose listed categories differ from those its words
    name, or that the bank has no question for, and for a time box said to be for a part of
    a stage that has none."""
    served = {q.category for q in questions if role.id in q.roles}
    problems: list[tuple[str, str]] = []
    for li, loop in enumerate(role.interview):
        for si, stage in enumerate(loop.stages):
            at = f"interview.{li}.stages.{si}"
            named, listed = named_categories(stage), set(stage.tests)
            for category in sorted(listed - named):
                problems.append(
                    (f"{at}.tests", f"lists {category}, which the stage's name and detail do not")
                )
            for category in sorted(named - listed):
                problems.append(
                    (
                        f"{at}.tests",
                        f"the stage's name or detail names {category}: list it, so that a"
                        " mock draws from it",
                    )
                )
            if listed and not listed & served:
                wanted = ", ".join(sorted(listed))
                problems.append((f"{at}.tests", f"no practice question for {role.id} in {wanted}"))
            if stage.minutes_for is not None and stage.minutes is None:
                problems.append((f"{at}.minutes_for", "says what a time box is for; give minutes"))
    untested = any(not stage.tests for loop in role.interview for stage in loop.stages)
    # A role with no questions at all is another matter than a stage without any.
    if untested and served and not open_categories(role) & served:
        problems.append(
            (
                "interview",
                f"no practice question for {role.id} in a category no stage tests, which the"
                " stages the article says nothing of draw from",
            )
        )
    return problems
