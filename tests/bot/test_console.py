from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

from rich.console import Console

from bot.console_adapter.repl import ConsoleAdapter
from core.commands.handler import CommandHandler
from core.dispatch import Dispatcher
from core.store.repository import Store
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
    for _ in handler.fit.quiz.questions:
        await adapter.answer("2")
    assert "Your fit quiz result" in out.getvalue()
    assert "What pushed you toward" in out.getvalue()


async def test_a_scheduled_question_appears_in_the_terminal(
    handler: CommandHandler, store: Store, clock: FakeClock
) -> None:
    console, out = make_console()
    adapter = ConsoleAdapter(handler, console)
    await adapter.answer("/prep schedule #study 09:00 UTC daily")
    dispatcher = Dispatcher(store, handler.catalog.content, {"console": adapter.messenger}, clock)
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
