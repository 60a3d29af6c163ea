"""The console bot: a REPL over the core, with scheduled posts printed as they happen."""

from __future__ import annotations

import asyncio
import sys
import unicodedata
from pathlib import Path

from prompt_toolkit.history import FileHistory, InMemoryHistory
from rich.console import Console
from rich.text import Text

from bot.console_adapter.buttons import ButtonBoard, parse_key
from bot.console_adapter.charts import save_charts
from bot.console_adapter.completion import CommandCompleter, vocabulary
from bot.console_adapter.identity import console_caller
from bot.console_adapter.lines import LineSource, PromptLines, stdin_lines
from bot.console_adapter.messenger import ConsoleMessenger
from bot.console_adapter.render import render
from core.commands.handler import CommandHandler
from core.kernel.reply import Followup, Reply, error_reply

GREETING = (
    "prepbot console. Type /help for commands (Tab completes), a number to press a button, "
    "Ctrl-D or /quit to leave."
)
QUIT = ("/quit", "/exit", "quit", "exit")


class ConsoleAdapter:
    def __init__(
        self,
        handler: CommandHandler,
        console: Console,
        data_dir: Path | None = None,
        *,
        lines: LineSource | None = None,
    ) -> None:
        self.handler = handler
        self.console = console
        self.data_dir = data_dir
        self.lines = lines
        self.board = ButtonBoard()
        self.messenger = ConsoleMessenger(console, self.board)
        self.caller = console_caller()
        self._followups: set[asyncio.Task[None]] = set()

    async def answer(self, text: str) -> None:
        """Answer one line: a button key (`2`, `a1`) or a command."""
        typed = text.strip()
        if (refused := _unreadable(typed)) is not None:
            self.console.print(render(refused))
            return
        letter = ""
        waited = self.board.take(typed)
        if isinstance(waited, str):  # a form's next field
            self.console.print(Text(waited))
            return
        key = None if waited is not None else parse_key(typed)
        if waited is not None:
            action, payload, letter = waited
            reply = await self.handler.press(action, payload, self.caller)
            self.board.answered(letter, reply)
        elif key is None:
            reply = await self.handler.handle(typed, self.caller)
            self.board.show(reply.buttons, reply.checklist)
        else:
            letter = key.letter
            button = self.board.choose(key)
            if button is None:
                self.console.print(render(self.board.explain(key)))
                return
            # an expired press opens no form: pressed without it, it says why
            form = await self.handler.open_form(button.action, button.payload, self.caller)
            prompt = self.board.wait(button, form, letter)
            if prompt is not None:
                self.console.print(Text(prompt))
                return
            reply = await self.handler.press(button.action, button.payload, self.caller)
            self.board.answered(letter, reply)
        self._show(reply, letter)
        if reply.followup is not None:
            # Printed when it arrives; the prompt stays free meanwhile.
            task = asyncio.ensure_future(self._follow(reply.followup, letter))
            self._followups.add(task)
            task.add_done_callback(self._followups.discard)

    def _show(self, reply: Reply, letter: str) -> None:
        self.console.print(render(reply, letter=letter))
        for where in save_charts(reply, self.data_dir) if self.data_dir is not None else ():
            self.console.print(Text(f"Chart saved to {where}"))

    async def _follow(self, followup: Followup, letter: str) -> None:
        reply = await self.handler.press(followup.action, followup.payload, self.caller)
        self.board.answered(letter, reply)
        self._show(reply, letter)

    async def settled(self) -> None:
        """Until every reply still on its way (feedback from the grader) has been printed."""
        while self._followups:
            await asyncio.wait(set(self._followups))

    async def start(self) -> None:
        self.console.print(GREETING)

    def ready(self) -> bool:
        return True  # the terminal needs no connection

    async def stop(self) -> None:
        """Replies still on their way are printed first, within the grader's own timeout."""
        await self.settled()

    async def wait_closed(self) -> None:
        """Read lines until the user leaves (Ctrl-D, /quit, or the end of piped input)."""
        lines = self.lines or self._terminal_or_plain()
        with lines.attached():
            while (text := await lines.read()) is not None:
                if text.strip().lower() in QUIT:
                    return
                if text.strip() or self.board.waiting is not None:  # a form's field may be left
                    await self.answer(text)

    def _terminal_or_plain(self) -> LineSource:
        if not (sys.stdin.isatty() and sys.stdout.isatty()):
            return stdin_lines()
        history = (
            FileHistory(str(self.data_dir / "console_history"))
            if self.data_dir
            else InMemoryHistory()
        )
        return PromptLines(CommandCompleter(vocabulary(self.handler)), history)


def _unreadable(text: str) -> Reply | None:
    """A line with a control character (a NUL from a pipe, say) is refused whole, not cut."""
    bad = next((c for c in text if unicodedata.category(c) == "Cc" and c != "\t"), None)
    if bad is None:
        return None
    return error_reply(
        f"That line has a control character (U+{ord(bad):04X}) in it, so I did not read it.",
        "Type the command again without it.",
    )
