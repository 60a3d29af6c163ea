"""/mock in the core: bad role or stage answered clearly, a choice of loop where the articles
disagree, the article's own time box, pause and resume across a restart, and abandoning."""

from __future__ import annotations

from bot.compose import build_handler
from core.commands.handler import CommandHandler
from core.kernel.identity import Caller
from core.kernel.reply import Reply
from core.roles.catalog import Catalog
from core.store.store import Store
from tests.conftest import FakeClock


async def press(handler: CommandHandler, reply: Reply, label: str, caller: Caller) -> Reply:
    button = next(b for b in reply.buttons if b.label == label)
    return await handler.press(button.action, button.payload, caller)


async def test_an_unknown_role_or_stage_is_named_with_what_to_do(
    handler: CommandHandler, caller: Caller
) -> None:
    role = await handler.handle("/mock amazn-pm", caller)
    assert role.problem is not None
    assert "amazn-pm" in role.plain_text()
    assert "amazon-pm" in role.plain_text()
    stage = await handler.handle("/mock amazon-pm lunch", caller)
    assert stage.problem is not None
    assert "amazon-pm has no stage" in stage.plain_text()
    assert "Recruiter screen" in stage.plain_text()
    nothing = await handler.handle("/mock resume", caller)
    assert "no mock in progress" in nothing.plain_text()


async def test_netflix_offers_its_two_loops_and_keeps_the_fifteen_minute_case(
    handler: CommandHandler, caller: Caller, clock: FakeClock, store: Store
) -> None:
    choice = await handler.handle("/prep mock netflix-pm", caller)
    assert [b.label for b in choice.buttons] == ["Follow account 1", "Follow account 2"]
    # Only the second account has an execution interview, so the mock starts there.
    stage = await handler.handle("/prep mock netflix-pm execution", caller)
    assert stage.title == "Mock stage 1 of 1: Execution interview"
    assert "15 minutes, which the article gives to the mini-case" in stage.plain_text()
    run = await store.mocks.get(caller.key)
    assert run is not None
    assert run.stage_run.started_at is not None
    assert run.stage_run.deadline is not None
    assert (run.stage_run.deadline - run.stage_run.started_at).total_seconds() == 15 * 60
    assert run.stage_run.category == "execution"


async def test_pause_survives_a_restart_and_resumes_with_a_fresh_clock(
    catalog: Catalog, store: Store, clock: FakeClock, caller: Caller
) -> None:
    first = build_handler(catalog, store, clock)
    started = await first.handle("/mock amazon-pm 2", caller)
    assert started.title == "Mock stage 1 of 1: First PM phone interview"
    assert (await press(first, started, "Pause", caller)).title == "Mock paused"
    clock.advance(hours=5)
    again = build_handler(catalog, store, clock)  # a restart: only the store remains
    busy = await again.handle("/mock netflix-pmm", caller)
    assert busy.title == "A mock is already in progress"
    resumed = await again.handle("/mock resume", caller)
    assert resumed.title == "Mock stage 1 of 1: First PM phone interview"
    run = await store.mocks.get(caller.key)
    assert run is not None
    assert run.stage_run.started_at == clock.now
    assert not run.paused
    gone = await press(again, resumed, "Abandon", caller)
    assert gone.title == "Mock abandoned"
    assert await store.mocks.get(caller.key) is None


async def test_help_covers_mock(handler: CommandHandler, caller: Caller) -> None:
    assert "/mock ROLE [stage]" in (await handler.handle("/help", caller)).plain_text()
    one = await handler.handle("/prep help mock", caller)
    assert one.title == "/mock"


async def test_the_answer_form_of_a_stage_already_graded_is_refused_before_any_typing(
    handler: CommandHandler, caller: Caller
) -> None:
    stage = await handler.handle("/mock amazon-pm", caller)
    write = next(b for b in stage.buttons if b.label == "Write my answer")
    assert await handler.open_form(write.action, write.payload, caller) is not None
    revealed = await press(handler, stage, "Done", caller)
    graded = await press(handler, revealed, "Good", caller)
    assert graded.title == "Graded: Good"
    assert await handler.open_form(write.action, write.payload, caller) is None
    # pressed without the form, the button says why: before any answer is asked for
    refused = await handler.press(write.action, write.payload, caller)
    assert "That button is not valid any more." in refused.plain_text()
    # a practice question's form opens while its question is in the bank
    assert await handler.open_form("practice.answer", "amzn-pm-lp-01", caller) is not None
    assert await handler.open_form("practice.answer", "no-such-question", caller) is None
    gone = await handler.press("practice.answer", "no-such-question", caller)
    assert "no longer in the bank" in gone.plain_text()
