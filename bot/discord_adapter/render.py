"""The neutral reply as Discord messages: embeds, a persistent view of buttons, a chart file.

Views and files are single-use, so render afresh for every send. A view must be built inside
a running event loop (discord.py's rule).
"""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass

import discord

from bot.discord_adapter.buttons import PayloadTooLong, ReplyButton, encode, placeholder
from bot.discord_adapter.layout import Page, clip, lay_out, pack
from core.reply import Button, ButtonStyle, Chart, Reply, Visibility

log = logging.getLogger(__name__)

COLOUR = discord.Colour(0x2F80ED)
BUTTONS_PER_MESSAGE = 25
LABEL_LIMIT = 80
NO_MENTIONS = discord.AllowedMentions.none()
_STYLES = {
    ButtonStyle.DEFAULT: discord.ButtonStyle.secondary,
    ButtonStyle.PRIMARY: discord.ButtonStyle.primary,
    ButtonStyle.DANGER: discord.ButtonStyle.danger,
}
_UNSAFE_FILENAME = re.compile(r"[^A-Za-z0-9_.-]+")


@dataclass(frozen=True)
class Outgoing:
    """One Discord message: up to 10 embeds, and perhaps a view and a file."""

    embeds: list[discord.Embed]
    view: discord.ui.View | None = None
    file: discord.File | None = None


@dataclass(frozen=True)
class Rendered:
    messages: list[Outgoing]
    ephemeral: bool


def render(reply: Reply, guild: str | None = None) -> Rendered:
    """`guild`: the server that buttons sent in direct messages belong to."""
    filename = _filename(reply.chart) if reply.chart else None
    image = f"attachment://{filename}" if filename else None
    messages = pack(lay_out(reply, image))
    outgoing: list[Outgoing] = []
    for index, pages in enumerate(messages):
        last = index == len(messages) - 1
        has_image = image is not None and any(p.image == image for p in pages)
        outgoing.append(
            Outgoing(
                embeds=[to_embed(page) for page in pages],
                view=view_for(reply.buttons, guild) if last and reply.buttons else None,
                file=_file(reply.chart, filename) if has_image and reply.chart else None,
            )
        )
    return Rendered(outgoing, ephemeral=reply.visibility is Visibility.CALLER)


def to_embed(page: Page) -> discord.Embed:
    embed = discord.Embed(title=page.title, description=page.description or None, colour=COLOUR)
    for one in page.fields:
        embed.add_field(name=one.name, value=one.value, inline=one.inline)
    if page.footer:
        embed.set_footer(text=page.footer)
    if page.image:
        embed.set_image(url=page.image)
    return embed


def view_for(buttons: tuple[Button, ...], guild: str | None = None) -> discord.ui.View:
    """A persistent view (no timeout) made only of buttons rebuilt from their custom ids."""
    view = discord.ui.View(timeout=None)
    seen: set[str] = set()
    for index, button in enumerate(buttons[:BUTTONS_PER_MESSAGE]):
        label = clip(button.label, LABEL_LIMIT)
        style = _STYLES[button.style]
        try:
            custom_id = encode(button.action, button.payload, guild)
        except PayloadTooLong:
            log.error("button %r carries too much to fit a custom id; shown disabled", label)
            view.add_item(ReplyButton(placeholder(index), label, style, disabled=True))
            continue
        if custom_id in seen:
            continue
        seen.add(custom_id)
        view.add_item(ReplyButton(custom_id, label, style))
    return view


def _filename(chart: Chart) -> str:
    name = _UNSAFE_FILENAME.sub("-", chart.filename).strip("-.") or "chart"
    return name if name.lower().endswith(".png") else f"{name}.png"


def _file(chart: Chart, filename: str | None) -> discord.File:
    return discord.File(io.BytesIO(chart.png), filename=filename or "chart.png")
