from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from core.content.loader import Content, ContentError, load_content

PACKAGED = Path(__file__).resolve().parents[3] / "content"


def broken_copy(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(PACKAGED, target)
    return target


def test_packaged_content_has_the_three_launch_roles(content: Content) -> None:
    assert set(content.roles) >= {"netflix-pm", "netflix-pmm", "amazon-pm"}
    assert len(content.questions) >= 40
    assert len(content.quiz.questions) >= 6


def test_every_role_is_asked_about_in_practice(content: Content) -> None:
    for role_id in content.roles:
        assert any(role_id in q.roles for q in content.questions), role_id


def test_netflix_pm_keeps_both_accounts_of_the_loop(content: Content) -> None:
    loops = content.roles["netflix-pm"].interview
    assert len(loops) >= 2
    assert len({loop.source.article for loop in loops}) == 2
    assert len({loop.rounds for loop in loops}) == 2


def test_a_missing_field_is_named_with_its_file(tmp_path: Path) -> None:
    root = broken_copy(tmp_path)
    role_file = root / "roles" / "amazon-pm.yaml"
    data = yaml.safe_load(role_file.read_text())
    del data["skills"]
    role_file.write_text(yaml.safe_dump(data))
    with pytest.raises(ContentError) as raised:
        load_content(root)
    assert [(p.file, p.field) for p in raised.value.problems] == [
        ("roles/amazon-pm.yaml", "skills")
    ]


def test_a_bad_figure_is_named(tmp_path: Path) -> None:
    root = broken_copy(tmp_path)
    role_file = root / "roles" / "netflix-pmm.yaml"
    data = yaml.safe_load(role_file.read_text())
    data["compensation"]["figures"][0]["low"] = -5
    role_file.write_text(yaml.safe_dump(data))
    with pytest.raises(ContentError) as raised:
        load_content(root)
    problems = {(p.file, p.field) for p in raised.value.problems}
    assert problems == {("roles/netflix-pmm.yaml", "compensation.figures.0.low")}


def test_an_unknown_role_reference_is_named(tmp_path: Path) -> None:
    root = broken_copy(tmp_path)
    practice = root / "practice.yaml"
    bank = yaml.safe_load(practice.read_text())
    bank["questions"][0]["roles"] = ["google-pm"]
    practice.write_text(yaml.safe_dump(bank))
    with pytest.raises(ContentError) as raised:
        load_content(root)
    (problem,) = raised.value.problems
    assert (problem.file, problem.field) == ("practice.yaml", "questions.0.roles")
    assert "google-pm" in problem.reason


def test_invalid_yaml_names_the_line(tmp_path: Path) -> None:
    root = broken_copy(tmp_path)
    (root / "fit_quiz.yaml").write_text("traits: [unclosed\n")
    with pytest.raises(ContentError) as raised:
        load_content(root)
    (problem,) = raised.value.problems
    assert problem.file == "fit_quiz.yaml"
    assert problem.field.startswith("line ")
    assert "YAML" in problem.reason
