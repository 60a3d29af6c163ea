"""The practice loop in the terminal: answer on the next line, type the points covered, grade;
the question comes back when its card falls due, and /prep stats saves both charts."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from rich.console import Console

from bot.console_adapter.repl import ConsoleAdapter
from core.commands.handler import CommandHandler
from core.content.loader import Content
from core.store.store import Store
from tests.conftest import FakeClock

FILTER = "/practice amazon-pm leadership-principles"


def make_console() -> tuple[Console, io.StringIO]:
    out = io.StringIO()
    return Console(file=out, width=200, color_system=None), out


def number_of(adapter: ConsoleAdapter, label: str) -> str:
    labels = [b.label for b in adapter.board.buttons]
    return str(labels.index(label) + 1)


def shown_question(adapter: ConsoleAdapter) -> str | None:
    """The question id the latest reply offers to answer, if it offers one."""
    answer = [b for b in adapter.board.buttons if b.action == "practice.answer"]
    return answer[0].payload if answer else None


async def test_answer_tick_grade_and_the_question_returns_only_when_due(
    handler: CommandHandler, store: Store, clock: FakeClock, content: Content
) -> None:
    console, out = make_console()
    adapter = ConsoleAdapter(handler, console)
    await adapter.answer(FILTER)
    question_id = shown_question(adapter)
    assert question_id is not None
    question = next(q for q in content.questions if q.id == question_id)

    await adapter.answer(number_of(adapter, "Write my answer"))
    assert "Type it on one line." in out.getvalue()
    await adapter.answer("I would own the outcome and dive deep into the data @everyone")
    revealed = out.getvalue()
    assert "Your answer" in revealed
    assert "@everyone" not in revealed  # echoed text never pings
    assert all(revealed.count(point[:40]) == 1 for point in question.rubric)  # once, to tick

    await adapter.answer(number_of(adapter, "Grade my ticks"))
    covered = len(question.rubric) - 1  # all but one point: Good for 3 of 4, Hard for 2 of 3
    await adapter.answer(" ".join(str(n) for n in range(1, covered + 1)))
    assert f"You covered {covered} of {len(question.rubric)} point(s)" in out.getvalue()
    suggested = next(b.label for b in adapter.board.buttons if "(suggested)" in b.label)
    await adapter.answer(number_of(adapter, suggested))
    assert f"Graded: {suggested.removesuffix(' (suggested)')}" in out.getvalue()

    [card] = await store.cards.cards(adapter.caller.key)
    assert card.question_id == question_id
    assert card.due > clock.now
    # Until it falls due, /practice offers the other questions, never this one.
    for _ in range(8):
        await adapter.answer(FILTER)
        assert shown_question(adapter) != question_id
    clock.now = card.due
    out.truncate(0)
    out.seek(0)
    await adapter.answer(FILTER)
    assert shown_question(adapter) == question_id
    assert "Review: Leadership principles" in out.getvalue()


async def test_a_second_press_of_the_same_grade_grades_once(
    handler: CommandHandler, store: Store
) -> None:
    console, out = make_console()
    adapter = ConsoleAdapter(handler, console)
    await adapter.answer(FILTER)
    await adapter.answer(number_of(adapter, "What a strong answer covers"))
    good = number_of(adapter, "Good")
    buttons = adapter.board.buttons
    await adapter.answer(good)
    adapter.board.show(buttons)  # the old message's buttons, pressed again
    await adapter.answer(good)
    assert "Already graded" in out.getvalue()
    assert len(await store.cards.reviews(adapter.caller.key)) == 1


async def test_stats_saves_both_charts(handler: CommandHandler, tmp_path: Path) -> None:
    console, out = make_console()
    adapter = ConsoleAdapter(handler, console, tmp_path)
    await adapter.answer(FILTER)
    await adapter.answer(number_of(adapter, "What a strong answer covers"))
    await adapter.answer(number_of(adapter, "Hard"))
    await adapter.answer("/prep stats")
    saved = sorted(p.name for p in (tmp_path / "charts").iterdir())
    assert saved == ["practice-days.png", "retention.png"]
    assert all((tmp_path / "charts" / name).read_bytes().startswith(b"\x89PNG") for name in saved)
    assert out.getvalue().count("Chart saved to") == 2


async def test_easy_four_days_before_the_interview_comes_back_before_it(
    handler: CommandHandler, store: Store, clock: FakeClock
) -> None:
    console, out = make_console()
    adapter = ConsoleAdapter(handler, console)
    await adapter.answer("/prep profile interview=2026-11-27")  # Friday; today is Monday
    await adapter.answer(FILTER)
    question_id = shown_question(adapter)
    await adapter.answer(number_of(adapter, "What a strong answer covers"))
    await adapter.answer(number_of(adapter, "Easy"))
    assert "comes back on Thu 26 Nov (in 3 days), before your interview." in out.getvalue()
    [card] = await store.cards.cards(adapter.caller.key)
    assert card.due.date() == date(2026, 11, 26)
    clock.now = card.due
    await adapter.answer(FILTER)
    assert shown_question(adapter) == question_id
