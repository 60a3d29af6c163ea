"""A mock stage asks what the article says the stage tests: Amazon's two phone interviews
product sense and execution, a stage the article says nothing of only what no other stage
tests; a stage named in one account of the Netflix loop runs in that account alone; and the
content check refuses a stage whose listed categories its own words do not bear out."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from core.commands.handler import CommandHandler
from core.content.loader import Content, load_content
from core.content.models import Category, Role
from core.content.stage_tests import open_categories
from core.kernel.identity import Caller
from core.mock.loop import MockRun, choose_question, new_run, start_stage
from tests.core.content.test_content_rules import files, problems_in, write

ROLE_IDS = ("netflix-pm", "netflix-pmm", "amazon-pm")
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def whole_run(role: Role, loop: int, content: Content, seed: int) -> MockRun:
    """Every stage of one account started in turn, as a member pressing Next would."""
    run, rng = new_run(role, loop), random.Random(seed)
    for _ in run.stages:
        run = start_stage(run, role, content.questions, set(), NOW, rng)
        run = run.with_stage(run.stage_run, advance=True)
    return run


@pytest.mark.parametrize("role_id", ROLE_IDS)
def test_every_stage_asks_a_category_the_article_says_it_tests(
    content: Content, role_id: str
) -> None:
    role = content.roles[role_id]
    for loop_index, loop in enumerate(role.interview):
        for seed in range(40):
            run = whole_run(role, loop_index, content, seed)
            for stage_run in run.stages:
                stage = loop.stages[stage_run.stage]
                category = Category(stage_run.category or "")
                if stage.tests:
                    assert category in stage.tests, (role_id, stage.name, category)
                else:
                    assert category in open_categories(role), (role_id, stage.name, category)


def test_amazons_two_phone_interviews_ask_product_sense_and_execution(content: Content) -> None:
    role = content.roles["amazon-pm"]
    phones = [i for i, s in enumerate(role.interview[0].stages) if "phone" in s.name]
    assert len(phones) == 2
    for seed in range(40):
        run = whole_run(role, 0, content, seed)
        asked = {run.stages[i].category for i in phones}
        assert asked == {"product-sense", "execution"}, seed  # one of each, not one twice


def test_a_stage_the_article_says_nothing_of_asks_nothing_another_account_tests(
    content: Content,
) -> None:
    role = content.roles["netflix-pm"]
    other_accounts = {c for s in role.interview[1].stages for c in s.tests}
    assert Category.EXECUTION in other_accounts
    silent = [s for s in role.interview[0].stages if not s.tests]
    assert silent  # the phone screen and the executive meeting
    run = new_run(role, 0)
    for seed in range(60):
        for stage in silent:
            question = choose_question(
                run, role, stage, content.questions, set(), random.Random(seed)
            )
            assert question.category not in other_accounts, (stage.name, question.id)


async def test_a_stage_named_in_one_account_runs_there_and_a_number_in_each(
    handler: CommandHandler, caller: Caller
) -> None:
    execution = await handler.handle("/mock netflix-pm execution", caller)
    assert execution.title == "Mock stage 1 of 1: Execution interview"
    await handler.handle("/mock abandon", caller)
    screen = await handler.handle("/mock netflix-pm phone screen", caller)
    assert screen.title == "Mock stage 1 of 1: Round 1: phone screen"
    await handler.handle("/mock abandon", caller)
    choice = await handler.handle("/mock netflix-pm 3", caller)
    titles = []
    for button in choice.buttons:
        started = await handler.press(button.action, button.payload, caller)
        titles.append(started.title)
        await handler.handle("/mock abandon", caller)
    assert titles == [
        "Mock stage 1 of 1: Final round: executive meeting",
        "Mock stage 1 of 1: Execution interview",
    ]


def test_the_execution_time_box_is_the_mini_cases(content: Content) -> None:
    [execution] = [s for s in content.roles["netflix-pm"].interview[1].stages if s.minutes]
    assert execution.minutes == 15
    assert execution.minutes_for is not None
    assert "mini-case" in execution.minutes_for


def small_with_stage(stage: dict[str, Any]) -> dict[str, Any]:
    content = files()
    content["roles/role-a.yaml"]["interview"][0]["stages"] = [stage]
    return content


def test_a_stage_listing_what_its_words_name_passes(tmp_path: Path) -> None:
    stage = {"name": "Execution round", "tests": ["execution"], "minutes": 20}
    content = small_with_stage({**stage, "minutes_for": "the case inside it"})
    loaded = load_content(write(tmp_path, content))
    assert loaded.roles["role-a"].interview[0].stages[0].tests == [Category.EXECUTION]


@pytest.mark.parametrize(
    ("stage", "field", "words"),
    [
        ({"name": "Screen", "tests": ["execution"]}, "tests", "lists execution"),
        ({"name": "Execution round"}, "tests", "names execution"),
        (
            {"name": "Product round", "tests": ["product-sense"]},
            "tests",
            "no practice question for role-a in product-sense",
        ),
        ({"name": "Screen", "minutes_for": "a part"}, "minutes_for", "give minutes"),
    ],
)
def test_a_stage_its_words_or_the_bank_do_not_bear_out_is_flagged(
    tmp_path: Path, stage: dict[str, Any], field: str, words: str
) -> None:
    (problem,) = problems_in(tmp_path, small_with_stage(stage))
    assert problem[:2] == ("roles/role-a.yaml", f"interview.0.stages.0.{field}")
    assert words in problem[2]
