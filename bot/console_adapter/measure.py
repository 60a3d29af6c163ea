"""A reply as the terminal shows it at a given width, drawn by the console's own renderer: the
lines a phone-sized screen must hold."""

from __future__ import annotations

import io

from rich.console import Console

from bot.console_adapter.render import render
from core.kernel.reply import Reply
from core.roles.views import COLUMNS


def screen_lines(reply: Reply, width: int = COLUMNS) -> list[str]:
    """The lines of the reply's panel, with its buttons and the hint below them."""
    out = io.StringIO()
    Console(file=out, width=width, color_system=None).print(render(reply))
    return out.getvalue().rstrip("\n").split("\n")


def count_lines(reply: Reply) -> int:
    return len(screen_lines(reply))
