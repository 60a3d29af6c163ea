"""The checks that span fields: quiz options score only roles their article speaks of, a role
says each line once, and a disagreement has more than one side. Each test writes a small
content folder of its own, so that the rule is shown failing on content made to break it."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from core.content.loader import Content, ContentError, load_content
from core.content.models import CareerPath, Fact, Figure, InterviewLoop

SOURCE = {"article": "one-article"}


def fact(text: str) -> dict[str, Any]:
    return {"text": text, "source": SOURCE}


def role(role_id: str) -> dict[str, Any]:
    return {
        "id": role_id,
        "company": "Acme",
        "title": f"Role {role_id}",
        "summary": f"What {role_id} does.",
        "summary_source": SOURCE,
        "focus": [fact(f"{role_id} focuses on one thing.")],
        "responsibilities": [fact(f"{role_id} is responsible for another.")],
        "skills": [fact(f"{role_id} needs a skill.")],
        "interview": [
            {
                "rounds": 2,
                "duration": {"label": "Loop length", "unit": "days", "low": 10, "source": SOURCE},
                "stages": [{"name": "Screen"}],
                "source": SOURCE,
            }
        ],
        "compensation": {},
        "career": {"ladder": [{"title": "Junior"}], "source": SOURCE},
        "culture": [fact(f"{role_id} works in a culture.")],
        "metrics": [fact(f"{role_id} is measured somehow.")],
        "suits": [fact(f"{role_id} suits someone.")],
        "checklist": [fact(f"Prepare for {role_id}.")],
    }


def files() -> dict[str, Any]:
    """A valid content folder: one article that speaks of role-a only, and roles a and b."""
    return {
        "sources.yaml": {
            "articles": [
                {"id": "one-article", "title": "One Article", "short": "One", "roles": ["role-a"]}
            ]
        },
        "roles/role-a.yaml": role("role-a"),
        "roles/role-b.yaml": role("role-b"),
        "practice.yaml": {
            "questions": [
                {
                    "id": "q-1",
                    "roles": ["role-a"],
                    "category": "execution",
                    "prompt": "Do a thing.",
                    "rubric": ["Does it.", "Says why."],
                    "source": SOURCE,
                }
            ]
        },
        "fit_quiz.yaml": {
            "traits": [{"id": "likes-a", "description": "Likes A.", "source": SOURCE}],
            "questions": [
                {
                    "id": "pick",
                    "prompt": "Which?",
                    "options": [
                        {
                            "label": "A",
                            "trait": "likes-a",
                            "weights": {"role-a": 3},
                            "source": SOURCE,
                        },
                        {"label": "Neither", "trait": "likes-a", "weights": {}, "source": SOURCE},
                    ],
                }
            ],
        },
    }


def write(tmp_path: Path, content: dict[str, Any]) -> Path:
    root = tmp_path / "content"
    for name, data in content.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return root


def problems_in(tmp_path: Path, content: dict[str, Any]) -> list[tuple[str, str, str]]:
    with pytest.raises(ContentError) as raised:
        load_content(write(tmp_path, content))
    return [(p.file, p.field, p.reason) for p in raised.value.problems]


def test_the_small_content_is_valid_as_written(tmp_path: Path) -> None:
    loaded = load_content(write(tmp_path, files()))
    assert set(loaded.roles) == {"role-a", "role-b"}


def test_a_quiz_option_scoring_a_role_its_article_does_not_speak_of_is_flagged(
    tmp_path: Path,
) -> None:
    content = files()
    content["fit_quiz.yaml"]["questions"][0]["options"][1]["weights"] = {"role-b": 2}
    (problem,) = problems_in(tmp_path, content)
    assert problem[:2] == ("fit_quiz.yaml", "questions.0.options.1.weights.role-b")
    assert "one-article" in problem[2]


def test_a_zero_weight_for_an_unmentioned_role_scores_nothing_and_passes(
    tmp_path: Path,
) -> None:
    content = files()
    content["fit_quiz.yaml"]["questions"][0]["options"][1]["weights"] = {"role-b": 0}
    assert load_content(write(tmp_path, content)).quiz.questions[0].options[1].weights


def test_a_line_repeated_within_one_role_is_flagged_even_with_other_case_and_stops(
    tmp_path: Path,
) -> None:
    content = files()
    again = "ROLE-A focuses on one thing"  # focus.0 of role-a, other case, no full stop
    content["roles/role-a.yaml"]["checklist"].append(fact(again))
    (problem,) = problems_in(tmp_path, content)
    assert problem[:2] == ("roles/role-a.yaml", "checklist.1.text")
    assert "focus.0.text" in problem[2]


def test_the_same_line_in_two_roles_is_not_a_repeat(tmp_path: Path) -> None:
    content = files()
    shared = fact("Both roles share this line.")
    content["roles/role-a.yaml"]["culture"].append(shared)
    content["roles/role-b.yaml"]["culture"].append(copy.deepcopy(shared))
    assert len(load_content(write(tmp_path, content)).roles) == 2


def test_a_disagreement_with_only_one_side_is_flagged(tmp_path: Path) -> None:
    content = files()
    content["roles/role-a.yaml"]["metrics"][0]["disputes"] = "how-measured"
    (problem,) = problems_in(tmp_path, content)
    assert problem[:2] == ("roles/role-a.yaml", "metrics.0.disputes")
    content["roles/role-a.yaml"]["career"]["disputes"] = "how-measured"
    assert load_content(write(tmp_path / "two-sides", content)).roles["role-a"].career.disputes


def test_every_packaged_disagreement_cites_each_side(content: Content) -> None:
    """The disagreements between the articles are recorded with both sources."""
    role = content.roles["netflix-pm"]
    sides: dict[str, set[str]] = {}
    items: list[InterviewLoop | CareerPath | Figure | Fact] = [
        *role.interview,
        role.career,
        *role.career.figures,
        *role.career.notes,
        *role.compensation.figures,
    ]
    for item in items:
        if item.disputes:
            sides.setdefault(item.disputes, set()).add(item.source.article)
    assert {
        "netflix-pm-loop",
        "netflix-pm-ladder",
        "netflix-pm-promotion",
        "netflix-pm-pay",
    } <= set(sides)
    assert all(articles == set(content.articles) for articles in sides.values())
    amazon = [n for n in content.roles["amazon-pm"].interview[0].notes if n.disputes]
    assert len(amazon) == 2


def test_no_role_counts_an_articles_readers_as_who_it_suits(content: Content) -> None:
    assert all(article.readers for article in content.articles.values())
    for role in content.roles.values():
        lines = [f.text for f in role.suits] + [f.label for f in role.figures]
        markers = ("readers", "graduates", "3+ years", "3-5 years")
        assert not any(m in line.lower() for m in markers for line in lines), role.id
