"""Answer an interaction: translate it in, call the core, send the rendered reply back.

Discord wants a first response within 3 seconds. The core usually answers in well under a
millisecond, so the reply goes out as the first response; only when the core takes longer
than `defer_after` is the interaction deferred and the reply sent as an edit of it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Mapping
from typing import Any

import discord
from discord import app_commands

from bot.discord_adapter.buttons import Press
from bot.discord_adapter.caller import caller_from
from bot.discord_adapter.forms import FormModal
from bot.discord_adapter.render import NO_MENTIONS, Outgoing, Rendered, render
from core.commands.handler import CommandHandler
from core.kernel.pressing import in_place
from core.kernel.reply import Reply, Visibility, error_reply

DEFER_AFTER = 2.0
EXPIRED = error_reply("That button no longer works.", "Run the command again to get a fresh one.")


class Responder:
    def __init__(self, handler: CommandHandler, *, defer_after: float = DEFER_AFTER) -> None:
        self.handler = handler
        self.defer_after = defer_after

    async def command(
        self,
        interaction: discord.Interaction[Any],
        path: str,
        given: Mapping[str, object],
        target: app_commands.AppCommandChannel | None = None,
    ) -> None:
        """Answer an app command: its spec path (`prep schedule`) and the options picked."""
        caller = caller_from(interaction, target)
        work = self.handler.answer(path, given, caller)
        reply, deferred = await self._in_time(interaction, work)
        await _send(interaction, render(reply), deferred=deferred, in_place=False)

    async def press(self, interaction: discord.Interaction[Any], press: Press | None) -> None:
        """Answer a button, in place of its message where `in_place` says so.
        A button whose action takes a form opens it; its submission comes back here."""
        submitted = interaction.type is discord.InteractionType.modal_submit
        form = None
        if press is not None and not submitted:  # an expired press opens no form
            caller = caller_from(interaction, guild=press.guild)
            form = await self.handler.open_form(press.action, press.payload, caller)
        if form is not None and press is not None:
            await interaction.response.send_modal(FormModal(form, press, self))
            return
        if press is None:
            reply, deferred = EXPIRED, False
        else:
            caller = caller_from(interaction, guild=press.guild)
            work = self.handler.press(press.action, press.payload, caller)
            reply, deferred = await self._in_time(interaction, work)
        replace = not submitted and in_place(reply, personal=_personal(interaction.message))
        await _send(interaction, render(reply), deferred=deferred, in_place=replace)
        if reply.followup is not None and press is not None:
            # Answered already: what takes seconds (the grader) edits that response after.
            caller = caller_from(interaction, guild=press.guild)
            work = self.handler.press(reply.followup.action, reply.followup.payload, caller)
            later = await work
            await _send(interaction, render(later, guild=press.guild), deferred=True, in_place=True)

    async def refuse(self, interaction: discord.Interaction[Any], reply: Reply) -> None:
        """Tell only the caller why nothing happened."""
        rendered = render(reply.model_copy(update={"visibility": Visibility.CALLER}))
        if interaction.response.is_done():
            for message in rendered.messages:
                await _followup(interaction, message, ephemeral=True)
            return
        await _send(interaction, rendered, deferred=False, in_place=False)

    async def _in_time(
        self, interaction: discord.Interaction[Any], work: Awaitable[Reply]
    ) -> tuple[Reply, bool]:
        """The core's reply, deferring the interaction first if it is slow to come."""
        task = asyncio.ensure_future(work)
        done, _ = await asyncio.wait((task,), timeout=self.defer_after)
        if done:
            return task.result(), False
        if interaction.type is discord.InteractionType.component:
            await interaction.response.defer()
        else:
            await interaction.response.defer(ephemeral=True, thinking=True)
        return await task, True


def _personal(message: discord.Message | None) -> bool:
    return message is not None and message.flags.ephemeral


async def _send(
    interaction: discord.Interaction[Any], rendered: Rendered, *, deferred: bool, in_place: bool
) -> None:
    first, *rest = rendered.messages
    if in_place or (deferred and interaction.type is not discord.InteractionType.component):
        # A deferred command has a "thinking" message, visible as it was deferred (to the
        # caller only); the reply takes its place.
        await _edit(interaction, first, deferred=deferred)
    elif deferred:
        await _followup(interaction, first, ephemeral=rendered.ephemeral)
    else:
        await interaction.response.send_message(
            embeds=first.embeds,
            view=first.view or discord.utils.MISSING,
            files=list(first.files) or discord.utils.MISSING,
            ephemeral=rendered.ephemeral,
            allowed_mentions=NO_MENTIONS,
        )
    for message in rest:
        await _followup(interaction, message, ephemeral=rendered.ephemeral)


async def _edit(
    interaction: discord.Interaction[Any], message: Outgoing, *, deferred: bool
) -> None:
    attachments = list(message.files)
    if deferred:
        await interaction.edit_original_response(
            embeds=message.embeds,
            view=message.view,
            attachments=attachments,
            allowed_mentions=NO_MENTIONS,
        )
    else:
        await interaction.response.edit_message(
            embeds=message.embeds,
            view=message.view,
            attachments=attachments,
            allowed_mentions=NO_MENTIONS,
        )


async def _followup(
    interaction: discord.Interaction[Any], message: Outgoing, *, ephemeral: bool
) -> None:
    await interaction.followup.send(
        embeds=message.embeds,
        view=message.view or discord.utils.MISSING,
        files=list(message.files) or discord.utils.MISSING,
        ephemeral=ephemeral,
        allowed_mentions=NO_MENTIONS,
    )


def responder_of(interaction: discord.Interaction[Any]) -> Responder:
    responder = getattr(interaction.client, "responder", None)
    if not isinstance(responder, Responder):
        raise RuntimeError("the client answering this interaction has no responder")
    return responder
