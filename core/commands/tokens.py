"""Split what a user typed into a command name and its words."""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass

from core.kernel.errors import UsageError

MAX_INPUT = 1000
_QUOTING = re.compile(r"[\"'\\]")
_WORD = re.compile(r"[^ \t\r\n]+")  # shlex's whitespace


@dataclass(frozen=True)
class CommandLine:
    name: str
    args: list[str]


def tokenize(text: str) -> CommandLine:
    text = text.strip()
    if not text:
        raise UsageError("You didn't type a command.", "Type `/prep help` to see what I can do.")
    if len(text) > MAX_INPUT:
        raise UsageError(
            f"That's {len(text)} characters; commands are at most {MAX_INPUT}.",
            "Type `/prep help` for the commands and their shape.",
        )
    if _QUOTING.search(text) is None:
        words = _WORD.findall(text)  # what shlex gives for text without quotes or escapes
    else:
        try:
            words = shlex.split(text)
        except ValueError:
            words = text.replace('"', " ").replace("'", " ").split()
    if not words:
        raise UsageError("You didn't type a command.", "Type `/prep help` to see what I can do.")
    name = words[0].lstrip("/!").lower()
    return CommandLine(name=name, args=words[1:])
