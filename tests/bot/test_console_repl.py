"""The REPL driven as a user drives it: keys into the prompt, or lines down a pipe."""

from __future__ import annotations

import asyncio
import io
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.input.base import PipeInput
from prompt_toolkit.output import DummyOutput
from rich.console import Console

from bot.console_adapter.completion import CommandCompleter, vocabulary
from bot.console_adapter.lines import PlainLines, PromptLines
from bot.console_adapter.repl import ConsoleAdapter
from core.commands.handler import CommandHandler
from core.dispatch.dispatcher import Dispatcher
from core.fit.quiz import FitEngine
from core.kernel.platform import Platform
from core.store.store import Store
from tests.conftest import FakeClock

ENTER, CTRL_C, CTRL_D, TAB = "\r", "\x03", "\x04", "\t"


class Screen(io.StringIO):
    """What the terminal shows; a test waits on it for a reply to appear."""

    def __init__(self) -> None:
        super().__init__()
        self.changed = asyncio.Event()

    def write(self, text: str) -> int:
        self.changed.set()
        return super().write(text)

    def mark(self) -> int:
        return len(self.getvalue())

    def since(self, mark: int) -> str:
        return self.getvalue()[mark:]

    async def shows(self, text: str, since: int = 0) -> str:
        """Wait for `text` to be printed after `since`; the timeout only stops a hung test."""
        while text not in self.since(since):
            self.changed.clear()
            await asyncio.wait_for(self.changed.wait(), timeout=10)
        return self.since(since)


@dataclass
class Terminal:
    adapter: ConsoleAdapter
    keys: PipeInput
    screen: Screen
    session: asyncio.Task[None]

    async def type(self, keys: str, then_shows: str) -> str:
        mark = self.screen.mark()
        self.keys.send_text(keys)
        return await self.screen.shows(then_shows, mark)


@asynccontextmanager
async def terminal(handler: CommandHandler) -> AsyncIterator[Terminal]:
    screen = Screen()
    console = Console(file=screen, width=120, color_system=None)
    with create_pipe_input() as keys:
        lines = PromptLines(CommandCompleter(vocabulary(handler)), input=keys, output=DummyOutput())
        adapter = ConsoleAdapter(handler, console, lines=lines)
        session = asyncio.create_task(adapter.wait_closed())
        try:
            yield Terminal(adapter, keys, screen, session)
        finally:
            if not session.done():
                keys.send_text(CTRL_D)
            await asyncio.wait_for(session, timeout=10)


async def test_a_check_in_arriving_mid_quiz_leaves_the_quiz_its_numbers(
    handler: CommandHandler, store: Store, clock: FakeClock
) -> None:
    async with terminal(handler) as term:
        await term.type("/prep checkin 09:00 UTC" + ENTER, "Check-ins")
        await term.type("/fit" + ENTER, "question 1 of")
        dispatcher = Dispatcher(
            store, handler.catalog.content, {Platform.CONSOLE: term.adapter.messenger}, clock
        )
        clock.advance(hours=1, minutes=1)
        mark = term.screen.mark()
        assert (await dispatcher.tick()).sent == 1
        check_in = term.screen.since(mark)
        assert "Daily check-in" in check_in
        assert "[a2] Skip today" in check_in
        assert "[2]" not in check_in

        # A number still answers the quiz...
        answered = await term.type("2" + ENTER, "question 2 of")
        assert "Rest day noted" not in answered
        # ...and the check-in is answered by its own key, leaving the quiz where it was.
        await term.type("a1" + ENTER, "Nice work")
        await term.type("1" + ENTER, "question 3 of")
        assert (await store.users.stats(term.adapter.caller.key)) is not None


async def test_a_key_of_no_message_says_which_messages_have_buttons(
    handler: CommandHandler,
) -> None:
    async with terminal(handler) as term:
        shown = await term.type("b1" + ENTER, "Sorry")
        assert "There is no message b with buttons." in shown
        notice = FitEngine(handler.catalog).start()  # any reply with buttons, arriving on its own
        await term.adapter.messenger.send_direct("local", "ada", notice, delivery_key="k1")
        shown = await term.type("a9" + ENTER, "Sorry")
        assert "Message a has no button 9." in shown
        assert f"a1 to a{len(notice.buttons)}" in shown


async def test_tab_completes_commands_roles_and_aspects(handler: CommandHandler) -> None:
    async with terminal(handler) as term:
        shown = await term.type(
            f"/compa{TAB} netflix-pm amaz{TAB} skil{TAB}{ENTER}", "only you can see this"
        )
        assert "Sorry" not in shown
        assert "amazon-pm" in shown
        assert "Skills" in shown


async def test_ctrl_c_drops_the_line_and_ctrl_d_leaves(handler: CommandHandler) -> None:
    async with terminal(handler) as term:
        shown = await term.type(f"/compare nonsense{CTRL_C}/role{ENTER}", "only you can see")
        assert "nonsense" not in shown  # the line was dropped, not run
        assert "netflix-pm" in shown  # and the REPL went on to the next one
        assert not term.session.done()
        term.keys.send_text(CTRL_D)
        await asyncio.wait_for(term.session, timeout=10)


async def test_piped_lines_are_read_whole_and_a_nul_is_refused(handler: CommandHandler) -> None:
    screen = Screen()
    console = Console(file=screen, width=120, color_system=None)
    piped = io.BytesIO(b"/role net\x00flix-pm\n/role caf\xe9\n\n/role netflix-pm skills\n")
    adapter = ConsoleAdapter(handler, console, lines=PlainLines(piped))
    await asyncio.wait_for(adapter.wait_closed(), timeout=10)
    shown = screen.getvalue()
    assert "control character (U+0000)" in shown
    assert "I don't know the role 'caf\ufffd'" in shown  # undecodable bytes are replaced
    assert "netflix-pm" in shown
    assert "Skills" in shown
    assert "\x1b" not in shown


async def test_piped_input_stops_at_quit(handler: CommandHandler) -> None:
    screen = Screen()
    console = Console(file=screen, width=120, color_system=None)
    adapter = ConsoleAdapter(handler, console, lines=PlainLines(io.BytesIO(b"/quit\n/role\n")))
    await asyncio.wait_for(adapter.wait_closed(), timeout=10)
    assert "netflix-pm" not in screen.getvalue()
