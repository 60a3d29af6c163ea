"""Buttons whose custom ids carry their whole state, so that they work after a restart.

A custom id is `pb:{action}:{payload}` when that fits in Discord's 100 characters, or
`pz:{action}:{zlib + base85 of the payload}` when only the packed form fits. A payload that
fits neither way is refused by `encode`; the renderer then shows the button disabled (and
logs an error), rather than keep state where a restart would lose it.

A button sent in direct messages also names its server, `pb:{action}@{guild id}:{payload}`:
a press there carries no server, and the user's check-ins and streak belong to the server
where they were set up.
"""

from __future__ import annotations

import base64
import binascii
import logging
import re
import zlib
from dataclasses import dataclass
from typing import Any, Protocol, Self, runtime_checkable

import discord

log = logging.getLogger(__name__)

CUSTOM_ID_LIMIT = 100
PLAIN = "pb"
PACKED = "pz"


def template(kind: str) -> str:
    """The custom-id pattern of one kind of item: `p` for buttons, `c` for checklists."""
    return kind + r"(?P<mode>[bz]):(?P<action>[^:@]+)(?:@(?P<guild>\d+))?:(?P<body>.*)"


TEMPLATE = template("p")
_PATTERN = re.compile(TEMPLATE, re.DOTALL)


class PayloadTooLong(ValueError):
    """The action and payload cannot be carried in one custom id."""


@dataclass(frozen=True)
class Press:
    action: str
    payload: str
    guild: str | None = None


def encode(action: str, payload: str, guild: str | None = None, kind: str = "p") -> str:
    if not action or ":" in action or "@" in action:
        raise ValueError(f"an action must be non-empty and free of ':' and '@', not {action!r}")
    if guild is not None and not guild.isdigit():
        raise ValueError(f"a guild is a Discord id, not {guild!r}")
    head = f"{action}@{guild}" if guild else action
    plain = f"{kind}{PLAIN[1]}:{head}:{payload}"
    if len(plain) <= CUSTOM_ID_LIMIT:
        return plain
    packed = base64.b85encode(zlib.compress(payload.encode(), 9)).decode("ascii")
    compact = f"{kind}{PACKED[1]}:{head}:{packed}"
    if len(compact) <= CUSTOM_ID_LIMIT:
        return compact
    raise PayloadTooLong(f"{action}: {len(payload)} characters of payload")


def placeholder(index: int) -> str:
    """A custom id for a button shown disabled because its state could not be carried."""
    return f"{PLAIN}:unavailable:{index}"


def decode(custom_id: str) -> Press | None:
    """The press a custom id stands for; None if it is not one of ours or is corrupt."""
    match = _PATTERN.fullmatch(custom_id)
    if match is None:
        return None
    return _press(match)


def press_of(match: re.Match[str]) -> Press | None:
    """The press a custom id matched by a `template` stands for; None if it is corrupt."""
    return _press(match)


def _press(match: re.Match[str]) -> Press | None:
    body = match["body"]
    if match["mode"] == PACKED[1]:
        try:
            body = zlib.decompress(base64.b85decode(body)).decode()
        except (ValueError, zlib.error, binascii.Error, UnicodeDecodeError):
            return None
    return Press(match["action"], body, match["guild"])


@runtime_checkable
class PressHandler(Protocol):
    """What the client offers a pressed button: the adapter's responder."""

    async def press(self, interaction: discord.Interaction[Any], press: Press | None) -> None: ...


class ReplyButton(
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=_PATTERN,
):
    """A button rebuilt from its custom id alone, whichever process receives the press."""

    def __init__(
        self, custom_id: str, label: str | None, style: discord.ButtonStyle, disabled: bool = False
    ) -> None:
        super().__init__(
            discord.ui.Button(label=label, style=style, custom_id=custom_id, disabled=disabled)
        )

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> Self:
        if isinstance(item, discord.ui.Button):
            return cls(match.string, item.label, item.style)
        return cls(match.string, None, discord.ButtonStyle.secondary)

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        handler = getattr(interaction.client, "responder", None)
        if not isinstance(handler, PressHandler):
            log.error("a button was pressed on a client without a responder")
            return
        await handler.press(interaction, decode(self.custom_id))
