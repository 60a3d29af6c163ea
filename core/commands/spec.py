"""The shape of a command, as data: its parameters, alternative forms, permission and help.

Every platform's view of the commands (the parser, /help, Discord's app-command tree, the Slack
manifest and schedule form, the console's completion) is derived from these values.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from enum import StrEnum


class Kind(StrEnum):
    """What a parameter's words stand for; each kind has one reader (`core.commands.readers`)."""

    ROLE = "role"
    ASPECT = "aspect"
    CATEGORY = "category"
    CHANNEL = "channel"
    TIME = "time"
    TIMEZONE = "timezone"
    DAYS = "days"  # weekdays, daily, weekends, mon,wed,fri
    DAY = "day"  # one day of the week
    DATE = "date"
    NUMBER = "number"
    TEXT = "text"  # the rest of the words, as typed
    SWITCH = "switch"  # yes or no
    CHOICE = "choice"  # one of the parameter's choices
    COMMAND = "command"  # a command's name, or `prep` and a subcommand's
    SETTINGS = "settings"  # name=value pairs, each value read by its setting's kind


LABELS = {
    Kind.ROLE: "ROLE",
    Kind.CHANNEL: "#channel",
    Kind.TIME: "HH:MM",
    Kind.DAY: "DAY",
    Kind.DATE: "YYYY-MM-DD",
    Kind.NUMBER: "ID",
    Kind.SWITCH: "yes|no",
}
NOUNS = {
    Kind.ROLE: "a role",
    Kind.ASPECT: "an aspect",
    Kind.CATEGORY: "a category",
    Kind.CHANNEL: "a channel",
    Kind.TIME: "a time",
    Kind.TIMEZONE: "a timezone",
    Kind.DAYS: "days",
    Kind.DAY: "a day of the week",
    Kind.DATE: "a date",
    Kind.NUMBER: "a number",
    Kind.TEXT: "words",
    Kind.SWITCH: "yes or no",
    Kind.CHOICE: "a choice",
    Kind.COMMAND: "a command",
    Kind.SETTINGS: "settings",
}


class Permission(StrEnum):
    NONE = "none"
    MANAGE_CHANNEL = "manage channel"  # changes what a channel receives


class Visibility(StrEnum):
    CALLER = "caller"  # the reply is for the caller only
    SHAREABLE = "shareable"  # the reply can be shared in the channel with a button


@dataclass(frozen=True)
class Message:
    """A usage error's text and hint, with `{name}` placeholders: `{usage}` (the command's
    usage and first example), `{words}` and `{word}` (what could not be read, quoted), and
    `{command}` (its slash form), and each parameter's name (the value read for it)."""

    text: str
    hint: str = "{usage}"


@dataclass(frozen=True)
class Setting:
    """One `name=value` of a settings parameter."""

    name: str
    kind: Kind
    help: str
    aliases: tuple[str, ...] = ()
    option: str = ""  # its name as a separate option (Discord); the name when empty

    @property
    def option_name(self) -> str:
        return (self.option or self.name).replace("-", "_")

    def usage(self) -> str:
        return f"{self.name}={LABELS.get(self.kind, self.kind.value.upper())}"


@dataclass(frozen=True)
class Param:
    name: str
    kind: Kind
    help: str  # one line, at most 100 characters (Discord's option description)
    required: bool = False
    choices: tuple[str, ...] = ()  # what is offered to pick from; for CHOICE, all it takes
    settings: tuple[Setting, ...] = ()  # for SETTINGS
    anywhere: bool = False  # in any order with the other `anywhere` parameters, after the rest
    label: str = ""  # in the usage line; from the kind when empty
    noun: str = ""  # in messages ("a schedule number"); from the kind when empty
    missing: Message | None = None  # when a required parameter is not given
    minimum: int | None = None  # for NUMBER

    def usage(self) -> str:
        if self.kind is Kind.SETTINGS:
            return " ".join(f"[{s.usage()}]" for s in self.settings)
        label = self.label or LABELS.get(self.kind, self.name)
        return label if self.required else f"[{label}]"

    def what(self) -> str:
        return self.noun or NOUNS[self.kind]


