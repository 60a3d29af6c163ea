"""The console bot: a REPL over the core, with scheduled posts printed as they happen."""

from __future__ import annotations

import getpass
from pathlib import Path

from prompt_toolkit import PromptSession
from prompt_toolkit.history import FileHistory, InMemoryHistory
from prompt_toolkit.patch_stdout import patch_stdout
from rich.console import Console
from rich.text import Text

from bot.console_adapter.charts import save_chart
from bot.console_adapter.messenger import ButtonBoard, ConsoleMessenger
from bot.console_adapter.render import render
from core.commands.handler import CommandHandler
from core.identity import Caller
from core.platform import Platform
from core.reply import Reply, error_reply

CONSOLE_CHANNEL = "console"
GREETING = (
    "prepbot console. Type /help for commands, a number to press a button, "
    "Ctrl-D or /quit to leave."
)


class ConsoleAdapter:
    def __init__(
        self, handler: CommandHandler, console: Console, data_dir: Path | None = None
    ) -> None:
        self.handler = handler
        self.console = console
        self.data_dir = data_dir
        self.board = ButtonBoard()
        self.messenger = ConsoleMessenger(console, self.board)
        self.caller = Caller(
            platform=Platform.CONSOLE,
            workspace="local",
            user=getpass.getuser() or "you",
            channel=CONSOLE_CHANNEL,
            is_admin=True,
        )

    async def answer(self, text: str) -> None:
        """Answer one line: a button number or a command."""
        typed = text.strip()
        waited = self.board.take(text)
        if waited is not None:
            reply = await self.handler.press(*waited, self.caller)
        elif typed.isdecimal():
            button = self.board.choose(int(typed))
            if button is None:
                self.console.print(render(self._no_such_button(typed)))
                return
            prompt = self.board.wait(button, self.handler.form(button.action))
            if prompt is not None:
                self.console.print(Text(prompt))
                return
            reply = await self.handler.press(button.action, button.payload, self.caller)
        else:
            reply = await self.handler.handle(text, self.caller)
        self.board.show(reply.buttons, reply.checklist)
        self.console.print(render(reply))
        for chart in reply.images:
            if self.data_dir is not None:
                self.console.print(Text(f"Chart saved to {save_chart(chart, self.data_dir)}"))

    def _no_such_button(self, typed: str) -> Reply:
        count = len(self.board.buttons)
        if count == 0:
            return error_reply(
                f"There is no button {typed}: the last reply has none.", "Type a command, or /help."
            )
        choices = {1: "1", 2: "1 or 2"}.get(count, f"a number from 1 to {count}")
        return error_reply(f"There is no button {typed}.", f"Type {choices}, or a command.")

    async def start(self) -> None:
        self.console.print(GREETING)

    async def stop(self) -> None:
        """Nothing is in flight once the prompt has returned."""

    async def wait_closed(self) -> None:
        """Read commands until the user leaves."""
        history = (
            FileHistory(str(self.data_dir / "console_history"))
            if self.data_dir
            else InMemoryHistory()
        )
        session: PromptSession[str] = PromptSession(history=history)
        with patch_stdout(raw=True):
            while True:
                try:
                    text = await session.prompt_async("prepbot> ")
                except (EOFError, KeyboardInterrupt):
                    return
                if text.strip() in ("/quit", "/exit", "quit", "exit"):
                    return
                if text.strip():
                    await self.answer(text)
