"""Tab completion in the console: commands, /prep subcommands, roles, aspects, categories."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from prompt_toolkit.completion import CompleteEvent, Completer, Completion
from prompt_toolkit.document import Document

from core.commands import vocabulary as choices
from core.commands.handler import CommandHandler


@dataclass(frozen=True)
class Vocabulary:
    commands: tuple[str, ...]
    prep_subcommands: tuple[str, ...]
    roles: tuple[str, ...]
    aspects: tuple[str, ...]
    categories: tuple[str, ...]


def vocabulary(handler: CommandHandler) -> Vocabulary:
    """The words the console completes, all taken from the core's vocabulary."""
    return Vocabulary(
        commands=tuple(c.value for c in choices.commands()),
        prep_subcommands=tuple(c.value for c in choices.prep_subcommands()),
        roles=tuple(c.value for c in handler.vocabulary.roles(limit=1000)),
        aspects=tuple(c.value for c in choices.aspects()),
        categories=tuple(c.value for c in choices.categories()),
    )


class CommandCompleter(Completer):
    """Completes the word under the cursor with what may stand there."""

    def __init__(self, words: Vocabulary) -> None:
        self.words = words

    def get_completions(
        self, document: Document, complete_event: CompleteEvent
    ) -> Iterator[Completion]:
        before = document.text_before_cursor
        typed = before.split()
        current = "" if not typed or before[-1].isspace() else typed[-1]
        done = typed[:-1] if current else typed
        for candidate in dict.fromkeys(self.candidates(done, current)):
            if candidate.lower().startswith(current.lower()) and candidate != current:
                yield Completion(candidate, start_position=-len(current))

    def candidates(self, done: list[str], current: str) -> Iterable[str]:
        words = self.words
        if not done:
            slash = "" if current and current[0] not in "/!" else current[:1] or "/"
            return (slash + command for command in words.commands)
        command, args = done[0].lstrip("/!").lower(), [a.lower() for a in done[1:]]
        if command == "compare":
            named = sum(arg in words.roles for arg in args)
            return words.roles if named < 2 else words.aspects
        if command in ("role", "roles"):
            return words.aspects if args else words.roles
        if command == "practice":
            return (*words.roles, *words.categories)
        if command == "help":
            return words.prep_subcommands if args[:1] == ["prep"] else words.commands
        if command == "prep":
            if args and args[0] in words.commands and args[0] not in words.prep_subcommands:
                return self.candidates(done[1:], current)  # `/prep compare …` as `/compare …`
            return self._prep(args, current)
        return ()

    def _prep(self, args: list[str], current: str) -> Iterable[str]:
        words = self.words
        if not args:
            others = (c for c in words.commands if c not in ("prep", *words.prep_subcommands))
            return (*words.prep_subcommands, *others)
        if args[0] == "schedule":
            return (*words.roles, *words.categories)
        if args[0] == "plan":
            return words.roles if len(args) == 1 else ()
        if args[0] == "profile":
            if current.lower().startswith("role="):
                return (f"role={role}" for role in words.roles)
            return ("role=", "interview=", "tz=")
        return ()
