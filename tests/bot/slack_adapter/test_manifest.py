"""The checked-in app manifest declares what the code listens for and the scopes it calls with."""

from __future__ import annotations

import json
from importlib.resources import files
from typing import Any

import pytest

from bot.cli import main
from bot.slack_adapter.app import COMMANDS
from bot.slack_adapter.manifest import manifest_json, usage_hint
from core.commands.surface import SURFACE


def manifest() -> dict[str, Any]:
    text = files("bot.slack_adapter").joinpath("manifest.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def test_every_command_the_app_handles_is_declared() -> None:
    declared = {c["command"]: c for c in manifest()["features"]["slash_commands"]}
    assert set(declared) == set(COMMANDS)
    # A name two apps share goes to the one installed last: `/prep help`, not `/help`.
    assert "/help" not in declared
    # Channel names must arrive as <#C…|name> references for `/prep schedule #study …`.
    assert declared["/prep"]["should_escape"] is True
    assert all(len(c["description"]) <= 100 for c in declared.values())


def test_interactivity_home_and_events_are_on() -> None:
    data = manifest()
    assert data["settings"]["interactivity"]["is_enabled"] is True
    events = data["settings"]["event_subscriptions"]["bot_events"]
    # Removing the app (or its token) pauses the workspace's schedules: both events are heard;
    # the Messages tab answers commands.
    assert {"app_home_opened", "message.im", "app_uninstalled", "tokens_revoked"} <= set(events)
    assert data["settings"]["org_deploy_enabled"] is True  # Enterprise Grid organisation installs
    home = data["features"]["app_home"]
    assert home["home_tab_enabled"] is True
    assert home["messages_tab_enabled"] is True
    assert home["messages_tab_read_only_enabled"] is False


def test_scopes_cover_every_web_api_method_used() -> None:
    scopes = set(manifest()["oauth_config"]["scopes"]["bot"])
    needed = {
        "commands",  # the slash commands
        "chat:write",  # chat.postMessage
        "im:write",  # conversations.open
        "mpim:write",  # conversations.open with several members: a pairing group's DM
        "mpim:history",  # the duplicate check before a retry in a group DM
        "users:read",  # users.info: timezone and admin flag
        "channels:history",  # conversations.history: the duplicate check before a retry
        "groups:history",
        "im:history",  # also the Messages tab's message.im events
        "files:write",  # charts
        "channels:read",  # conversations.info: whether the bot can post where a schedule asks
        "groups:read",
    }
    assert scopes == needed


def test_the_checked_in_manifest_is_the_generated_one(capsys: pytest.CaptureFixture[str]) -> None:
    """Regenerate with `prepbot slack manifest > bot/slack_adapter/manifest.json`."""
    checked_in = files("bot.slack_adapter").joinpath("manifest.json").read_text(encoding="utf-8")
    assert checked_in == manifest_json()
    assert main(["slack", "manifest"]) == 0
    assert capsys.readouterr().out == checked_in


def test_each_slash_command_carries_its_spec_line_and_usage() -> None:
    declared = {c["command"]: c for c in manifest()["features"]["slash_commands"]}
    for command in SURFACE.commands:
        if command.common_name:
            continue
        entry = declared[command.slash]
        assert entry["description"] == command.help
        assert entry.get("usage_hint", "") == usage_hint(command)
    assert declared["/compare"]["usage_hint"] == "ROLE ROLE [aspect]"
    assert "schedule" in declared["/prep"]["usage_hint"].split(" | ")
