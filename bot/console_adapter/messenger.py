"""Scheduled posts and direct messages, printed in the terminal."""

from __future__ import annotations

import itertools

from rich.console import Console

from bot.console_adapter.render import render
from core.messenger import Messenger
from core.platform import Platform
from core.reply import Button, Reply


class ButtonBoard:
    """The buttons of the latest message that has any; typing a number presses one of them.

    A reply to the user's own command replaces them all (`show`), even with none, so that a
    number never presses a button from further up; a scheduled post without buttons leaves
    them be (`offer`), so that it cannot take away a quiz in progress.
    """

    def __init__(self) -> None:
        self.buttons: tuple[Button, ...] = ()

    def show(self, buttons: tuple[Button, ...]) -> None:
        self.buttons = buttons

    def offer(self, buttons: tuple[Button, ...]) -> None:
        if buttons:
            self.buttons = buttons

    def choose(self, number: int) -> Button | None:
        return self.buttons[number - 1] if 1 <= number <= len(self.buttons) else None


class ConsoleMessenger(Messenger):
    platform = Platform.CONSOLE

    def __init__(self, console: Console, offered: ButtonBoard) -> None:
        self.console = console
        self.offered = offered
        self._ids = itertools.count(1)
        self.sent: dict[str, str] = {}

    async def post_to_channel(
        self, workspace: str, channel: str, reply: Reply, *, delivery_key: str, retry: bool = False
    ) -> str:
        return self._show(reply, f"posted in #{channel}", delivery_key)

    async def send_direct(
        self, workspace: str, user: str, reply: Reply, *, delivery_key: str, retry: bool = False
    ) -> str:
        return self._show(reply, f"direct message to {user}", delivery_key)

    def _show(self, reply: Reply, where: str, delivery_key: str) -> str:
        if delivery_key in self.sent:
            return self.sent[delivery_key]
        message_id = f"console-{next(self._ids)}"
        self.console.print(render(reply, where))
        self.offered.offer(reply.buttons)
        self.sent[delivery_key] = message_id
        return message_id
