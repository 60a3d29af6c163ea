"""A command's words, or a platform's typed options, into `Args`: generic over the spec.

Words are read parameter by parameter. An optional parameter takes the words unless the next
one claims them (`/prep schedule 9am`: a time, not a channel); `anywhere` parameters come in
any order after the rest, a role first (its name may hold a word that reads as a category).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from core.commands.args import Args
from core.commands.readers import READERS, Reading, Taken, missing, typed_value
from core.commands.spec import Command, Kind, Message, Param, Setting
from core.commands.words import find_role, settings_in
from core.content.models import Role
from core.kernel.errors import UsageError
from core.kernel.safety import quoted
from core.roles.catalog import UnknownRole

ACTION = "action"  # the option that picks a form, where options are typed (`on`, `off`)


def parse_words(command: Command, words: list[str], at: Reading) -> Args:
    key = tuple(words)
    at.permit(command.refused)
    if not words:
        if command.bare:
            return Args(keyword=command.bare, key=key)
        if command.empty is not None:
            raise at.fail(command.empty)
    form = command.form(words[0]) if words and command.forms else None
    if form is not None:
        at.permit(form.refused)
        shown = f"{command.slash} {words[0].lower()}"
        values = _read(command, form.params, words[1:], at, shown)
        return Args(values, form.keyword, key)
    if command.together and not words:
        return Args(key=key)
    return Args(_read(command, command.params, words, at, command.slash), key=key)


def parse_given(command: Command, given: Mapping[str, object], at: Reading) -> Args:
    """Options a platform typed (`{name: value}`, None for one left out), each read by its
    kind's reader, then checked as the words would be: a form's required parameters."""
    present = {name: value for name, value in given.items() if value not in (None, "")}
    key = tuple(sorted((name, str(value)) for name, value in present.items()))
    word = str(present.pop(ACTION, "") or "")
    form = command.form(word) if word else None
    if word and form is None:
        raise at.fail(Message("I can't read {word} as a choice."), word=quoted(word))
    at.permit(command.refused)
    at.permit(form.refused if form else None)
    params = form.params if form else command.params
    if not present and not form and command.bare:
        return Args(keyword=command.bare, key=key)
    values: dict[str, object] = {}
    for param in params:
        if param.kind is Kind.SETTINGS:
            for setting in param.settings:
                raw = present.pop(setting.option_name, None)
                if raw is not None:
                    values[setting.name] = typed_value(raw, _as_param(setting), at)
        elif param.name in present:
            values[param.name] = typed_value(present.pop(param.name), param, at)
    if present:
        raise at.fail(
            Message("`{shown}` takes no {names}.", "{usage}"),
            shown=f"{command.slash} {word}".strip(),
            names=", ".join(sorted(present)),
        )
    if values or not command.together:
        for param in params:
            if param.required and values.get(param.name) is None:
                raise at.fail(missing(param), **_shown(values))
    return Args(values, form.keyword if form else "", key)


def _read(
    command: Command, params: Sequence[Param], words: list[str], at: Reading, shown: str
) -> dict[str, object]:
    values: dict[str, object] = {}
    ordered = [p for p in params if not p.anywhere]
    anywhere = [p for p in params if p.anywhere]
    for i, param in enumerate(ordered):
        if not words:
            if param.required:
                raise at.fail(missing(param), **_shown(values))
            continue
        following = [*ordered[i + 1 :], *anywhere]
        if not param.required and following:
            after = following[0]
            if READERS[after.kind].claims(words, after, at):
                continue
        if param.kind is not Kind.ROLE:
            _refuse_a_second_role(command, values, words, at)
        if param.kind is Kind.SETTINGS:
            values.update(_settings(command, param, words, at))
            words = []
            continue
        taken = READERS[param.kind].read(words, param, at)
        values[param.name], words = taken.value, taken.rest
    words = _read_anywhere(command, anywhere, words, values, at)
    if words:
        _refuse_a_second_role(command, values, words, at)
        if not params:
            raise UsageError(
                f"`{shown}` takes nothing after it; I got {quoted(' '.join(words))}.",
                f"Type `{shown}` on its own.",
            )
        nouns = _and([p.what() for p in params])
        raise at.fail(
            Message("`{shown}` takes only {nouns}; I got {words}."),
            shown=shown,
            nouns=nouns,
            words=quoted(" ".join(words)),
        )
    return values


def _read_anywhere(
    command: Command,
    params: list[Param],
    words: list[str],
    values: dict[str, object],
    at: Reading,
) -> list[str]:
    # A role first (its name may hold a word that reads as a category on its own), a timezone
    # last (a city's name may be almost any word).
    by_role_first = sorted(params, key=lambda p: (p.kind is not Kind.ROLE, p.kind is Kind.TIMEZONE))
    while words:
        taken: Taken | None = None
        for param in by_role_first:
            if param.name not in values:
                taken = READERS[param.kind].attempt(words, param, at)
                if taken is not None:
                    values[param.name], words = taken.value, taken.rest
                    break
        if taken is None:
            break
    if not words or not params:
        return words
    _refuse_a_second_role(command, values, words, at)
    roles = [p for p in params if p.kind is Kind.ROLE and p.name not in values]
    if roles and (close := at.catalog.suggest(words[0])):
        raise UnknownRole(words[0], close)
    if command.unreadable is not None:
        raise at.fail(command.unreadable, words=quoted(" ".join(words)), word=quoted(words[0]))
    raise at.fail(
        Message("I can't read {word} as {nouns}."),
        word=quoted(words[0]),
        nouns=_or([p.what() for p in params]),
    )


def _refuse_a_second_role(
    command: Command, values: dict[str, object], words: list[str], at: Reading
) -> None:
    """A command that takes one role (or two) names it so when given one more."""
    if command.repeated is None or not any(isinstance(v, Role) for v in values.values()):
        return
    extra = find_role(at.catalog, words)
    if extra is not None:
        raise at.fail(command.repeated, extra=extra.role.id, **_shown(values))


def _settings(command: Command, param: Param, words: list[str], at: Reading) -> dict[str, object]:
    by_name = {n: s for s in param.settings for n in (s.name, *s.aliases)}
    values: dict[str, object] = {}
    for name, value in settings_in(words, command.examples[0]):
        setting = by_name.get(name.replace("_", "-"))
        if setting is None:
            raise UsageError(
                f"I don't know the {command.name} setting {quoted(name)}.",
                "Settings: " + ", ".join(s.name for s in param.settings) + ".",
            )
        values[setting.name] = typed_value(value, _as_param(setting), at)
    return values


def _as_param(setting: Setting) -> Param:
    return Param(setting.name, setting.kind, setting.help)


def _shown(values: Mapping[str, object]) -> dict[str, str]:
    """Each value read so far, as a message may name it (a role by its id)."""
    return {n: v.id if isinstance(v, Role) else str(v) for n, v in values.items()}


def _and(nouns: list[str]) -> str:
    return " and ".join(nouns) if len(nouns) < 3 else ", ".join(nouns[:-1]) + " and " + nouns[-1]


def _or(nouns: list[str]) -> str:
    return nouns[0] if len(nouns) == 1 else ", ".join(nouns[:-1]) + " or " + nouns[-1]
