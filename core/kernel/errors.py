"""The error every layer raises for a user mistake; the command handler turns it into a reply."""

from __future__ import annotations


class UsageError(Exception):
    """A user mistake: `message` says what was wrong, `hint` what to type instead."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
