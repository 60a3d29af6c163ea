"""/help and the usage in error hints, derived from the command spec."""

from __future__ import annotations

from collections.abc import Iterable

from core.commands.spec import Command, Surface
from core.commands.surface import SURFACE
from core.kernel.reply import FieldsSection, KeyValue, Reply, TextSection
from core.kernel.safety import quoted


def prep_forms(surface: Surface) -> str:
    group = surface.group()
    names = ", ".join(f"`/{group.name} {c.name}`" for c in surface.commands if c is not group)
    return (
        f"Every command also works after `/{group.name}`: {names}. "
        "Use that form where another app has taken a command's name."
    )


def help_reply(topic: str | None = None, surface: Surface = SURFACE) -> Reply:
    """All commands; one command's (`compare`, `/prep`); or one /prep subcommand's."""
    words = (topic or "").lower().replace("/", " ").split()
    if not words:
        return _overview(surface)
    group = surface.group()
    if words[0] == group.name and len(words) > 1:
        words = words[1:]
    name = words[0]
    if name == group.name:
        return _group_overview(surface)
    top = surface.top(name)
    if top is not None and top.name == name and len(words) == 1:
        return _one(top, as_group=True)
    sub = surface.sub(name)
    if sub is not None and len(words) == 1:
        return _one(sub)
    overview = _overview(surface)
    return overview.model_copy(
        update={
            "sections": (
                TextSection(text=f"There is no help on {quoted(topic or '')}; here is the list."),
                *overview.sections,
            )
        }
    )


def usage_hint(command: Command | str) -> str:
    """The usage and first example of a command, or of a path (`compare`, `prep plan`)."""
    entry = SURFACE.by_path(command) if isinstance(command, str) else command
    return f"Usage: `{entry.usage()}`, for example `{entry.examples[0]}`."


def as_prep(command: str) -> str:
    """The `/prep` form of a command: `/compare a b` → `/prep compare a b`."""
    return command if command.startswith("/prep") else "/prep " + command.removeprefix("/")


def _one(entry: Command, as_group: bool = False) -> Reply:
    usage = entry.usage()
    shown = f"`{usage}`" + (f" or `{as_prep(usage)}`" if as_group and not entry.subcommands else "")
    return Reply(
        title=entry.slash,
        sections=(
            TextSection(text=f"{shown}\n{entry.summary}"),
            TextSection(heading="Examples", text="\n".join(f"`{e}`" for e in entry.examples)),
        ),
    )


def _overview(surface: Surface) -> Reply:
    return Reply(
        title="prepbot: what I can do",
        sections=(
            _fields(surface.commands),
            TextSection(text=prep_forms(surface)),
            TextSection(
                text="`/prep help COMMAND` shows more examples, e.g. `/prep help compare` or "
                "`/prep help schedule`."
            ),
        ),
    )


def _group_overview(surface: Surface) -> Reply:
    group = surface.group()
    return Reply(
        title=group.slash,
        sections=(
            TextSection(text=group.summary),
            _fields(group.subcommands),
            TextSection(text=prep_forms(surface)),
            TextSection(text=f"`/{group.name} help SUBCOMMAND` shows more examples."),
        ),
    )


def _fields(entries: Iterable[Command]) -> FieldsSection:
    return FieldsSection(
        fields=tuple(
            KeyValue(name=entry.usage(), value=f"{entry.summary}\ne.g. `{entry.examples[0]}`")
            for entry in entries
        )
    )
