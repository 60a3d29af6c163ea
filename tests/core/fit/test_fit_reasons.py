"""Which answers the fit result gives as reasons for a role: those that weighed it most."""

from __future__ import annotations

import dataclasses

import pytest

from core.content.loader import Content
from core.content.models import Source
from core.content.quiz_models import FitQuiz, QuizOption, QuizQuestion
from core.fit.quiz import FitEngine
from core.kernel.reply import Reply, TextSection
from core.roles.catalog import Catalog

TRAIT = "builds-product"


def option(label: str, **weights: int) -> QuizOption:
    named = {role.replace("_", "-"): weight for role, weight in weights.items()}
    source = Source(article="amazon-vs-netflix-pm")
    return QuizOption(label=label, trait=TRAIT, weights=named, source=source)


@pytest.fixture
def engine(content: Content) -> FitEngine:
    """A quiz made for this test: one answer weighs another role more than amazon-pm, one ties
    amazon-pm with netflix-pm, the rest favour one role each."""
    questions = [
        QuizQuestion(
            id="q1",
            prompt="First?",
            options=[option("Split", amazon_pm=2, netflix_pm=3), option("Amazon", amazon_pm=3)],
        ),
        QuizQuestion(
            id="q2",
            prompt="Second?",
            options=[option("Builder", amazon_pm=3), option("Viewer", netflix_pm=1)],
        ),
        QuizQuestion(
            id="q3",
            prompt="Third?",
            options=[option("Tie", amazon_pm=2, netflix_pm=2), option("Stream", netflix_pm=3)],
        ),
    ]
    traits = [t for t in content.quiz.traits if t.id == TRAIT]
    assert traits, f"the content has no trait {TRAIT}"
    quiz = FitQuiz(traits=traits, questions=questions)
    return FitEngine(Catalog(dataclasses.replace(content, quiz=quiz)))


def section(reply: Reply, heading: str) -> str:
    found = [s.text for s in reply.sections if isinstance(s, TextSection) and s.heading == heading]
    return found[0] if found else ""


def answers_favouring(engine: FitEngine, role: str, pick: dict[int, int]) -> str:
    """For each question the option giving `role` the most, unless `pick` says otherwise."""
    chosen = []
    for index, question in enumerate(engine.quiz.questions):
        best = max(range(len(question.options)), key=lambda i: weight(question.options[i], role))
        chosen.append(str(pick.get(index, best)))
    return "".join(chosen)


def weight(option: QuizOption, role: str) -> int:
    return option.weights.get(role, 0)


def test_an_answer_that_weighed_another_role_more_is_no_reason_for_the_winner(
    engine: FitEngine,
) -> None:
    # an option that gives amazon-pm points but gives some other role more
    (index, option_index, option) = next(
        (q, o, option)
        for q, question in enumerate(engine.quiz.questions)
        for o, option in enumerate(question.options)
        if 0 < weight(option, "amazon-pm") < max(option.weights.values())
    )
    rival = max(option.weights, key=option.weights.__getitem__)
    result = engine.score(answers_favouring(engine, "amazon-pm", {index: option_index}))
    assert result.best == "amazon-pm"
    reply = engine.result_reply(result)
    assert option.label not in section(reply, "What pushed you toward amazon-pm")
    assert f"{option.label}: toward {rival}" in section(reply, "What pulled the other way")
    # every answer that gave amazon-pm the top weight is listed, and only those
    pushed = section(reply, "What pushed you toward amazon-pm")
    tops = [
        chosen.label
        for question, answer in zip(engine.quiz.questions, result.answers, strict=True)
        if weight(chosen := question.options[int(answer)], "amazon-pm")
        == max(chosen.weights.values(), default=-1)
    ]
    assert tops
    assert all(label in pushed for label in tops)
    assert pushed.count("• ") == len(tops)


def test_an_answer_tied_between_roles_counts_for_each_and_says_so(engine: FitEngine) -> None:
    (index, option_index, option) = next(
        (q, o, option)
        for q, question in enumerate(engine.quiz.questions)
        for o, option in enumerate(question.options)
        if list(option.weights.values()).count(max(option.weights.values(), default=0)) > 1
    )
    first, second = sorted(option.weights)
    result = engine.score(answers_favouring(engine, first, {index: option_index}))
    assert result.best == first
    pushed = section(engine.result_reply(result), f"What pushed you toward {first}")
    assert f"{option.label}: " in pushed
    assert f"(as much toward {second})" in pushed
    assert set(result.reasons[index].toward) == {first, second}