@dataclass(frozen=True)
class Form:
    """An alternative shape of a command that starts with a word: `/prep checkin off`."""

    keyword: str
    params: tuple[Param, ...] = ()
    aliases: tuple[str, ...] = ()  # other words for the keyword
    refused: Message | None = None  # said, before reading on, to a caller who may not manage

    def usage(self) -> str:
        return " ".join((self.keyword, *(p.usage() for p in self.params)))


@dataclass(frozen=True)
class Command:
    name: str
    help: str  # one line, at most 100 characters (Discord's and Slack's descriptions)
    summary: str  # what /help says about it
    examples: tuple[str, ...]
    params: tuple[Param, ...] = ()
    forms: tuple[Form, ...] = ()  # alternatives after a keyword; the keyword option is `action`
    subcommands: tuple[Command, ...] = ()
    permission: Permission = Permission.NONE
    refused: Message | None = None  # said, before reading on, to a caller who may not manage
    visibility: Visibility = Visibility.CALLER
    aliases: tuple[str, ...] = ()
    bare: str = ""  # the form that the command typed on its own stands for
    empty: Message | None = None  # what to say to the command typed on its own, if not usage
    together: bool = False  # the parameters are given all together or not at all
    common_name: bool = False  # other apps often hold the name: on Slack, only `/prep NAME`
    repeated: Message | None = None  # when a value is given twice (a second role)
    unreadable: Message | None = None  # when words fit none of the `anywhere` parameters
    parent: str = field(default="", compare=False)  # "prep" for a /prep subcommand

    @property
    def path(self) -> str:
        """`compare`, or `prep schedule`: the key its route is registered under."""
        return f"{self.parent} {self.name}" if self.parent else self.name

    @property
    def slash(self) -> str:
        return "/" + self.path

    def usage(self) -> str:
        if self.subcommands:
            return f"{self.slash} SUBCOMMAND …"
        shown = " ".join(p.usage() for p in self.params)
        if self.together and self.params:
            shown = "[" + " ".join(p.usage().strip("[]") for p in self.params) + "]"
        forms = [shown] if shown or not self.forms else []
        forms += [form.usage() for form in self.forms]
        return " ".join((self.slash, " | ".join(forms))).strip()

    def form(self, keyword: str) -> Form | None:
        word = keyword.lower()
        return next((f for f in self.forms if word in (f.keyword, *f.aliases)), None)

    def all_params(self) -> tuple[Param, ...]:
        """Every parameter of every form, once by name, in order (a platform's flat options)."""
        found: dict[str, Param] = {}
        for param in (*self.params, *(p for f in self.forms for p in f.params)):
            found.setdefault(param.name, param)
        return tuple(found.values())


@dataclass(frozen=True)
class Surface:
    """Every command, in the order help lists them. Commands with subcommands (`/prep`) also
    answer every other command after them: `/prep compare …`."""

    commands: tuple[Command, ...]

    def __post_init__(self) -> None:
        adopted = tuple(
            replace(c, subcommands=tuple(replace(s, parent=c.name) for s in c.subcommands))
            for c in self.commands
        )
        object.__setattr__(self, "commands", adopted)

    def top(self, name: str) -> Command | None:
        word = name.lower()
        return next((c for c in self.commands if word in (c.name, *c.aliases)), None)

    def group(self) -> Command:
        """The command that holds the subcommands (`/prep`)."""
        return next(c for c in self.commands if c.subcommands)

    def sub(self, name: str) -> Command | None:
        word = name.lower()
        return next((s for s in self.group().subcommands if word in (s.name, *s.aliases)), None)

    def under_group(self) -> tuple[Command, ...]:
        """What the group answers: its subcommands, then every other command."""
        group = self.group()
        return (*group.subcommands, *(c for c in self.commands if c is not group))

    def leaves(self) -> Iterator[Command]:
        """Every command that has a route: top-level ones and subcommands."""
        for command in self.commands:
            yield from command.subcommands or (command,)

    def by_path(self, path: str) -> Command:
        command, _, sub = path.partition(" ")
        found = self.sub(sub) if sub else self.top(command)
        if found is None:
            raise KeyError(path)
        return found
