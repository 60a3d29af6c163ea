"""A button's form as a Discord modal, and a reply's checklist as a multiple-choice select.

The select's custom id carries its action and payload like a button's (`cb:` or `cz:`), so it
works after a restart; choosing and closing it submits the ticks. A modal lives in this
process until it is submitted or times out.
"""

from __future__ import annotations

import logging
import re
from typing import Any, Self

import discord

from bot.discord_adapter.buttons import (
    PayloadTooLong,
    Press,
    PressHandler,
    encode,
    press_of,
    template,
)
from core.kernel.fitting import clip
from core.kernel.reply import Checklist, Form, ticked

log = logging.getLogger(__name__)

CHECKLIST = "c"
OPTIONS_LIMIT = 25
OPTION_LIMIT = 100
PLACEHOLDER_LIMIT = 150
MODAL_TITLE_LIMIT = 45
LABEL_LIMIT = 45
ANSWER_LIMIT = 4000
INPUTS_LIMIT = 5  # text inputs a modal holds
MODAL_TIMEOUT = 900.0  # seconds a form stays open for its answer
_PATTERN = re.compile(template(CHECKLIST), re.DOTALL)


class ChecklistSelect(
    discord.ui.DynamicItem[discord.ui.Select[discord.ui.View]],
    template=_PATTERN,
):
    """A multiple-choice select rebuilt from its custom id; its choice is the submission."""

    def __init__(self, select: discord.ui.Select[discord.ui.View]) -> None:
        super().__init__(select)

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> Self:
        if isinstance(item, discord.ui.Select):
            return cls(item)
        return cls(discord.ui.Select(custom_id=match.string))

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        handler = getattr(interaction.client, "responder", None)
        if not isinstance(handler, PressHandler):
            log.error("a checklist was submitted on a client without a responder")
            return
        match = _PATTERN.fullmatch(self.item.custom_id or "")
        press = press_of(match) if match else None
        if press is not None:
            numbers = [int(v) for v in self.item.values if v.isdecimal()]
            press = Press(press.action, ticked(press.payload, numbers), press.guild)
        await handler.press(interaction, press)


def checklist_select(checklist: Checklist, guild: str | None) -> ChecklistSelect | None:
    try:
        custom_id = encode(checklist.action, checklist.payload, guild, kind=CHECKLIST)
    except PayloadTooLong:
        log.error("checklist %r carries too much to fit a custom id; left out", checklist.action)
        return None
    items = checklist.items[:OPTIONS_LIMIT]
    select: discord.ui.Select[discord.ui.View] = discord.ui.Select(
        custom_id=custom_id,
        placeholder=clip(f"{checklist.prompt} ({checklist.submit} when done)", PLACEHOLDER_LIMIT),
        min_values=0,
        max_values=len(items),
        options=[
            discord.SelectOption(
                label=clip(f"{i}. {item}", OPTION_LIMIT),
                value=str(i),
                default=i in checklist.ticked,
            )
            for i, item in enumerate(items, 1)
        ],
    )
    return ChecklistSelect(select)


class FormModal(discord.ui.Modal):
    """A text box for each of the form's boxes (Discord takes five at most); submitting it
    presses the button it came from with their text."""

    def __init__(self, form: Form, press: Press, responder: PressHandler) -> None:
        super().__init__(title=clip(form.title, MODAL_TITLE_LIMIT), timeout=MODAL_TIMEOUT)
        self.form = form
        self.press = press
        self.responder = responder
        self.texts: list[discord.ui.TextInput[FormModal]] = []
        for index, box in enumerate(form.boxes()[:INPUTS_LIMIT]):
            text: discord.ui.TextInput[FormModal] = discord.ui.TextInput(
                label=clip(box.label, LABEL_LIMIT),
                style=discord.TextStyle.paragraph if box.multiline else discord.TextStyle.short,
                placeholder=clip(box.placeholder, OPTION_LIMIT) or None,
                max_length=min(box.max_chars, ANSWER_LIMIT),
                required=box.required,
                custom_id="answer" if index == 0 else f"answer{index}",
            )
            self.texts.append(text)
            self.add_item(text)

    async def on_submit(self, interaction: discord.Interaction[Any], /) -> None:
        payload = self.form.submitted(self.press.payload, [t.value for t in self.texts])
        await self.responder.press(interaction, Press(self.press.action, payload, self.press.guild))
