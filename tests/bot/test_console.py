from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

import pytest
from prompt_toolkit.completion import CompleteEvent
from prompt_toolkit.document import Document
from rich.console import Console

from bot.console_adapter.buttons import ButtonBoard, parse_key
from bot.console_adapter.completion import CommandCompleter, vocabulary
from bot.console_adapter.render import CODE_STYLE, plain
from bot.console_adapter.repl import ConsoleAdapter
from core.commands.handler import CommandHandler
from core.content.models import Category
from core.dispatch.dispatcher import Dispatcher
from core.fit.quiz import FitEngine
from core.kernel.platform import Platform
from core.kernel.reply import Button, Reply, TextSection
from core.roles.aspects import Aspect
from core.store.store import Store
from tests.conftest import FakeClock


def make_console() -> tuple[Console, io.StringIO]:
    out = io.StringIO()
    return Console(file=out, width=120, color_system=None), out


async def test_a_command_is_answered_in_a_panel(handler: CommandHandler) -> None:
    console, out = make_console()
    adapter = ConsoleAdapter(handler, console)
    await adapter.answer("/compare netflix-pm amazon-pm skills")
    text = out.getvalue()
    assert "netflix-pm" in text
    assert "amazon-pm" in text
    assert "only you can see this" in text


async def test_the_fit_quiz_is_answered_by_number(handler: CommandHandler) -> None:
    console, out = make_console()
    adapter = ConsoleAdapter(handler, console)
    await adapter.answer("/fit")
    for _ in FitEngine(handler.catalog).quiz.questions:
        await adapter.answer("2")
    assert "Your fit quiz result" in out.getvalue()
    assert "What pushed you toward" in out.getvalue()


async def test_a_scheduled_question_appears_in_the_terminal(
    handler: CommandHandler, store: Store, clock: FakeClock
) -> None:
    console, out = make_console()
    adapter = ConsoleAdapter(handler, console)
    await adapter.answer("/prep schedule #study 09:00 UTC daily")
    dispatcher = Dispatcher(
        store, handler.catalog.content, {Platform.CONSOLE: adapter.messenger}, clock
    )
    clock.advance(hours=1, minutes=1)
    report = await dispatcher.tick()
    assert report.sent == 1
    assert "Question of the day" in out.getvalue()
    assert "posted in #study" in out.getvalue()
    clock.advance(minutes=30)
    assert (await dispatcher.tick()).sent == 0
    clock.now += timedelta(days=1)
    assert (await dispatcher.tick()).sent == 1


async def test_a_chart_is_saved_beside_the_data(handler: CommandHandler, tmp_path: Path) -> None:
    console, out = make_console()
    adapter = ConsoleAdapter(handler, console, tmp_path)
    await adapter.answer("/compare netflix-pm netflix-pmm comp")
    (chart,) = (tmp_path / "charts").iterdir()
    assert chart.read_bytes().startswith(b"\x89PNG")
    assert chart.name in out.getvalue().replace("\n", "")


async def test_a_number_presses_only_a_button_of_the_latest_reply(
    handler: CommandHandler, store: Store
) -> None:
    console, out = make_console()
    adapter = ConsoleAdapter(handler, console)
    await adapter.answer("/fit")
    for _ in FitEngine(handler.catalog).quiz.questions:
        await adapter.answer("1")
    await adapter.answer("/role")  # a reply without buttons
    out.truncate(0)
    out.seek(0)
    await adapter.answer("1")
    assert "There is no button 1: the last reply has none." in out.getvalue()
    assert "Your fit quiz result" not in out.getvalue()
    stats = await store.users.stats(adapter.caller.key)
    assert stats is not None
    assert stats.fits == 1


async def test_a_number_beyond_the_buttons_says_which_exist(handler: CommandHandler) -> None:
    console, out = make_console()
    adapter = ConsoleAdapter(handler, console)
    await adapter.answer("/fit")
    await adapter.answer("9")
    assert "There is no button 9." in out.getvalue()
    assert "Type a number from 1 to 3, or a command." in out.getvalue()
    await adapter.answer("2")  # the quiz goes on
    assert "question 2 of" in out.getvalue()


