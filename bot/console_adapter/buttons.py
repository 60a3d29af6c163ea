"""Which button a key typed in the terminal presses.

Plain numbers (`2`) press the buttons of the reply to the user's own last line. Every message
that arrives on its own (a scheduled question, a check-in) and has buttons gets a letter, and
its buttons are pressed as `a1`, `a2`…, so that a check-in arriving mid-quiz never takes the
quiz's numbers, and the user can still answer it after typing other commands.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass

from core.reply import Button, Reply, error_reply

_KEY = re.compile(r"([a-z]?)([0-9]{1,4})", re.IGNORECASE)
_LETTERS = string.ascii_lowercase


@dataclass(frozen=True)
class Key:
    """A typed button key: `letter` is empty for the reply to the user's own line."""

    letter: str
    number: int

    def __str__(self) -> str:
        return f"{self.letter}{self.number}"


def parse_key(text: str) -> Key | None:
    match = _KEY.fullmatch(text.strip())
    if match is None:
        return None
    return Key(match.group(1).lower(), int(match.group(2)))


def choices(count: int, letter: str = "") -> str:
    """How to type one of `count` buttons: `1`, `1 or 2`, `a number from 1 to 3`, `a1 to a3`."""
    if count == 1:
        return f"{letter}1"
    if count == 2:
        return f"{letter}1 or {letter}2"
    return f"{letter}1 to {letter}{count}" if letter else f"a number from 1 to {count}"


class ButtonBoard:
    def __init__(self) -> None:
        self.buttons: tuple[Button, ...] = ()
        self.posted: dict[str, tuple[Button, ...]] = {}
        self._next_letter = 0

    def show(self, buttons: tuple[Button, ...]) -> None:
        """The reply to the user's own line: its buttons take the numbers, even when none."""
        self.buttons = buttons

    def post(self, buttons: tuple[Button, ...]) -> str:
        """A message that arrived on its own: its buttons get the next letter ('' if none).

        After `z` the letters start again at `a`, replacing the oldest message's buttons.
        """
        if not buttons:
            return ""
        letter = _LETTERS[self._next_letter % len(_LETTERS)]
        self._next_letter += 1
        self.posted[letter] = buttons
        return letter

    def answered(self, key: Key, reply: Reply) -> None:
        """A button was pressed: the reply's buttons stay with the message that was answered."""
        if not key.letter:
            self.show(reply.buttons)
        elif reply.buttons:
            self.posted[key.letter] = reply.buttons
        else:
            self.posted.pop(key.letter, None)

    def choose(self, key: Key) -> Button | None:
        buttons = self.posted.get(key.letter, ()) if key.letter else self.buttons
        return buttons[key.number - 1] if 1 <= key.number <= len(buttons) else None

    def explain(self, key: Key) -> Reply:
        """Why `key` presses nothing, and what to type instead."""
        if not key.letter:
            count = len(self.buttons)
            if count == 0:
                return error_reply(
                    f"There is no button {key}: the last reply has none.",
                    "Type a command, or /help.",
                )
            return error_reply(
                f"There is no button {key}.", f"Type {choices(count)}, or a command."
            )
        buttons = self.posted.get(key.letter)
        if buttons is None:
            held = ", ".join(sorted(self.posted))
            return error_reply(
                f"There is no message {key.letter} with buttons.",
                f"Messages with buttons: {held}." if held else "No message with buttons is open.",
            )
        return error_reply(
            f"Message {key.letter} has no button {key.number}.",
            f"Type {choices(len(buttons), key.letter)}, or a command.",
        )
