"""/mock on Slack through the app's real entry point: every stage of the Amazon loop answered
in the modal (or with Done), its rubric ticked and graded, to the scorecard; times from the
injected clock."""

from __future__ import annotations

from bot.slack_adapter.forms import CHECKBOXES, CHECKLIST_BLOCK
from core.content.loader import Content
from core.store.store import Store
from tests.bot.slack_adapter.fake_slack import FakeSlack
from tests.bot.slack_adapter.harness import SlackUser
from tests.bot.slack_adapter.test_practice_loop import ADA, answer_through_the_modal, checklist
from tests.conftest import FakeClock


async def test_the_amazon_loop_runs_to_its_scorecard(
    slack: SlackUser, fake_slack: FakeSlack, store: Store, clock: FakeClock, content: Content
) -> None:
    stages = content.roles["amazon-pm"].interview[0].stages
    shown = await slack.command("/mock amazon-pm")
    for number, stage in enumerate(stages, 1):
        assert shown.header() == f"Mock stage {number} of {len(stages)}: {stage.name}"
        run = await store.mocks.get(ADA)
        assert run is not None
        assert run.stage_run.deadline is not None
        assert f"{run.stage_run.deadline:%H:%M}" in shown.texts()  # the clock, in UTC here
        clock.advance(minutes=40 if number == 1 else 5)
        if number == 4:
            revealed = await slack.press(shown.button("Done"))
        else:
            revealed = await answer_through_the_modal(slack, fake_slack, shown, "Customer first.")
        late = "over the 30-minute time box" in revealed.texts()
        assert late is (number == 1)
        boxes, submit = checklist(revealed)
        ticked = boxes["options"] if number != 2 else []
        state = {CHECKLIST_BLOCK: {CHECKBOXES: {"type": "checkboxes", "selected_options": ticked}}}
        suggestion = await slack.press(submit, state=state)
        chosen = next(b for b in suggestion.buttons() if b.get("style") == "primary")
        graded = await slack.press(chosen)
        if number < len(stages):
            shown = await slack.press(graded.button(f"Start stage {number + 1}"))
    assert graded.header() == "Mock Amazon Product Manager: scorecard"
    assert f"Weakest stage: {stages[1].name}" in graded.texts()
    assert len(await store.cards.reviews(ADA)) == len(stages)
    assert await store.mocks.get(ADA) is None


async def test_an_answer_button_of_a_stage_already_graded_says_so_before_any_typing(
    slack: SlackUser, fake_slack: FakeSlack
) -> None:
    shown = await slack.command("/mock amazon-pm")
    revealed = await slack.press(shown.button("Done"))
    await slack.press(revealed.button("Good"))
    opened = len(fake_slack.calls_to("views.open"))
    refused = await slack.press(shown.button("Write my answer"))
    assert len(fake_slack.calls_to("views.open")) == opened  # no form to type into
    assert "That button is not valid any more." in refused.texts()
    assert refused.first["response_type"] == "ephemeral"
