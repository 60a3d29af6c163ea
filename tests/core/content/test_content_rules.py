"""The checks that span fields: quiz options score only roles their article speaks of, a role
says each line once, a disagreement has more than one side, and a role's gists sum up each
aspect it speaks on, briefly, from a known article, showing only disagreements it records.
Each test writes a small content folder of its own, so that the rule is shown failing on
content made to break it."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from core.content.loader import Content, ContentError, load_content
from core.content.models import CareerPath, Fact, Figure, InterviewLoop

SOURCE = {"article": "one-article"}
# The aspects the small role below must sum up: all it says something on, save the loop
# (told from its figures); it has no pay, mistakes or FAQ.
GISTED = ("scope", "career", "culture", "skills", "metrics", "fit", "checklist")


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
        "gists": {aspect: [fact(f"{role_id} in brief on {aspect}")] for aspect in GISTED},
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


@pytest.mark.parametrize("role_id", ["role-vs-b", "vs-a", "role-vs"])
def test_a_role_id_holding_vs_is_flagged(tmp_path: Path, role_id: str) -> None:
    """A comparison's chart is named `comp-<role>-vs-<role>.png`, so `role-vs-b` alone would
    read as two roles there."""
    content = files()
    renamed = {**content.pop("roles/role-b.yaml"), "id": role_id}
    content[f"roles/{role_id}.yaml"] = renamed
    problems = problems_in(tmp_path, content)
    assert (f"roles/{role_id}.yaml", "id") in [p[:2] for p in problems]
    assert any("`vs`" in p[2] for p in problems)


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
    assert {"netflix-pm-loop", "netflix-pm-ladder", "netflix-pm-promotion"} <= set(sides)
    # The Levels.fyi range and the senior offers' base and bonus fit together: no dispute.
    assert not any(f.disputes for f in role.compensation.figures)
    assert all(articles == set(content.articles) for articles in sides.values())
    amazon = [n for n in content.roles["amazon-pm"].interview[0].notes if n.disputes]
    assert len(amazon) == 2


def test_no_role_counts_an_articles_readers_as_who_it_suits(content: Content) -> None:
    assert all(article.readers for article in content.articles.values())
    for role in content.roles.values():
        lines = [f.text for f in role.suits] + [f.label for f in role.figures]
        markers = ("readers", "graduates", "3+ years", "3-5 years")
        assert not any(m in line.lower() for m in markers for line in lines), role.id


def test_a_role_without_a_gist_for_an_aspect_it_speaks_on_is_flagged(tmp_path: Path) -> None:
    content = files()
    del content["roles/role-a.yaml"]["gists"]["culture"]
    (problem,) = problems_in(tmp_path, content)
    assert problem[:2] == ("roles/role-a.yaml", "gists")
    assert "culture" in problem[2]


def test_a_gist_for_an_aspect_the_role_is_silent_on_is_flagged(tmp_path: Path) -> None:
    content = files()
    content["roles/role-a.yaml"]["gists"]["faq"] = [fact("questions nobody asked")]
    (problem,) = problems_in(tmp_path, content)
    assert problem[:2] == ("roles/role-a.yaml", "gists")
    assert "faq" in problem[2]
    # Once the role answers a question, the gist has something to sum up.
    content["roles/role-a.yaml"]["faq"] = [
        {"question": "Why?", "answer": "Because.", "source": SOURCE}
    ]
    assert load_content(write(tmp_path / "with-faq", content)).roles["role-a"].gists


def test_a_gist_under_an_unknown_aspect_too_long_or_from_an_unknown_article_is_flagged(
    tmp_path: Path,
) -> None:
    content = files()
    gists = content["roles/role-a.yaml"]["gists"]
    gists["vibes"] = [fact("good vibes")]
    gists["skills"] = [fact("a gist that goes on and on well past a few words")]
    gists["fit"] = [{"text": "someone", "source": {"article": "no-such-article"}}]
    problems = problems_in(tmp_path, content)
    fields = {field for _, field, _ in problems}
    assert fields == {"gists.vibes.[key]", "gists.skills.0.text"}  # the model's own checks
    assert "scope" in next(reason for _, field, reason in problems if "vibes" in field)
    del gists["vibes"], gists["skills"]
    gists["skills"] = [fact("skills in brief")]
    (problem,) = problems_in(tmp_path / "article", content)
    assert problem[:2] == ("roles/role-a.yaml", "gists.fit.0.source")
    assert "no-such-article" in problem[2]


def test_a_gist_that_copies_a_line_of_the_detail_is_flagged(tmp_path: Path) -> None:
    content = files()
    content["roles/role-a.yaml"]["gists"]["skills"] = [fact("Role-A needs a skill")]
    (problem,) = problems_in(tmp_path, content)
    assert problem[:2] == ("roles/role-a.yaml", "gists.skills.0.text")
    assert "skills.0.text" in problem[2]


def test_two_undisputed_gists_of_one_aspect_from_one_article_are_flagged(
    tmp_path: Path,
) -> None:
    content = files()
    content["roles/role-a.yaml"]["gists"]["culture"].append(fact("and a second word"))
    (problem,) = problems_in(tmp_path, content)
    assert problem[:2] == ("roles/role-a.yaml", "gists")
    assert "culture" in problem[2]


def test_a_gist_may_show_only_a_disagreement_the_detail_records(tmp_path: Path) -> None:
    content = files()
    role_a = content["roles/role-a.yaml"]
    rivals = [
        {**fact("one way"), "disputes": "how-measured"},
        {**fact("another way"), "disputes": "how-measured"},
    ]
    role_a["gists"]["metrics"] = rivals
    problems = problems_in(tmp_path, content)
    assert {field for _, field, _ in problems} == {
        "gists.metrics.0.disputes",
        "gists.metrics.1.disputes",
    }
    assert all("detail" in reason for *_, reason in problems)
    # Recorded in the detail with its two sides, the disagreement may be shown in brief.
    role_a["metrics"] = [
        {**fact("Measured one way."), "disputes": "how-measured"},
        {**fact("Measured another way."), "disputes": "how-measured"},
    ]
    assert load_content(write(tmp_path / "recorded", content)).roles["role-a"]
    # Each side of it is shown: a gist alone on its side is flagged ...
    role_a["gists"]["metrics"] = [rivals[0]]
    (problem,) = problems_in(tmp_path / "alone", content)
    assert problem[:2] == ("roles/role-a.yaml", "gists.metrics.0.disputes")
    # ... and a gist cannot be the second side of a disagreement in the detail.
    role_a["metrics"] = [{**fact("Measured one way."), "disputes": "how-measured"}]
    role_a["gists"]["metrics"] = rivals
    problems = problems_in(tmp_path / "one-sided", content)
    assert ("roles/role-a.yaml", "metrics.0.disputes") in {p[:2] for p in problems}
