"""Tab completion in the console, from the core's command spec: commands, /prep subcommands,
form keywords (`off`, `resume`), and the words of each parameter whose kind has a vocabulary
(roles, aspects, categories, days, timezones, `name=` settings and their values)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from prompt_toolkit.completion import CompleteEvent, Completer, Completion
from prompt_toolkit.document import Document

from core.commands import vocabulary as choices
from core.commands.handler import CommandHandler
from core.commands.spec import Command, Kind, Param, Surface

SWITCH = ("yes", "no")
# How a word already typed shows which open-ended parameter it was meant for.
_LOOKS: dict[Kind, Callable[[str], bool]] = {
    Kind.CHANNEL: lambda word: word.startswith(("#", "<#")) or word in ("here", "this"),
    Kind.TIME: lambda word: word[:1].isdigit(),
    Kind.DATE: lambda word: word[:1].isdigit(),
    Kind.NUMBER: lambda word: word.lstrip("#")[:1].isdigit(),
}


@dataclass(frozen=True)
class Vocabulary:
    surface: Surface
    roles: tuple[str, ...]

    @property
    def commands(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.surface.commands)

    def words(self, param: Param, current: str = "") -> tuple[str, ...]:
        """What may stand for a parameter of this kind; empty when anything may."""
        kind = param.kind
        if kind is Kind.ROLE:
            return self.roles
        if kind is Kind.DAY:
            return tuple(c.value for c in choices.weekdays())
        if kind is Kind.TIMEZONE:
            return tuple(choices.timezones(current))
        if kind is Kind.SWITCH:
            return SWITCH
        if kind is Kind.COMMAND:
            return self.commands
        return param.choices


def vocabulary(handler: CommandHandler) -> Vocabulary:
    """The words the console completes: the handler's commands and the catalog's roles."""
    roles = tuple(c.value for c in handler.vocabulary.roles(limit=1000))
    return Vocabulary(handler.surface, roles)


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
        surface = self.words.surface
        if not done:
            slash = "" if current and current[0] not in "/!" else current[:1] or "/"
            return (slash + command for command in self.words.commands)
        command = surface.top(done[0].lstrip("/!"))
        if command is None:
            return ()
        args = [a.lower() for a in done[1:]]
        if not command.subcommands:
            return self._command(command, args, current)
        if not args:
            return (c.name for c in surface.under_group())
        sub = surface.sub(args[0])
        if sub is not None:
            return self._command(sub, args[1:], current)
        return self.candidates(done[1:], current)  # `/prep compare …` as `/compare …`

    def _command(self, command: Command, args: list[str], current: str) -> Iterable[str]:
        form = command.form(args[0]) if args and command.forms else None
        if form is not None:
            return self._params(form.params, args[1:], current)
        found = list(self._params(command.params, args, current))
        if not args:
            found = [*(f.keyword for f in command.forms), *found]
        return found

    def _params(self, params: Sequence[Param], args: list[str], current: str) -> Iterable[str]:
        settings = next((p for p in params if p.kind is Kind.SETTINGS), None)
        if settings is not None:
            return self._settings(settings, current)
        if params and params[0].kind is Kind.COMMAND:
            group = self.words.surface.group()
            if args == [group.name]:
                return (c.name for c in group.subcommands)
            return self.words.commands if not args else ()
        left = list(params)
        for word in args:
            taker = next((p for p in left if self._takes(p, word)), None)
            if taker is None:
                break
            left.remove(taker)
        ordered = [p for p in left if not p.anywhere]
        for param in ordered:
            offered = self.words.words(param, current)
            if offered or param.required:
                return offered
        return [w for p in left if p.anywhere for w in self.words.words(p, current)]

    def _takes(self, param: Param, word: str) -> bool:
        """Whether a word already typed stands for this parameter."""
        if param.kind in _LOOKS:
            return _LOOKS[param.kind](word)
        if param.kind is Kind.TIMEZONE:
            return True
        offered = self.words.words(param, word)
        return not offered or word in (w.lower() for w in offered)

    def _settings(self, param: Param, current: str) -> Iterable[str]:
        name, sep, value = current.partition("=")
        setting = next((s for s in param.settings if name.lower() in (s.name, *s.aliases)), None)
        if not sep or setting is None:
            return (f"{s.name}=" for s in param.settings)
        offered = self.words.words(Param(setting.name, setting.kind, setting.help), value)
        return (f"{name}={word}" for word in offered)