async def test_a_scheduled_post_without_buttons_leaves_a_quiz_in_progress_be(
    handler: CommandHandler,
) -> None:
    console, out = make_console()
    adapter = ConsoleAdapter(handler, console)
    await adapter.answer("/fit")
    notice = Reply(title="Your week", sections=(TextSection(text="Streak: 3 days."),))
    await adapter.messenger.send_direct("local", "ada", notice, delivery_key="k")
    await adapter.answer("1")
    assert "question 2 of" in out.getvalue()


async def test_the_answer_to_a_scheduled_message_stays_under_its_letter(
    handler: CommandHandler,
) -> None:
    console, out = make_console()
    adapter = ConsoleAdapter(handler, console)
    await adapter.answer("/fit")
    quiz = adapter.board.buttons
    question = await handler.handle("/practice amazon-pm", adapter.caller)
    await adapter.messenger.post_to_channel("local", "study", question, delivery_key="q")
    assert "[a1]" in out.getvalue()
    await adapter.answer("a2")  # reveal what a strong answer covers
    assert adapter.board.buttons == quiz
    await adapter.answer("1")
    assert "question 2 of" in out.getvalue()


def test_letters_wrap_after_z_replacing_the_oldest() -> None:
    board = ButtonBoard()
    button = (Button(action="x", label="X"),)
    letters = [board.post(button) for _ in range(27)]
    assert letters[0] == "a"
    assert letters[25] == "z"
    assert letters[26] == "a"
    assert board.post(()) == ""  # a message without buttons takes no letter
    assert len(board.posted) == 26


@pytest.mark.parametrize(
    ("typed", "letter", "number"), [("2", "", 2), (" A3 ", "a", 3), ("c12", "c", 12)]
)
def test_button_keys(typed: str, letter: str, number: int) -> None:
    key = parse_key(typed)
    assert key is not None
    assert (key.letter, key.number) == (letter, number)


@pytest.mark.parametrize("typed", ["/fit", "ab1", "1a", "", "-1", "1.5"])
def test_words_that_are_not_button_keys(typed: str) -> None:
    assert parse_key(typed) is None


def test_inline_code_is_styled_without_backticks() -> None:
    text = plain("Type `/help` or `/role netflix-pm`, not a lone ` tick.")
    assert text.plain == "Type /help or /role netflix-pm, not a lone ` tick."
    styled = [text.plain[span.start : span.end] for span in text.spans if span.style == CODE_STYLE]
    assert styled == ["/help", "/role netflix-pm"]


def completions(handler: CommandHandler, line: str) -> list[str]:
    completer = CommandCompleter(vocabulary(handler))
    found = completer.get_completions(Document(line), CompleteEvent(completion_requested=True))
    return [line[: len(line) + c.start_position] + c.text for c in found]


def test_completion_offers_the_cores_vocabulary(handler: CommandHandler) -> None:
    roles = [role.id for role in handler.catalog.roles]
    assert completions(handler, "/pr") == ["/practice", "/prep"]
    assert completions(handler, "prac") == ["practice"]
    assert completions(handler, "/prep for") == ["/prep forget"]
    assert completions(handler, "/practice ") == [
        f"/practice {word}" for word in ["suggest", *roles, *(c.value for c in Category)]
    ]
    two = f"/compare {roles[0]} {roles[1]} "
    assert completions(handler, two) == [two + aspect.value for aspect in Aspect]
    assert completions(handler, "/role AMAZ") == ["/role amazon-pm"]
    assert completions(handler, "/prep profile role=am") == ["/prep profile role=amazon-pm"]
    assert completions(handler, "/help prep che") == ["/help prep checkin"]
    assert completions(handler, "/prep stats ") == []
    # every other command works after /prep too, and completes the same there
    assert completions(handler, "/prep comp") == ["/prep compare"]
    assert completions(handler, two.replace("/compare", "/prep compare")) == [
        two.replace("/compare", "/prep compare") + aspect.value for aspect in Aspect
    ]
    assert completions(handler, "/prep role AMAZ") == ["/prep role amazon-pm"]
