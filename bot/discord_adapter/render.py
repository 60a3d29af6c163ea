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
from bot.discord_adapter.forms import checklist_select
from bot.discord_adapter.layout import Page, lay_out, pack
from core.kernel.fitting import clip
from core.kernel.reply import Button, ButtonStyle, Chart, Checklist, Reply, TextSection, Visibility

log = logging.getLogger(__name__)

COLOUR = discord.Colour(0x2F80ED)
BUTTONS_PER_MESSAGE = 25
BUTTONS_PER_ROW = 5
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
    files: tuple[discord.File, ...] = ()

    @property
    def file(self) -> discord.File | None:
        return self.files[0] if self.files else None


@dataclass(frozen=True)
class Rendered:
    messages: list[Outgoing]
    ephemeral: bool


def render(reply: Reply, guild: str | None = None) -> Rendered:
    """`guild`: the server that buttons sent in direct messages belong to."""
    names = _filenames(reply.images)
    images = [f"attachment://{name}" for name in names]
    messages = pack(lay_out(_with_points(reply), images))
    outgoing: list[Outgoing] = []
    for index, pages in enumerate(messages):
        last = index == len(messages) - 1
        shown = {p.image for p in pages}
        interactive = last and (reply.buttons or reply.checklist)
        outgoing.append(
            Outgoing(
                embeds=[to_embed(page) for page in pages],
                view=view_for(reply.buttons, guild, reply.checklist) if interactive else None,
                files=tuple(
                    discord.File(io.BytesIO(chart.png), filename=name)
                    for chart, name, image in zip(reply.images, names, images, strict=True)
                    if image in shown
                ),
            )
        )
    return Rendered(outgoing, ephemeral=reply.visibility is Visibility.CALLER)


def _with_points(reply: Reply) -> Reply:
    """A select menu shows its options only when opened, so a checklist's points are also
    written out in the embed, numbered as the select numbers them."""
    if reply.checklist is None:
        return reply
    items = reply.checklist.items
    points = "\n".join(f"{i}. {item}" for i, item in enumerate(items, 1))
    listed = TextSection(heading=reply.checklist.prompt, text=points)
    return reply.model_copy(update={"sections": (*reply.sections, listed)})


def to_embed(page: Page) -> discord.Embed:
    embed = discord.Embed(title=page.title, description=page.description or None, colour=COLOUR)
    for one in page.fields:
        embed.add_field(name=one.name, value=one.value, inline=one.inline)
    if page.footer:
        embed.set_footer(text=page.footer)
    if page.image:
        embed.set_image(url=page.image)
    return embed


def view_for(
    buttons: tuple[Button, ...], guild: str | None = None, checklist: Checklist | None = None
) -> discord.ui.View:
    """A persistent view (no timeout) made only of items rebuilt from their custom ids: a
    checklist's select menu on the first row, then the buttons."""
    view = discord.ui.View(timeout=None)
    room = BUTTONS_PER_MESSAGE
    if checklist is not None:
        select = checklist_select(checklist, guild)
        if select is not None:
            view.add_item(select)
            room -= BUTTONS_PER_ROW
    seen: set[str] = set()
    for index, button in enumerate(buttons[:room]):
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


def _filenames(charts: tuple[Chart, ...]) -> list[str]:
    """Safe, distinct attachment names, one per chart."""
    names: list[str] = []
    for chart in charts:
        name = _UNSAFE_FILENAME.sub("-", chart.filename).strip("-.") or "chart"
        name = name if name.lower().endswith(".png") else f"{name}.png"
        while name in names:
            name = "1-" + name
        names.append(name)
    return names
