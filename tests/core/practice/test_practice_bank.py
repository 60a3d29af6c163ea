"""The shipped practice bank: its size for each role, rubrics of three to six points, sources
that speak of the roles they are asked for, ids that name role and category, and a spread of
categories that follows what each role's interviews weigh."""

from __future__ import annotations

import re
from collections import Counter

from core.content.loader import Content
from core.content.models import Category

MIN_QUESTIONS = 150
MIN_A_ROLE = 40
# The id's first part: the role, or the pair of roles, the question is asked for.
PREFIXES = {
    ("netflix-pm",): "nflx-pm",
    ("netflix-pmm",): "nflx-pmm",
    ("amazon-pm",): "amzn-pm",
    ("netflix-pm", "netflix-pmm"): "nflx-shared",
    ("amazon-pm", "netflix-pm"): "pm-shared",
}
CODES = {
    Category.PRODUCT_SENSE: "ps",
    Category.EXECUTION: "ex",
    Category.LEADERSHIP_PRINCIPLES: "lp",
    Category.MARKET_STRATEGY: "ms",
    Category.BEHAVIOURAL: "bh",
    Category.CULTURE: "cu",
}


def per_role(content: Content) -> Counter[str]:
    return Counter(role for q in content.questions for role in q.roles)


def test_the_bank_is_large_enough_for_every_role(content: Content) -> None:
    assert len(content.questions) >= MIN_QUESTIONS
    counts = per_role(content)
    assert set(counts) == set(content.roles)
    assert min(counts.values()) >= MIN_A_ROLE, counts


def test_every_rubric_has_three_to_six_points(content: Content) -> None:
    sizes = {q.id: len(q.rubric) for q in content.questions}
    assert {qid: n for qid, n in sizes.items() if not 3 <= n <= 6} == {}


def test_a_question_is_sourced_from_an_article_about_its_roles(content: Content) -> None:
    off = [
        (q.id, role)
        for q in content.questions
        for role in q.roles
        if role not in content.articles[q.source.article].roles
    ]
    assert off == []


def test_an_id_names_its_roles_and_category(content: Content) -> None:
    wrong = []
    for q in content.questions:
        prefix = PREFIXES.get(tuple(sorted(q.roles)), "?")
        if not re.fullmatch(rf"{prefix}-{CODES[q.category]}-\d\d", q.id):
            wrong.append(q.id)
    assert wrong == []


def test_each_role_leans_on_what_its_interviews_weigh(content: Content) -> None:
    def categories(role: str) -> Counter[Category]:
        return Counter(q.category for q in content.questions if role in q.roles)

    amazon = categories("amazon-pm")
    assert (
        amazon[Category.LEADERSHIP_PRINCIPLES] + amazon[Category.BEHAVIOURAL]
        >= sum(amazon.values()) / 2
    )
    assert categories("netflix-pmm").most_common(1)[0][0] is Category.MARKET_STRATEGY
    netflix = categories("netflix-pm")
    for category in (Category.CULTURE, Category.PRODUCT_SENSE, Category.EXECUTION):
        assert netflix[category] >= MIN_A_ROLE / 4, category
    # Leadership principles are Amazon's, market strategy the PMM's.
    assert netflix[Category.LEADERSHIP_PRINCIPLES] == netflix[Category.MARKET_STRATEGY] == 0
