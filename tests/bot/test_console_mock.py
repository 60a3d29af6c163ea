"""/mock in the terminal: the Amazon loop stage by stage, answered on the next line or with
Done, graded from the ticked rubric, timed by the injected clock, to the scorecard."""

from __future__ import annotations

import io

from rich.console import Console

from bot.console_adapter.repl import ConsoleAdapter
from core.commands.handler import CommandHandler
from core.content.loader import Content
from core.store.store import Store
from tests.conftest import FakeClock


def number_of(adapter: ConsoleAdapter, label: str) -> str:
    labels = [b.label for b in adapter.board.buttons]
    return str(labels.index(label) + 1)


async def test_the_amazon_loop_runs_to_its_scorecard(
    handler: CommandHandler, store: Store, clock: FakeClock, content: Content
) -> None:
    out = io.StringIO()
    adapter = ConsoleAdapter(handler, Console(file=out, width=200, color_system=None))
    stages = content.roles["amazon-pm"].interview[0].stages
    await adapter.answer("/mock amazon-pm")
    for number, stage in enumerate(stages, 1):
        shown = out.getvalue()
        assert f"Mock stage {number} of {len(stages)}: {stage.name}" in shown
        assert "30 minutes (my default" in shown
        run = await store.mocks.get(adapter.caller.key)
        assert run is not None
        question = next(q for q in content.questions if q.id == run.stage_run.question_id)
        assert "amazon-pm" in question.roles
        if number == 2:  # over the time box: answered 31 minutes after the stage began
            clock.advance(minutes=31)
            await adapter.answer(number_of(adapter, "Done"))
            assert "over the 30-minute time box" in out.getvalue()
        else:
            clock.advance(minutes=12)
            await adapter.answer(number_of(adapter, "Write my answer"))
            await adapter.answer("I would start from the customer and quantify the impact.")
            assert "Answered in 12 minutes, within the 30-minute time box." in out.getvalue()
        await adapter.answer(number_of(adapter, "Grade my ticks"))
        covered = 1 if number == 3 else len(question.rubric)
        await adapter.answer(" ".join(str(n) for n in range(1, covered + 1)))
        suggested = next(b.label for b in adapter.board.buttons if "(suggested)" in b.label)
        await adapter.answer(number_of(adapter, suggested))
        if number < len(stages):
            await adapter.answer(number_of(adapter, f"Start stage {number + 1}"))
    card = out.getvalue().rpartition("Mock Amazon Product Manager: scorecard")[2]
    assert card, "no scorecard"
    assert f"Weakest stage: {stages[2].name}" in card
    assert await store.mocks.get(adapter.caller.key) is None
    profile = await store.users.user(adapter.caller.key)
    assert profile is not None
    assert len(await store.cards.reviews(adapter.caller.key)) == len(stages)
    third = sorted(await store.cards.reviews(adapter.caller.key), key=lambda r: r.grade)[0]
    assert profile.weakest_category == third.category


async def test_an_answer_button_of_a_stage_graded_elsewhere_says_so_before_any_typing(
    handler: CommandHandler,
) -> None:
    out = io.StringIO()
    here = ConsoleAdapter(handler, Console(file=out, width=200, color_system=None))
    there = ConsoleAdapter(handler, Console(file=io.StringIO()))  # the same member, elsewhere
    await here.answer("/mock amazon-pm")
    await there.answer("/mock resume")
    await there.answer(number_of(there, "Done"))
    await there.answer(number_of(there, "Good"))
    await here.answer(number_of(here, "Write my answer"))
    assert "Type it on one line." not in out.getvalue()
    assert "That button is not valid any more." in out.getvalue()
