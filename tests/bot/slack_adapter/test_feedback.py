"""Feedback on Slack through Bolt's real HTTP path and the real grader client: the answer is
acknowledged at once with "Reading your answer…", the feedback replaces that message through
the response_url when it arrives (or, for an answer written from App Home, chat.update of its
direct message), the checkboxes come ticked as the grader read them, and the member grades; a
grader that is down leaves the rubric to tick."""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import AsyncIterator
from typing import Any

import pytest

from bot.compose import build_handler
from bot.grader import GraderConfig, OpenAIGrader
from bot.settings import Settings
from bot.slack_adapter import SlackAdapter
from core.kernel.identity import UserKey
from core.kernel.platform import Platform
from core.practice.srs import GradedBy
from core.roles.catalog import Catalog
from core.store.store import Store
from tests.bot.grader.fake_openai import KEY, MODEL, FakeOpenAI
from tests.bot.slack_adapter.fake_slack import TEAM, FakeSlack
from tests.bot.slack_adapter.harness import USER, Answer, SlackUser, slack_user
from tests.bot.slack_adapter.test_answering import home_press
from tests.bot.slack_adapter.test_practice_loop import FILTER, answer_through_the_modal, checklist
from tests.conftest import FakeClock

ADA = UserKey(Platform.SLACK, TEAM, USER)
ANSWER = "Customer first, then I size the problem and pick the one metric to move."


@pytest.fixture
async def grader(fake_openai: FakeOpenAI) -> AsyncIterator[OpenAIGrader]:
    client = OpenAIGrader(GraderConfig(fake_openai.url, MODEL, KEY, timeout=1.5))
    yield client
    await client.close()


@pytest.fixture
async def graded(
    catalog: Catalog,
    store: Store,
    clock: FakeClock,
    grader: OpenAIGrader,
    settings: Settings,
    fake_slack: FakeSlack,
) -> AsyncIterator[SlackUser]:
    handler = build_handler(catalog, store, clock, random.Random(7), grader=grader)
    adapter = SlackAdapter(handler, settings, host="127.0.0.1")
    async with slack_user(adapter, fake_slack) as user:
        yield user
        await user.idle()


def responses_to(fake: FakeSlack, answered: Answer) -> list[dict[str, Any]]:
    """Every message sent to the response_url the answer went to, in order."""
    key = next(k for k, v in fake.responses.items() if v and v[0] is answered.first)
    return fake.responses[key]


async def test_reading_at_once_then_the_feedback_in_its_place_then_the_grade(
    graded: SlackUser, fake_slack: FakeSlack, fake_openai: FakeOpenAI, store: Store
) -> None:
    await graded.command("/prep profile ai-feedback=yes")
    fake_openai.delay = 0.5
    question = await graded.command(FILTER)
    started = time.perf_counter()
    answered = await answer_through_the_modal(graded, fake_slack, question, ANSWER)
    reading, feedback = responses_to(fake_slack, answered)
    assert "Reading your answer" in str(reading["blocks"])
    assert reading["replace_original"] is True
    assert feedback["replace_original"] is True
    assert time.perf_counter() - started >= 0.5  # the feedback came after the grader's delay
    shown = Answer([feedback])
    assert shown.header() == "Feedback on your answer"
    assert "✓ 1." in shown.texts()
    assert "Name the metric you would move first." in shown.texts()
    boxes, _ = checklist(shown)
    assert boxes["initial_options"] == boxes["options"]  # every point covered, every box ticked
    [sent] = fake_openai.received
    assert sent.answer == ANSWER
    graded_now = await graded.press(shown.button("Good (suggested)"))
    assert graded_now.header() == "Graded: Good"
    [review] = await store.cards.reviews(ADA)
    assert review.graded_by is GradedBy.GRADER


async def test_the_acknowledgement_does_not_wait_for_the_grader(
    graded: SlackUser, fake_slack: FakeSlack, fake_openai: FakeOpenAI
) -> None:
    await graded.command("/prep profile ai-feedback=yes")
    fake_openai.delay = 1.0
    question = await graded.command(FILTER)
    await graded.press(question.button("Write my answer"))
    view = fake_slack.calls_to("views.open")[-1].args["view"]
    values = {"answer": {"answer": {"type": "plain_text_input", "value": ANSWER}}}
    started = time.perf_counter()
    response = await graded.submit(view, values)
    assert response.status == 200
    assert time.perf_counter() - started < 0.5
    await fake_slack.wait_for(lambda: any(fake_slack.responses.values()), within=0.5)
    await graded.idle()


async def test_a_grader_that_times_out_leaves_the_rubric_and_the_answer(
    graded: SlackUser, fake_slack: FakeSlack, fake_openai: FakeOpenAI
) -> None:
    await graded.command("/prep profile ai-feedback=yes")
    fake_openai.delay = 5.0
    question = await graded.command(FILTER)
    started = time.perf_counter()
    answered = await answer_through_the_modal(graded, fake_slack, question, ANSWER)
    assert time.perf_counter() - started < 3.0  # within the 1.5 s timeout, and some
    _, fallback = responses_to(fake_slack, answered)
    shown = Answer([fallback])
    assert "Feedback is unavailable (the grader did not answer in time)" in shown.texts()
    assert "Customer first" in shown.texts()
    boxes, _ = checklist(shown)
    assert "initial_options" not in boxes
    labels = [b["text"]["text"] for b in shown.buttons()]
    assert [x for x in labels if x != "Grade my ticks"] == ["Again", "Hard", "Good", "Easy"]


async def test_without_consent_nothing_is_sent(
    graded: SlackUser, fake_slack: FakeSlack, fake_openai: FakeOpenAI
) -> None:
    question = await graded.command(FILTER)
    answered = await answer_through_the_modal(graded, fake_slack, question, ANSWER)
    assert "Yes, send my answers" in [b["text"]["text"] for b in answered.buttons()]
    await asyncio.sleep(0.1)
    assert fake_openai.received == []


async def test_an_answer_written_from_the_home_tab_is_updated_in_its_direct_message(
    graded: SlackUser, fake_slack: FakeSlack, fake_openai: FakeOpenAI
) -> None:
    await graded.command("/prep profile ai-feedback=yes")
    fake_openai.delay = 0.3
    question = await graded.command(FILTER)
    write = question.button("Write my answer")
    # The same button, pressed on App Home: no message, so no response_url to answer through.
    home = home_press(write["action_id"], write["value"])
    assert (await graded.interact(home)).status == 200
    await graded.idle()
    view = fake_slack.calls_to("views.open")[-1].args["view"]
    values = {"answer": {"answer": {"type": "plain_text_input", "value": ANSWER}}}
    assert (await graded.submit(view, values)).status == 200
    await fake_slack.wait_for(lambda: bool(fake_slack.calls_to("chat.update")), within=3.0)
    await graded.idle()
    [update] = fake_slack.calls_to("chat.update")
    [posted] = fake_slack.messages[update.args["channel"]]
    assert posted["ts"] == update.args["ts"]  # the DM's "Reading your answer…" took its place
    shown = Answer([posted])
    assert shown.header() == "Feedback on your answer"
    assert "✓ 1." in shown.texts()
