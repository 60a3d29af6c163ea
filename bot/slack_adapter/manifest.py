"""The Slack app manifest: its slash commands and their usage hints come from the core's
command spec, the rest (scopes, events, settings) from `manifest_template.json`.

`prepbot slack manifest > bot/slack_adapter/manifest.json` regenerates the checked-in copy;
a test fails while the two differ.
"""

from __future__ import annotations

import json
from importlib.resources import files
from typing import Any

from core.commands.spec import Command, Kind, Surface
from core.commands.surface import SURFACE


def slash_commands(surface: Surface = SURFACE) -> list[Command]:
    """The top-level commands Slack is told of. A common name (`/help`) is left out: another
    app may hold it, and the slash command goes to whichever was installed last; `/prep help`
    answers it."""
    return [c for c in surface.commands if not c.common_name]


def usage_hint(command: Command, surface: Surface = SURFACE) -> str:
    if command.subcommands:
        return " | ".join(c.name for c in surface.under_group())
    return command.usage().removeprefix(command.slash).strip()


def _takes_channel(command: Command) -> bool:
    """Channel names must arrive as `<#C…|name>` references: Slack escapes them only when told."""
    entries = command.subcommands or (command,)
    return any(p.kind is Kind.CHANNEL for entry in entries for p in entry.all_params())


def _entry(command: Command, surface: Surface) -> dict[str, Any]:
    entry: dict[str, Any] = {"command": command.slash, "description": command.help}
    if hint := usage_hint(command, surface):
        entry["usage_hint"] = hint
    entry["should_escape"] = _takes_channel(command)
    return entry


def manifest(surface: Surface = SURFACE) -> dict[str, Any]:
    text = files("bot.slack_adapter").joinpath("manifest_template.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    data["features"]["slash_commands"] = [_entry(c, surface) for c in slash_commands(surface)]
    return data


def manifest_json(surface: Surface = SURFACE) -> str:
    """The manifest as the checked-in file holds it."""
    return json.dumps(manifest(surface), indent=2, ensure_ascii=False) + "\n"
