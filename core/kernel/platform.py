"""The chat platforms prepbot serves; identities and schedules are scoped by one of these."""

from __future__ import annotations

from enum import StrEnum


class Platform(StrEnum):
    SLACK = "slack"
    DISCORD = "discord"
    CONSOLE = "console"
