"""Every platform offers exactly what the command spec says: help lists every command,
subcommand and parameter; Discord's tree has every command, /prep subcommand and option with
its type and required flag; the Slack manifest every top-level command with its usage; the
console completes every command, subcommand, keyword, setting and choice."""

from __future__ import annotations

import discord
import pytest
from discord import app_commands
from prompt_toolkit.completion import CompleteEvent
from prompt_toolkit.document import Document

from bot.console_adapter.completion import CommandCompleter, vocabulary
from bot.discord_adapter.commands import build_commands, options
from bot.slack_adapter.manifest import manifest, usage_hint
from core.commands.handler import CommandHandler
from core.commands.help import help_reply
from core.commands.spec import Command, Kind, Param
from core.commands.surface import SURFACE

LEAVES = list(SURFACE.leaves())
OPTION_TYPES = {
    Kind.CHANNEL: discord.AppCommandOptionType.channel,
    Kind.NUMBER: discord.AppCommandOptionType.integer,
    Kind.SWITCH: discord.AppCommandOptionType.boolean,
}
SAMPLES = {Kind.ROLE: "netflix-pm", Kind.CHANNEL: "#study", Kind.TIME: "09:00", Kind.DAY: "fri"}


@pytest.mark.parametrize("command", LEAVES, ids=[c.path for c in LEAVES])
def test_help_shows_each_command_with_every_parameter(command: Command) -> None:
    one = help_reply(command.path).plain_text()
    assert command.usage() in one
    for param in command.all_params():
        assert param.usage() in command.usage()
    for form in command.forms:
        assert form.usage() in command.usage()
    listed = help_reply(command.parent or None).plain_text()
    assert command.usage() in listed


def _tree() -> dict[str, object]:
    return {c.name: c for c in build_commands(SURFACE)}


def _check_options(built: object, command: Command) -> None:
    assert isinstance(built, app_commands.Command), command.path
    assert len(command.help) <= 100
    assert built.description == command.help
    offered = {p.name: p for p in built.parameters}
    expected = options(command)
    assert set(offered) == {o.name for o in expected}, command.path
    for option in expected:
        param = offered[option.name]
        assert param.required is option.required, (command.path, option.name)
        kind = OPTION_TYPES.get(option.param.kind, discord.AppCommandOptionType.string)
        assert param.type is kind, (command.path, option.name)
        assert len(param.description) <= 100


def test_discord_has_every_command_subcommand_and_option() -> None:
    tree = _tree()
    group = SURFACE.group()
    assert set(tree) == {c.name for c in SURFACE.commands}
    for command in SURFACE.commands:
        if not command.subcommands:
            _check_options(tree[command.name], command)
    prep = tree[group.name]
    assert isinstance(prep, app_commands.Group)
    assert [c.name for c in prep.commands] == [c.name for c in SURFACE.under_group()]
    for command in SURFACE.under_group():
        _check_options(prep.get_command(command.name), command)


def test_slack_declares_every_top_level_command_with_its_usage() -> None:
    declared = {c["command"]: c for c in manifest()["features"]["slash_commands"]}
    for command in SURFACE.commands:
        if command.common_name:
            assert command.slash not in declared
            continue
        assert declared[command.slash].get("usage_hint", "") == usage_hint(command)


def _complete(handler: CommandHandler, line: str) -> list[str]:
    completer = CommandCompleter(vocabulary(handler))
    found = completer.get_completions(Document(line), CompleteEvent(completion_requested=True))
    return [c.text for c in found]


def _words(param: Param) -> list[str]:
    if param.kind is Kind.SETTINGS:
        return [f"{s.name}=" for s in param.settings]
    if param.kind is Kind.COMMAND:  # `prep plan` is typed a word at a time
        return list(dict.fromkeys(choice.split()[0] for choice in param.choices))
    return list(param.choices)


def test_the_console_completes_every_command_keyword_setting_and_choice(
    handler: CommandHandler,
) -> None:
    assert _complete(handler, "/") == [c.slash for c in SURFACE.commands]
    assert _complete(handler, "/prep ") == [c.name for c in SURFACE.under_group()]
    for command in LEAVES:
        typed = command.slash
        for param in command.params:
            if param.anywhere:
                break
            if words := _words(param):
                assert set(words) <= set(_complete(handler, typed + " ")), (typed, param.name)
            if param.kind not in SAMPLES:
                break
            typed += " " + SAMPLES[param.kind]
        for param in (p for p in command.params if p.anywhere):
            typed = " ".join(
                [
                    command.slash,
                    *(SAMPLES[p.kind] for p in command.params if not p.anywhere and p.required),
                ]
            )
            assert set(_words(param)) <= set(_complete(handler, typed + " ")), command.path
        if command.forms:
            offered = _complete(handler, command.slash + " ")
            assert {f.keyword for f in command.forms} <= set(offered), command.path
    subs = [c.name for c in SURFACE.group().subcommands]
    assert _complete(handler, "/help prep ") == subs
    switch = _complete(handler, "/prep profile keep-answers=")
    assert switch == ["keep-answers=yes", "keep-answers=no"]
