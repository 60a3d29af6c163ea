"""Feedback on Discord through discord.py and the real grader client: the answer modal is
answered at once with "Reading your answer…", the feedback edits that response when it
arrives (the select pre-ticked as the grader read it), and the member grades; a grader that
fails leaves the rubric to tick."""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import AsyncIterator
from typing import Any

import pytest

from bot.compose import build_handler
from bot.discord_adapter import DiscordAdapter
from bot.grader import GraderConfig, OpenAIGrader
from bot.settings import Settings
from core.kernel.identity import UserKey
from core.kernel.platform import Platform
from core.practice.srs import GradedBy
from core.roles.catalog import Catalog
from core.store.store import Store
from tests.bot.discord_adapter import payloads
from tests.bot.discord_adapter.fake_discord import FakeDiscord
from tests.bot.discord_adapter.payloads import (
    button_press,
    command,
    labelled,
    modal_submit,
    subcommand,
)
from tests.bot.discord_adapter.test_practice_loop import practise, press, select_of
from tests.bot.grader.fake_openai import KEY, MODEL, FakeOpenAI
from tests.conftest import FakeClock

ADA = UserKey(Platform.DISCORD, payloads.GUILD_ID, payloads.USER_ID)
ANSWER = "Customer first, then I size the problem and pick the one metric to move."


@pytest.fixture
async def graded(
    fake: FakeDiscord,
    fake_openai: FakeOpenAI,
    catalog: Catalog,
    store: Store,
    clock: FakeClock,
    settings: Settings,
) -> AsyncIterator[DiscordAdapter]:
    grader = OpenAIGrader(GraderConfig(fake_openai.url, MODEL, KEY, timeout=1.5))
    handler = build_handler(catalog, store, clock, random.Random(7), grader=grader)
    adapter = DiscordAdapter(handler, settings, guild_ready_timeout=0.01)
    await adapter.start()
    await asyncio.wait_for(adapter.client.wait_until_ready(), 5)
    yield adapter
    await adapter.stop()
    await grader.close()


async def submit_answer(fake: FakeDiscord, text: str = ANSWER) -> tuple[Any, dict[str, Any]]:
    """Answer a fresh question through the modal: the submission and its first response."""
    question, _ = await practise(fake)
    opened = await press(fake, question, "Write my answer")
    submission = modal_submit(opened.body["data"]["custom_id"], {"answer": text})
    first = await fake.interact(submission)
    return submission, first.body["data"]


async def test_reading_at_once_then_the_feedback_edits_it_then_the_grade(
    graded: DiscordAdapter, fake: FakeDiscord, fake_openai: FakeOpenAI, store: Store
) -> None:
    await consent(fake)
    fake_openai.delay = 0.5
    started = time.perf_counter()
    submission, first = await submit_answer(fake)
    assert time.perf_counter() - started < 0.5  # the first response did not wait for it
    assert "Reading your answer" in str(first["embeds"])
    [edit] = await fake.wait_for(lambda: fake.edits(submission))
    data = edit.body
    assert data["embeds"][0]["title"] == "Feedback on your answer"
    assert "✓ 1." in str(data["embeds"])
    select = select_of(data)
    assert all(option.get("default") for option in select["options"])
    [sent] = fake_openai.received
    assert sent.answer == ANSWER

    feedback = fake.messages[-1]
    custom_id = labelled(feedback["components"])["Good (suggested)"]
    graded_now = await fake.interact(button_press(custom_id, feedback))
    assert graded_now.body["data"]["embeds"][0]["title"] == "Graded: Good"
    [review] = await store.cards.reviews(ADA)
    assert review.graded_by is GradedBy.GRADER


async def test_a_failing_grader_leaves_the_rubric_and_the_answer(
    graded: DiscordAdapter, fake: FakeDiscord, fake_openai: FakeOpenAI
) -> None:
    await consent(fake)
    fake_openai.status = 429
    submission, _ = await submit_answer(fake)
    [edit] = await fake.wait_for(lambda: fake.edits(submission))
    text = str(edit.body["embeds"])
    assert "Feedback is unavailable (the grader is busy)" in text
    assert "Customer first" in text
    assert not any(o.get("default") for o in select_of(edit.body)["options"])


async def consent(fake: FakeDiscord) -> None:
    """`/prep profile ai_feedback:True`, through the app-command tree."""
    option: Any = {"type": 5, "name": "ai_feedback", "value": True}
    answered = await fake.interact(command("prep", [subcommand("profile", [option])]))
    assert "Answers sent for feedback" in str(answered.body)
