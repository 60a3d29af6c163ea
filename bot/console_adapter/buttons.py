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

from core.kernel.reply import Button, Checklist, Form, Reply, answered, error_reply, ticked

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
    """The buttons each message offers. A checklist is one more numbered choice after its
    message's buttons; a choice that needs text (a form, a checklist) waits for the next
    line (`wait`, then `take`)."""

    def __init__(self) -> None:
        self.buttons: tuple[Button, ...] = ()
        self.posted: dict[str, tuple[Button, ...]] = {}
        self._next_letter = 0
        self._ticks: set[Button] = set()  # the buttons that stand for a checklist
        self.waiting: tuple[Button, str] | None = None  # the button, and its message's letter
        self._form: Form | None = None  # the waiting button's form, and what it has so far
        self._values: list[str] = []

    def show(self, buttons: tuple[Button, ...], checklist: Checklist | None = None) -> None:
        """The reply to the user's own line: its buttons take the numbers, even when none."""
        self.buttons = self._with(buttons, checklist)

    def post(self, buttons: tuple[Button, ...], checklist: Checklist | None = None) -> str:
        """A message that arrived on its own: its buttons get the next letter ('' if none).

        After `z` the letters start again at `a`, replacing the oldest message's buttons.
        """
        offered = self._with(buttons, checklist)
        if not offered:
            return ""
        letter = _LETTERS[self._next_letter % len(_LETTERS)]
        self._next_letter += 1
        self.posted[letter] = offered
        return letter

    def answered(self, letter: str, reply: Reply) -> None:
        """A button was pressed: the reply's buttons stay with the message that was answered."""
        offered = self._with(reply.buttons, reply.checklist)
        if not letter:
            self.buttons = offered
        elif offered:
            self.posted[letter] = offered
        else:
            self.posted.pop(letter, None)

    def wait(self, button: Button, form: Form | None, letter: str) -> str | None:
        """What to ask for before pressing `button`, if anything; the next line answers it
        (each next line, for a form of several fields)."""
        if form is None and button not in self._ticks:
            return None
        self.waiting = (button, letter)
        self._form, self._values = form, []
        if form is None:
            return "Type the numbers of the points you covered (e.g. 1 3), or 0 for none."
        return self._ask(form)

    def _ask(self, form: Form) -> str:
        box = form.boxes()[len(self._values)]
        if not form.fields:
            return f"{form.title}: {form.label}. Type it on one line."
        step = f"({len(self._values) + 1} of {len(form.fields)})"
        how = "points separated by ' | '" if box.multiline else "one line"
        optional = ", or Enter to leave it" if not box.required else ""
        example = f" e.g. {box.placeholder}" if box.placeholder else ""
        return f"{form.title} {step}: {box.label}; {how}{optional}.{example}"

    def take(self, text: str) -> tuple[str, str, str] | str | None:
        """The press a waiting choice makes with the line typed (action, payload and the
        message's letter); the question for the next field while a form has more; None if
        nothing waits."""
        if self.waiting is None:
            return None
        button, letter = self.waiting
        form = self._form
        if form is not None and form.fields:
            box = form.boxes()[len(self._values)]
            self._values.append("\n".join(text.split(" | ")) if box.multiline else text)
            if len(self._values) < len(form.fields):
                return self._ask(form)
        self.waiting, self._form = None, None
        if button in self._ticks:
            numbers = [int(n) for n in re.findall(r"\d+", text) if int(n) > 0]
            return button.action, ticked(button.payload, numbers), letter
        if form is not None and form.fields:
            return button.action, form.submitted(button.payload, self._values), letter
        return button.action, answered(button.payload, text), letter

    def _with(self, buttons: tuple[Button, ...], checklist: Checklist | None) -> tuple[Button, ...]:
        if checklist is None:
            return buttons
        submit = Button(action=checklist.action, label=checklist.submit, payload=checklist.payload)
        self._ticks.add(submit)
        return (*buttons, submit)

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
