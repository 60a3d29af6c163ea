"""The app-command tree, built from the core's command spec: a command per top-level entry, and
the /prep group with every subcommand and every other command, as the help promises.

Each option is a parameter of the spec, typed by its kind (a text channel, a whole number of
at least 1, yes or no, a string with choices or autocomplete); the core gets the values picked,
`{option: value}`, and reads each with the same reader as a typed word.

Discord applies a command's default permissions only to top-level commands, so the commands
that change a channel's schedule carry a check instead (and the core refuses them too);
server admins can also restrict /prep under Server Settings → Integrations.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Coroutine, Sequence
from dataclasses import dataclass
from typing import Any, Optional, TypeVar

import discord
from discord import app_commands

from bot.discord_adapter.caller import can_manage
from bot.discord_adapter.choices import autocomplete_for, choices_for
from bot.discord_adapter.respond import Responder
from core.commands.parse import ACTION
from core.commands.spec import Command, Kind, Param, Permission, Surface

AppCommand = app_commands.Command[Any, ..., Any] | app_commands.Group
T = TypeVar("T")
Callback = Callable[..., Coroutine[Any, Any, None]]


class NeedsManageChannels(app_commands.CheckFailure):
    """The caller may not change the schedules of the channel concerned."""


class TextChannelOption(app_commands.Transformer):
    """A text or announcement channel, as resolved in the interaction (no cache needed)."""

    @property
    def type(self) -> discord.AppCommandOptionType:
        return discord.AppCommandOptionType.channel

    @property
    def channel_types(self) -> list[discord.ChannelType]:
        return [discord.ChannelType.text, discord.ChannelType.news]

    async def transform(
        self, interaction: discord.Interaction[Any], value: Any, /
    ) -> app_commands.AppCommandChannel:
        if not isinstance(value, app_commands.AppCommandChannel):
            raise app_commands.TransformerError(value, self.type, self)
        return value


TextChannel = app_commands.Transform[app_commands.AppCommandChannel, TextChannelOption]
ANNOTATIONS: dict[Kind, Any] = {
    Kind.CHANNEL: TextChannel,
    Kind.NUMBER: int,
    Kind.SWITCH: bool,
}


def manages_channel() -> Callable[[T], T]:
    """Only callers with Manage Channels where the schedule lives get past this check."""

    async def predicate(interaction: discord.Interaction[Any]) -> bool:
        target = getattr(interaction.namespace, "channel", None)
        named = target if isinstance(target, app_commands.AppCommandChannel) else None
        if can_manage(interaction, named):
            return True
        raise NeedsManageChannels()

    return app_commands.check(predicate)


@dataclass(frozen=True)
class Option:
    """One app-command option, from a spec parameter (or a setting, or the form keyword)."""

    name: str
    param: Param
    required: bool


def options(command: Command) -> list[Option]:
    """The options a command offers on Discord: one per parameter of any of its forms (a
    settings parameter gives one per setting), and `action` to pick a form by its keyword.
    Only a command of one shape can require an option."""
    found: list[Option] = []
    if command.forms:
        keywords = tuple(f.keyword for f in command.forms)
        described = ", ".join(keywords[:-1]) + " or " if len(keywords) > 1 else ""
        help_ = f"{described}{keywords[-1]}; leave out for the rest"
        found.append(Option(ACTION, Param(ACTION, Kind.CHOICE, help_, choices=keywords), False))
    single = not command.forms and not command.together
    for param in command.all_params():
        if param.kind is Kind.SETTINGS:
            found += [
                Option(s.option_name, Param(s.name, s.kind, s.help), False) for s in param.settings
            ]
        else:
            found.append(Option(param.name, param, single and param.required))
    return found


class Answering:
    """Builds the tree's callbacks around one responder (None for a tree only synced)."""

    def __init__(self, responder: Responder | None) -> None:
        self.responder = responder

    def get(self) -> Responder:
        if self.responder is None:
            raise RuntimeError("this command tree was built for syncing, not for answering")
        return self.responder

    def command(
        self, command: Command, name: str | None = None
    ) -> app_commands.Command[Any, ..., Any]:
        found = options(command)

        async def callback(interaction: discord.Interaction[Any], **values: Any) -> None:
            target = next(
                (v for v in values.values() if isinstance(v, app_commands.AppCommandChannel)), None
            )
            given = {
                key: str(v.id) if isinstance(v, app_commands.AppCommandChannel) else v
                for key, v in values.items()
            }
            await self.get().command(interaction, command.path, given, target)

        _signature(callback, found)
        app_commands.describe(**{o.name: o.param.help for o in found})(callback)
        offered = {o.name: c for o in found if (c := choices_for(o.param))}
        if offered:
            app_commands.choices(**offered)(callback)
        completes = {o.name: a for o in found if (a := autocomplete_for(o.param, self.get))}
        if completes:
            app_commands.autocomplete(**completes)(callback)
        if command.permission is Permission.MANAGE_CHANNEL:
            manages_channel()(callback)
        return app_commands.Command(
            name=name or command.name, description=command.help, callback=callback
        )


def _signature(callback: Callback, found: Sequence[Option]) -> None:
    """Give the callback the parameters discord.py reads its options from."""
    params = [
        inspect.Parameter(
            "interaction", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=discord.Interaction
        )
    ]
    for option in found:
        annotation = ANNOTATIONS.get(option.param.kind, str)
        if option.param.kind is Kind.NUMBER and option.param.minimum is not None:
            annotation = app_commands.Range[int, option.param.minimum, None]
        params.append(
            inspect.Parameter(
                option.name,
                inspect.Parameter.KEYWORD_ONLY,
                annotation=annotation if option.required else Optional[annotation],  # noqa: UP045
                default=inspect.Parameter.empty if option.required else None,
            )
        )
    callback.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]


class PrepGroup(app_commands.Group):
    """/prep: its subcommands, then every other command, answered by the responder it holds."""

    def __init__(self, surface: Surface, answering: Answering) -> None:
        group = surface.group()
        super().__init__(name=group.name, description=group.help)
        self.answering = answering
        for command in surface.under_group():
            self.add_command(answering.command(command))


def build_commands(surface: Surface, responder: Responder | None = None) -> list[AppCommand]:
    """Fresh command objects for one command tree, answered by `responder`."""
    answering = Answering(responder)
    top: list[AppCommand] = [answering.command(c) for c in surface.commands if not c.subcommands]
    return [*top, PrepGroup(surface, answering)]
