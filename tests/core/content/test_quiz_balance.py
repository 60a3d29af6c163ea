"""The fit quiz is fair to every role: each question offers every role an answer, no role's
highest reachable score is more than a tenth below another's, and answering every question for
one role recommends it. The content check refuses a quiz that breaks any of these."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from core.content.loader import Content, load_content
from core.content.models import Source
from core.content.quiz_balance import TOLERANCE, max_scores, quiz_problems
from core.content.quiz_models import FitQuiz, QuizOption, QuizQuestion, Trait
from core.fit.quiz import FitEngine
from core.roles.catalog import Catalog
from tests.core.content.test_content_rules import SOURCE, files, problems_in, write

ROLE_IDS = ("netflix-pm", "netflix-pmm", "amazon-pm")


def test_every_question_offers_every_role_an_answer(content: Content) -> None:
    for question in content.quiz.questions:
        for role in ROLE_IDS:
            assert any(o.weights.get(role, 0) > 0 for o in question.options), (question.id, role)


def test_no_role_can_reach_a_much_higher_score_than_another(content: Content) -> None:
    scores = max_scores(content.quiz, ROLE_IDS)
    assert min(scores.values()) >= (1 - TOLERANCE) * max(scores.values()), scores


@settings(max_examples=60, deadline=None)
@given(data=st.data(), role=st.sampled_from(ROLE_IDS))
def test_answering_every_question_for_a_role_recommends_it(
    catalog: Catalog, data: st.DataObject, role: str
) -> None:
    engine = FitEngine(catalog)
    answers = ""
    for question in engine.quiz.questions:
        counting = [i for i, o in enumerate(question.options) if o.weights.get(role, 0) > 0]
        answers += str(data.draw(st.sampled_from(counting), label=question.id))
    ranking = engine.score(answers).ranking
    assert ranking[0][0] == role
    assert ranking[0][1] > ranking[1][1]  # a clear lead, not a tie settled by the role's name


def option(**weights: int) -> QuizOption:
    named = {role.replace("_", "-"): weight for role, weight in weights.items()}
    return QuizOption(
        label="An answer", trait="t", weights=named, source=Source(article="one-article")
    )


def quiz(*questions: list[QuizOption]) -> FitQuiz:
    return FitQuiz(
        traits=[Trait(id="t", description="A trait.", source=Source(article="one-article"))],
        questions=[
            QuizQuestion(id=f"q{i}", prompt="Which?", options=options)
            for i, options in enumerate(questions)
        ],
    )


def test_ceilings_a_tenth_apart_pass_and_further_apart_fail() -> None:
    even = [[option(role_a=3), option(role_b=3)] for _ in range(9)]
    level = quiz(*even, [option(role_a=3), option(role_b=3)])
    assert quiz_problems(level, ["role-a", "role-b"]) == []
    tenth = quiz(*even, [option(role_a=3), option(role_b=1)])
    # 30 against 28: within a tenth.
    assert max_scores(tenth, ["role-a", "role-b"]) == {"role-a": 30, "role-b": 28}
    assert quiz_problems(tenth, ["role-a", "role-b"]) == []
    wider = quiz(*even[:4], [option(role_a=3), option(role_b=1)])
    # 15 against 13: more than a tenth apart.
    (problem,) = quiz_problems(wider, ["role-a", "role-b"])
    assert problem[0] == "questions"
    assert "role-a 15, role-b 13" in problem[1]


def test_a_question_with_nothing_for_a_role_is_flagged() -> None:
    lopsided = quiz(
        [option(role_a=3), option(role_b=3)],
        [option(role_a=3), option(role_a=2)],
        [option(role_a=0), option(role_b=3), option(role_b=3)],
    )
    problems = quiz_problems(lopsided, ["role-a", "role-b"])
    assert ("questions.1.options", "no answer counts for role-b") in problems
    assert ("questions.2.options", "no answer counts for role-a") in problems


def test_answers_for_one_role_that_score_another_more_are_flagged(content: Content) -> None:
    split = [option(role_a=1, role_b=3), option(role_b=3)]
    unfair = quiz(split, [option(role_a=3), option(role_b=3)], split)
    problems = quiz_problems(unfair, ["role-a", "role-b"])
    assert (
        "questions",
        "answering every question for role-a can leave role-b level with it or ahead",
    ) in problems
    # The sheet the check has in mind does lose: split, role-a, split.
    base = content.roles["amazon-pm"]
    roles = {i: base.model_copy(update={"id": i}) for i in ("role-a", "role-b")}
    engine = FitEngine(Catalog(dataclasses.replace(content, roles=roles, quiz=unfair)))
    assert engine.score("000").best == "role-b"


def test_the_content_check_refuses_a_quiz_that_leaves_out_a_role(tmp_path: Path) -> None:
    content = files()
    content["sources.yaml"]["articles"][0]["roles"] = ["role-a", "role-b"]
    problems = problems_in(tmp_path, content)
    assert ("fit_quiz.yaml", "questions.0.options", "no answer counts for role-b") in problems
    assert any("more than 10% apart" in reason for _, _, reason in problems)
    answers = content["fit_quiz.yaml"]["questions"][0]["options"]
    answers.append({"label": "B", "trait": "likes-a", "weights": {"role-b": 3}, "source": SOURCE})
    assert load_content(write(tmp_path / "fair", content)).quiz


def test_the_shipped_quiz_passes_its_own_check(content: Content) -> None:
    assert quiz_problems(content.quiz, ROLE_IDS) == []
