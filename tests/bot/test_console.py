from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

from rich.console import Console

from bot.console_adapter.repl import ConsoleAdapter
from core.commands.handler import CommandHandler
from core.dispatch import Dispatcher
from core.fit import FitEngine
from core.platform import Platform
from core.reply import Reply, TextSection
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
    notice = Reply(title="Your week", sections=(TextSection(text="Streak: 3 day(s)."),))
    await adapter.messenger.send_direct("local", "ada", notice, delivery_key="k")
    await adapter.answer("1")
    assert "question 2 of" in out.getvalue()
