"""Scheduled posts and direct messages, printed in the terminal."""

from __future__ import annotations

import itertools
import re

from rich.console import Console

from bot.console_adapter.render import render
from core.messenger import Messenger
from core.platform import Platform
from core.reply import Button, Checklist, Form, Reply, answered, ticked


class ButtonBoard:
    """The buttons of the latest message that has any; typing a number presses one of them.

    A reply to the user's own command replaces them all (`show`), even with none, so that a
    number never presses a button from further up; a scheduled post without buttons leaves
    them be (`offer`), so that it cannot take away a quiz in progress. A checklist is one more
    numbered choice after the buttons. A choice that needs text (a form, a checklist) waits
    for the next line (`wait`, then `take`).
    """

    def __init__(self) -> None:
        self.buttons: tuple[Button, ...] = ()
        self.checklist: Checklist | None = None
        self.waiting: tuple[Button, bool] | None = None  # the button, and whether it ticks

    def show(self, buttons: tuple[Button, ...], checklist: Checklist | None = None) -> None:
        self.checklist = checklist
        self.buttons = buttons + ((checklist_button(checklist),) if checklist else ())

    def offer(self, buttons: tuple[Button, ...], checklist: Checklist | None = None) -> None:
        if buttons or checklist:
            self.show(buttons, checklist)

    def choose(self, number: int) -> Button | None:
        return self.buttons[number - 1] if 1 <= number <= len(self.buttons) else None

    def wait(self, button: Button, form: Form | None) -> str | None:
        """What to ask for before pressing `button`, if anything; the next line answers it."""
        ticks = self.checklist is not None and button == checklist_button(self.checklist)
        if form is None and not ticks:
            return None
        self.waiting = (button, ticks)
        if ticks:
            return "Type the numbers of the points you covered (e.g. 1 3), or 0 for none."
        assert form is not None
        return f"{form.title}: {form.label}. Type it on one line."

    def take(self, text: str) -> tuple[str, str] | None:
        """The press a waiting choice makes with the line typed; None if nothing waits."""
        if self.waiting is None:
            return None
        (button, ticks), self.waiting = self.waiting, None
        if ticks:
            numbers = [int(n) for n in re.findall(r"\d+", text) if int(n) > 0]
            return button.action, ticked(button.payload, numbers)
        return button.action, answered(button.payload, text)


def checklist_button(checklist: Checklist) -> Button:
    return Button(action=checklist.action, label=checklist.submit, payload=checklist.payload)


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
        self.offered.offer(reply.buttons, reply.checklist)
        self.sent[delivery_key] = message_id
        return message_id
