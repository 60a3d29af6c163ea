"""`prepbot ask`: one command, then the buttons named by `--press`, then an exit code."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.console_adapter.identity import console_caller
from core.commands.handler import CommandHandler
from core.kernel.reply import Button, Problem, Reply, error_reply

EXIT_CODES: dict[Problem | None, int] = {
    None: 0,
    Problem.USAGE: 1,
    Problem.UNKNOWN_COMMAND: 2,
    Problem.INTERNAL: 3,
}


@dataclass(frozen=True)
class Step:
    """A reply, and the button then pressed on it (none on the last)."""

    reply: Reply
    number: int | None = None

    @property
    def pressed(self) -> Button | None:
        return self.reply.buttons[self.number - 1] if self.number else None


async def ask(handler: CommandHandler, text: str, presses: Sequence[int] = ()) -> list[Step]:
    """The reply to `text`, then the reply to each press of button N of the reply before.

    It stops at the first error reply, which is then the last.
    """
    caller = console_caller()
    steps: list[Step] = []
    reply = await handler.handle(text, caller)
    for number in presses:
        if reply.problem is not None:
            break
        if not 1 <= number <= len(reply.buttons):
            steps.append(Step(reply))
            reply = _no_button(reply, number)
            break
        steps.append(Step(reply, number))
        button = reply.buttons[number - 1]
        reply = await handler.press(button.action, button.payload, caller)
    steps.append(Step(reply))
    return steps


def exit_code(reply: Reply) -> int:
    return EXIT_CODES[reply.problem]


def _no_button(reply: Reply, number: int) -> Reply:
    count = len(reply.buttons)
    has = {0: "no buttons", 1: "one button: --press 1", 2: "two buttons: --press 1 or 2"}.get(
        count, f"{count} buttons: --press 1 to {count}"
    )
    return error_reply(
        f"There is no button {number} to press on “{reply.title}”.", f"It has {has}."
    )
