"""The practice loop on Slack: the answer modal, the rubric as checkboxes, the suggested grade,
an idempotent grade, the question back only when due, and /prep stats with its two charts."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.slack_adapter.forms import ANSWER_VIEW, CHECKBOXES, CHECKLIST_BLOCK
from core.content.loader import Content
from core.kernel.identity import UserKey
from core.kernel.platform import Platform
from core.store.store import Store
from tests.bot.slack_adapter.fake_slack import TEAM, FakeSlack
from tests.bot.slack_adapter.harness import USER, Answer, SlackUser
from tests.conftest import FakeClock

ADA = UserKey(Platform.SLACK, TEAM, USER)
FILTER = "/practice amazon-pm leadership-principles"


def question_of(answer: Answer) -> str | None:
    found = [b["value"] for b in answer.buttons() if b["text"]["text"] == "Write my answer"]
    return found[0] if found else None


def checklist(answer: Answer) -> tuple[dict[str, Any], dict[str, Any]]:
    """The checkboxes and the submit button of a message's checklist."""
    block = next(
        b for m in answer.messages for b in m["blocks"] if b.get("block_id") == CHECKLIST_BLOCK
    )
    boxes, submit = block["elements"]
    return boxes, submit


async def answer_through_the_modal(
    slack: SlackUser, fake_slack: FakeSlack, question: Answer, text: str
) -> Answer:
    opened = await slack.press(question.button("Write my answer"))
    assert opened.messages == []  # a press that opens a modal answers nothing yet
    view = fake_slack.calls_to("views.open")[-1].args["view"]
    assert view["callback_id"] == ANSWER_VIEW
    values = {"answer": {"answer": {"type": "plain_text_input", "value": text}}}
    response = await slack.submit(view, values)
    assert response.status == 200
    await slack.idle()
    # The reveal goes to the response_url of the message the button was on.
    key = fake_slack.calls_to("views.open")[-1].args["view"]["private_metadata"]
    url = next(u for u in key.split('"') if u.startswith("http"))
    return Answer(fake_slack.responses[url.rsplit("/", 1)[1]])


async def test_answer_tick_grade_then_the_question_returns_only_when_due(
    slack: SlackUser, fake_slack: FakeSlack, store: Store, clock: FakeClock, content: Content
) -> None:
    question = await slack.command(FILTER)
    question_id = question_of(question)
    assert question_id is not None
    rubric = next(q.rubric for q in content.questions if q.id == question_id)

    revealed = await answer_through_the_modal(
        slack, fake_slack, question, "Customer first <!channel>, then the data."
    )
    assert revealed.header() == "What a strong answer covers"
    assert "Customer first" in revealed.texts()
    assert "<!channel>" not in str(revealed.messages)
    assert revealed.first["replace_original"] is True  # the question was the caller's own
    boxes, submit = checklist(revealed)
    assert [o["value"] for o in boxes["options"]] == [str(i) for i in range(1, len(rubric) + 1)]

    ticked = [o for o in boxes["options"] if o["value"] in ("1", "2", "3")][: len(rubric) - 1]
    state = {CHECKLIST_BLOCK: {CHECKBOXES: {"type": "checkboxes", "selected_options": ticked}}}
    suggestion = await slack.press(submit, state=state)
    assert suggestion.header().startswith("Suggested grade: ")
    assert f"You covered {len(ticked)} of {len(rubric)} point(s)" in suggestion.texts()
    chosen = next(b for b in suggestion.buttons() if b.get("style") == "primary")
    graded = await slack.press(chosen)
    assert graded.header() == "Graded: " + chosen["text"]["text"].removesuffix(" (suggested)")
    again = await slack.press(chosen)
    assert again.header() == "Already graded"
    assert len(await store.cards.reviews(ADA)) == 1

    [card] = await store.cards.cards(ADA)
    for _ in range(6):
        assert question_of(await slack.command(FILTER)) != question_id
    clock.now = card.due
    back = await slack.command(FILTER)
    assert question_of(back) == question_id
    assert back.header() == "Review: Leadership principles"


async def test_ticking_a_box_is_only_acknowledged(slack: SlackUser, fake_slack: FakeSlack) -> None:
    revealed = await slack.press(
        (await slack.command(FILTER)).button("What a strong answer covers")
    )
    boxes, _ = checklist(revealed)
    answer = await slack.press({"action_id": boxes["action_id"], "text": {"text": ""}})
    assert answer.messages == []


async def test_stats_uploads_the_two_charts_to_the_caller(
    slack: SlackUser, fake_slack: FakeSlack
) -> None:
    revealed = await slack.press(
        (await slack.command(FILTER)).button("What a strong answer covers")
    )
    await slack.press(revealed.button("Good"))
    stats = await slack.command("/prep stats")
    assert "Retention by category" in stats.texts()
    uploads = fake_slack.calls_to("files.completeUploadExternal")
    assert [u.args["channel_id"] for u in uploads] == ["D0ADA", "D0ADA"]
    assert len(fake_slack.uploads) == 2
    assert all(upload.startswith(b"\x89PNG") for upload in fake_slack.uploads)


async def test_easy_four_days_before_the_interview_comes_back_before_it(
    slack: SlackUser, store: Store, clock: FakeClock
) -> None:
    await slack.command("/prep profile interview=2026-11-27")  # Friday; today is Monday
    question = await slack.command(FILTER)
    question_id = question_of(question)
    revealed = await slack.press(question.button("What a strong answer covers"))
    graded = await slack.press(revealed.button("Easy"))
    assert graded.header() == "Graded: Easy"
    assert "comes back on Thu 26 Nov (in 3 days), before your interview." in graded.texts()
    [card] = await store.cards.cards(ADA)
    assert card.due.date() == date(2026, 11, 26)
    clock.now = card.due
    assert question_of(await slack.command(FILTER)) == question_id
