"""Whether the fit quiz is fair to the roles it is about (those the articles speak of): every
question offers each of them an answer that counts for it, none can reach a much higher score
than another, and a member who answers every question for one of them is recommended it."""

from __future__ import annotations

from collections.abc import Collection, Iterator

from core.content.quiz_models import FitQuiz, QuizQuestion

# How far apart the roles' highest reachable scores may be, as a share of the highest.
TOLERANCE = 0.10


def max_scores(quiz: FitQuiz, roles: Collection[str]) -> dict[str, int]:
    """The most each role can score: the sum, over the questions, of its largest weight."""
    return {role: sum(_top(question, role) for question in quiz.questions) for role in roles}


def quiz_problems(quiz: FitQuiz, roles: Collection[str]) -> list[tuple[str, str]]:
    """(field, reason) for each way the quiz favours one role over another."""
    problems: list[tuple[str, str]] = []
    for index, question in enumerate(quiz.questions):
        missing = [role for role in roles if _top(question, role) == 0]
        if missing:
            problems.append(
                (f"questions.{index}.options", f"no answer counts for {', '.join(missing)}")
            )
    scores = max_scores(quiz, roles)
    if scores and min(scores.values()) < (1 - TOLERANCE) * max(scores.values()):
        listed = ", ".join(f"{role} {score}" for role, score in scores.items())
        problems.append(
            (
                "questions",
                f"the highest scores the roles can reach are more than {TOLERANCE:.0%} apart"
                f" ({listed})",
            )
        )
    for role, rival in _overtaken(quiz, roles):
        problems.append(
            (
                "questions",
                f"answering every question for {role} can leave {rival} level with it or ahead",
            )
        )
    return problems


def _overtaken(quiz: FitQuiz, roles: Collection[str]) -> Iterator[tuple[str, str]]:
    """(role, rival) where some sheet of answers that all count for `role` scores `rival` at
    least as high. Questions are independent, so the rival's best margin over the sheet is the
    sum of its best margin in each question. A role some question offers nothing is left out:
    that is reported on its own."""
    for role in roles:
        counting = [[o for o in q.options if o.weights.get(role, 0) > 0] for q in quiz.questions]
        if not all(counting):
            continue
        for rival in (r for r in roles if r != role):
            margin = sum(
                max(o.weights.get(rival, 0) - o.weights[role] for o in options)
                for options in counting
            )
            if margin >= 0:
                yield role, rival


def _top(question: QuizQuestion, role: str) -> int:
    return max((option.weights.get(role, 0) for option in question.options), default=0)
