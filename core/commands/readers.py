"""One reader per kind of parameter: from a command's words (strictly, or leniently for words
in any order) or from a platform's typed option, to the value a route is given."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from core.commands.args import Zoned
from core.commands.help import usage_hint
from core.commands.spec import Command, Kind, Message, Param
from core.commands.words import (
    aspect_in,
    channel_named,
    find_role,
    leading_category,
    parse_date,
    time_and_rest,
)
from core.content.models import Category
from core.kernel.errors import UsageError
from core.kernel.safety import quoted
from core.roles.catalog import Catalog, UnknownRole
from core.scheduling.recurrence import parse_days
from core.scheduling.timezones import maybe_timezone, parse_timezone

YES = ("yes", "y", "on", "true", "1")
NO = ("no", "n", "off", "false", "0")


@dataclass(frozen=True)
class Taken:
    value: object
    rest: list[str]


@dataclass(frozen=True)
class Reading:
    """What a reader needs besides the words: the roles, and the command for its messages."""

    catalog: Catalog
    command: Command
    can_manage: bool = True  # the caller may manage the channel concerned

    def permit(self, refused: Message | None) -> None:
        """Refuse a caller who may not manage the channel, where the spec says so."""
        if refused is not None and not self.can_manage:
            raise self.fail(refused)

    def fail(self, message: Message, **names: str) -> UsageError:
        """The message with its placeholders filled in."""
        fill = {"usage": usage_hint(self.command), "command": self.command.slash, **names}
        return UsageError(message.text.format(**fill), message.hint.format(**fill))


Read = Callable[[list[str], Param, Reading], Taken]
Attempt = Callable[[list[str], Param, Reading], "Taken | None"]
Claims = Callable[[list[str], Param, Reading], bool]


def _role(words: list[str], param: Param, at: Reading) -> Taken:
    found = find_role(at.catalog, words)
    if found is None:
        raise UnknownRole(words[0], at.catalog.suggest(words[0]))
    return Taken(found.role, found.rest)


def _role_attempt(words: list[str], param: Param, at: Reading) -> Taken | None:
    found = find_role(at.catalog, words)
    return Taken(found.role, found.rest) if found else None


def _category(words: list[str], param: Param, at: Reading) -> Taken:
    found = leading_category(words)
    if found is None:
        raise UsageError(
            f"I don't know the category {quoted(' '.join(words))}.",
            "Categories: " + ", ".join(c.value for c in Category) + ".",
        )
    return Taken(*found)


def _channel(words: list[str], param: Param, at: Reading) -> Taken:
    word = words[0]
    named = channel_named(word)
    if named is not None:
        return Taken(named, words[1:])
    if word.lower() in ("here", "this"):
        return Taken(None, words[1:])  # the channel the command came from
    raise UsageError(
        f"I can't read {quoted(word)} as a channel.",
        "Name the channel like `#study`, or leave it out to use this one.",
    )


def _zone(words: list[str], param: Param, at: Reading) -> Taken:
    typed = " ".join(words)
    return Taken(Zoned(parse_timezone(typed), typed), [])


def _zone_attempt(words: list[str], param: Param, at: Reading) -> Taken | None:
    """A zone named by one word (`Europe/London`, `pst`) or a city of two (`new york`)."""
    word, rest = words[0], words[1:]
    if "/" in word:
        return Taken(Zoned(parse_timezone(word), word), rest)
    if rest and (city := maybe_timezone(f"{word} {rest[0]}")) is not None:
        return Taken(Zoned(city, f"{word} {rest[0]}"), rest[1:])
    zone = maybe_timezone(word)
    return Taken(Zoned(zone, word), rest) if zone else None


def _days(words: list[str], param: Param, at: Reading) -> Taken:
    days = parse_days(words[0])
    if days is None:
        raise UsageError(
            f"I can't read {quoted(words[0])} as days.",
            "Use weekdays, daily, weekends or a list like mon,wed,fri.",
        )
    return Taken(days, words[1:])


def _day(words: list[str], param: Param, at: Reading) -> Taken:
    day = parse_days(words[0])
    if day is None or day.bit_count() != 1:
        raise at.fail(Message("On which day of the week; I got {word}?"), word=quoted(words[0]))
    return Taken(day, words[1:])


def _number(words: list[str], param: Param, at: Reading) -> Taken:
    number = words[0].lstrip("#")
    if not (number.isascii() and number.isdigit()):
        raise at.fail(missing(param))
    return Taken(int(number), words[1:])


def _switch(words: list[str], param: Param, at: Reading) -> Taken:
    word = " ".join(words).strip().lower()
    if word in YES or word in NO:
        return Taken(word in YES, [])
    raise UsageError(
        f"{param.name} takes yes or no, not {quoted(' '.join(words))}.",
        f"For example `{at.command.slash} {param.name}=yes`.",
    )


def _choice(words: list[str], param: Param, at: Reading) -> Taken:
    word = words[0].lower()
    if word not in param.choices:
        raise UsageError(
            f"I can't read {quoted(words[0])} as {param.what()}.",
            "Choose " + ", ".join(param.choices) + ".",
        )
    return Taken(word, words[1:])


def _rest(words: list[str], param: Param, at: Reading) -> Taken:
    return Taken(" ".join(words), [])


def _lenient(read: Read) -> Attempt:
    def attempt(words: list[str], param: Param, at: Reading) -> Taken | None:
        try:
            return read(words, param, at)
        except (UsageError, UnknownRole):
            return None

    return attempt


def _starts(test: Callable[[str], bool]) -> Claims:
    return lambda words, param, at: bool(words) and test(words[0][:1])


@dataclass(frozen=True)
class Reader:
    read: Read  # the words are meant for this parameter: its value, or why not
    attempt: Attempt  # the words may be meant for another: its value, or None
    claims: Claims  # whether the words look meant for this kind (a time starts with a digit)


def _reader(read: Read, claims: Claims | None = None, attempt: Attempt | None = None) -> Reader:
    lenient = attempt or _lenient(read)
    return Reader(read, lenient, claims or (lambda w, p, at: lenient(w, p, at) is not None))


READERS: dict[Kind, Reader] = {
    Kind.ROLE: _reader(_role, attempt=_role_attempt),
    Kind.ASPECT: _reader(lambda words, param, at: Taken(aspect_in(words), [])),
    Kind.CATEGORY: _reader(_category),
    Kind.CHANNEL: _reader(_channel),
    Kind.TIME: _reader(lambda w, p, at: Taken(*time_and_rest(w)), _starts(str.isdigit)),
    Kind.TIMEZONE: _reader(_zone, attempt=_zone_attempt),
    Kind.DAYS: _reader(_days),
    Kind.DAY: _reader(_day, _starts(str.isalpha)),
    Kind.DATE: _reader(lambda w, p, at: Taken(parse_date(w[0]), w[1:]), _starts(str.isdigit)),
    Kind.NUMBER: _reader(_number, _starts(lambda c: c.isdigit() or c == "#")),
    Kind.TEXT: _reader(_rest, lambda words, param, at: True),
    Kind.SWITCH: _reader(_switch),
    Kind.CHOICE: _reader(_choice),
    Kind.COMMAND: _reader(_rest, lambda words, param, at: True),
}


def missing(param: Param) -> Message:
    return param.missing or Message(f"`{{command}}` needs {param.what()}.")


def typed_value(raw: object, param: Param, at: Reading) -> object:
    """A platform's option (a string, a number, a switch) read as a command's words would be:
    the same reader, on that one option's words."""
    if isinstance(raw, bool) and param.kind is Kind.SWITCH:
        return raw
    if isinstance(raw, int) and not isinstance(raw, bool) and param.kind is Kind.NUMBER:
        return raw
    text = str(raw).strip()
    if param.kind is Kind.CHANNEL:
        return text  # the platform resolved it: its id
    if param.kind is Kind.ROLE:
        return at.catalog.resolve(text.replace("_", " "))
    words = text.split()
    if not words:
        return None
    taken = READERS[param.kind].read(words, param, at)
    if taken.rest:
        raise UsageError(
            f"I can't read {quoted(text)} as {param.what()}.", f"{param.name}: {param.help}."
        )
    return taken.value
