"""Bolt listeners: each turns a Slack request into a core call and the reply into messages."""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Callable
from typing import Any

from slack_bolt.async_app import AsyncApp, AsyncBoltContext
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack_adapter import forms, modal, payloads
from bot.slack_adapter.answering import Answering, Destination
from bot.slack_adapter.chart_urls import ChartUrls
from bot.slack_adapter.charts import Charts
from bot.slack_adapter.in_flight import InFlight
from bot.slack_adapter.manifest import slash_commands
from bot.slack_adapter.mrkdwn import typed_command
from bot.slack_adapter.people import People
from bot.slack_adapter.prepared import PreparedReplies
from bot.slack_adapter.render import core_action, render_view
from bot.slack_adapter.session import SharedSession
from core.commands import vocabulary
from core.commands.handler import CommandHandler
from core.kernel.identity import Caller
from core.kernel.pressing import in_place
from core.kernel.reply import Reply, Visibility

log = logging.getLogger(__name__)

# The slash commands the manifest declares (`/help` is not among them: `/prep help` answers
# it). Any command the core does not know by name is read as `/prep`, so that renaming
# `/prep` in the manifest needs no code change.
COMMANDS = tuple(c.slash for c in slash_commands())
ANY_COMMAND = re.compile(r"^/")
BUTTON = re.compile(r"^[^#]+#\d+$")
# Slack waits 3 s for the acknowledgement; a reply ready sooner travels in it, otherwise
# the acknowledgement goes out empty and the reply follows through response_url.
ACK_BUDGET = 2.0


class Listeners:
    def __init__(
        self,
        handler: CommandHandler,
        people: People,
        session: SharedSession,
        chart_urls: ChartUrls | None = None,
        after_chart: Callable[[], None] = lambda: None,
    ) -> None:
        """`chart_urls`: the app serves shared charts, which then travel in the messages."""
        self.handler = handler
        self.people = people
        self.session = session
        self.in_flight = InFlight()
        self.charts = Charts(people, urls=chart_urls, after_chart=after_chart)
        self.prepared = PreparedReplies(charts=chart_urls)
        self.answering = Answering(people, session, self.prepared, self.charts)

    async def on_command(
        self, ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext, client: AsyncWebClient
    ) -> None:
        command = payloads.read(payloads.COMMAND, body, "slash command")
        if command is None:
            await ack()
            return
        name, text = self._core_name(command.command), command.text
        if modal.wants_form(name, text):
            await ack()
            await self._open_schedule_form(command, context, client)
            return
        line = f"{name} {text}"
        answer = asyncio.ensure_future(self._answer(line, context))
        # A shared reply is built from the content in milliseconds, or already kept.
        shared = self.handler.is_pure(line)
        done = shared or bool((await asyncio.wait({answer}, timeout=ACK_BUDGET))[0])
        if not done:
            await ack()
        caller, reply = await answer
        acknowledged = None
        if done:
            acknowledged = self.prepared.get(reply, shared=shared)
            await ack(acknowledged.first_body)  # a JSON string: Bolt sends it as it is
        to = Destination(response_url=command.response_url)
        await self.answering.answer(
            client, caller, reply, to, shared=shared, acknowledged=acknowledged
        )

    async def on_button(
        self, ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext, client: AsyncWebClient
    ) -> None:
        await ack()
        press = payloads.interactive(body, payloads.BlockActions, "button press")
        if press is None or not isinstance(press.action, payloads.ButtonAction):
            return
        name, payload = core_action(press.action.action_id), press.action.value
        caller = await self._caller(context, profile=False)  # an expired press opens no form
        form = await self.handler.open_form(name, payload, caller)
        if form is not None:
            if not press.trigger_id:
                log.warning("a press of %s came without a trigger_id to open its form", name)
                return
            pending = forms.Pending(
                name, payload, context.channel_id, press.response_url, press.container.is_ephemeral
            )
            await client.views_open(
                trigger_id=press.trigger_id, view=forms.answer_view(form, pending)
            )
            return
        await self._press(press, name, payload, context, client)

    async def on_ticks(
        self, ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext, client: AsyncWebClient
    ) -> None:
        """A checklist's submit button: the boxes ticked travel in the message's state."""
        await ack()
        press = payloads.interactive(body, payloads.BlockActions, "checklist submission")
        if press is None or not isinstance(press.action, payloads.ButtonAction):
            return
        name, payload = forms.checklist_payload(press, press.action)
        await self._press(press, name, payload, context, client)

    async def on_answer_form(
        self, ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext, client: AsyncWebClient
    ) -> None:
        await ack()
        submission = payloads.interactive(body, payloads.ViewSubmission, "answer form")
        pending = forms.Pending.load(submission.view.private_metadata) if submission else None
        if submission is None or pending is None:
            return
        caller = await self.people.caller(_team(context), _user(context), pending.channel)
        form = self.handler.form(pending.action)
        payload = forms.submitted(pending, submission.view.state, form)
        reply = await self.handler.press(pending.action, payload, caller)
        replace = pending.replace and reply.visibility is Visibility.CALLER
        to = Destination(response_url=pending.response_url, replace=replace)
        shared = self.handler.press_is_pure(pending.action)
        posted = await self.answering.answer(client, caller, reply, to, shared=shared)
        if reply.followup is not None:
            # Acknowledged long ago: what takes seconds (the grader) updates the reply after.
            later = await self.handler.press(reply.followup.action, reply.followup.payload, caller)
            await self.answering.update(client, caller, later, to, posted)

    async def _press(
        self,
        press: payloads.BlockActions,
        name: str,
        payload: str,
        context: AsyncBoltContext,
        client: AsyncWebClient,
    ) -> None:
        caller = await self._caller(context, self.handler.press_needs_profile(name))
        reply = await self.handler.press(name, payload, caller)
        shared = self.handler.press_is_pure(name)
        # A button in the Home tab has no message to answer: the reply goes to a DM.
        replace = in_place(reply, personal=press.container.is_ephemeral, direct=caller.is_direct)
        to = Destination(response_url=press.response_url, replace=replace)
        await self.answering.answer(client, caller, reply, to, shared=shared)
        if not press.response_url:
            await self.publish_home(client, caller.workspace, caller.user)

    async def on_schedule_form(
        self, ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext, client: AsyncWebClient
    ) -> None:
        await ack()
        submission = payloads.interactive(body, payloads.ViewSubmission, "schedule form")
        if submission is None:
            return
        origin = modal.Origin.load(submission.view.private_metadata)
        given = modal.submitted(body["view"]["state"]["values"])
        caller = await self.people.caller(_team(context), _user(context), origin.channel)
        reply = await self.handler.answer(modal.FORM_PATH, given, caller)
        to = Destination(response_url=origin.response_url)
        await self.answering.answer(client, caller, reply, to, shared=False)

    async def on_direct_message(
        self, event: dict[str, Any], context: AsyncBoltContext, client: AsyncWebClient
    ) -> None:
        """A message in the Messages tab, read as a command (`compare a b` or `/compare a b`)
        and answered there; edits, joins and bots' messages are not commands."""
        message = payloads.read(payloads.EVENT, event, "message event")
        if not isinstance(message, payloads.MessageEvent) or not message.from_a_member:
            return
        text, channel = typed_command(message.text), message.channel
        if not text or channel is None:
            return
        team, user = _team(context), str(message.user)
        if self.handler.needs_profile(text):
            caller = await self.people.caller(team, user, channel)
        else:
            caller = self.people.known(team, user, channel)
        reply = await self.handler.handle(text, caller)
        to = Destination(channel=channel)
        await self.answering.answer(client, caller, reply, to, shared=self.handler.is_pure(text))

    async def on_home_opened(
        self, event: dict[str, Any], context: AsyncBoltContext, client: AsyncWebClient
    ) -> None:
        opened = payloads.read(payloads.EVENT, event, "app_home_opened event")
        if isinstance(opened, payloads.AppHomeOpened) and opened.tab == "home":
            await self.publish_home(client, _team(context), opened.user or _user(context))

    async def publish_home(self, client: AsyncWebClient, team: str, user: str) -> None:
        reply = await self.handler.home(await self.people.caller(team, user, None))
        await client.views_publish(
            user_id=user, view={"type": "home", "blocks": render_view(reply)}
        )

    def _core_name(self, name: str) -> str:
        known = self.handler.surface.top(name.removeprefix("/"))
        return name if known is not None and not known.subcommands else "/prep"

    async def _answer(self, text: str, context: AsyncBoltContext) -> tuple[Caller, Reply]:
        caller = await self._caller(context, self.handler.needs_profile(text))
        return caller, await self.handler.handle(text, caller)

    async def _caller(self, context: AsyncBoltContext, profile: bool = True) -> Caller:
        """Who is calling; users.info is asked only when the reply may read its answer."""
        team, user, channel = _team(context), _user(context), context.channel_id
        if profile:
            return await self.people.caller(team, user, channel)
        return self.people.known(team, user, channel)

    async def _open_schedule_form(
        self, command: payloads.SlashCommand, context: AsyncBoltContext, client: AsyncWebClient
    ) -> None:
        if not command.trigger_id:
            log.warning("a slash command without a trigger_id cannot open the schedule form")
            return
        profile = await self.people.profile(_team(context), _user(context))
        origin = modal.Origin(command.channel_id, command.response_url)
        roles = [(c.value, c.title) for c in self.handler.vocabulary.roles()]
        categories = [(c.value, c.title) for c in vocabulary.categories()]
        view = modal.schedule_view(origin, profile.timezone, roles, categories)
        await client.views_open(trigger_id=command.trigger_id, view=view)


def register(app: AsyncApp, listeners: Listeners) -> Listeners:
    """Wire every command, button, form and event the manifest declares."""
    track = listeners.in_flight.track
    app.command(ANY_COMMAND)(track(listeners.on_command))
    app.action(BUTTON)(track(listeners.on_button))
    app.action(re.compile("^" + re.escape(forms.SUBMIT_PREFIX)))(track(listeners.on_ticks))
    app.action(forms.CHECKBOXES)(_acknowledge)
    app.view(forms.ANSWER_VIEW)(track(listeners.on_answer_form))
    app.view(modal.SCHEDULE_VIEW)(track(listeners.on_schedule_form))
    app.event("app_home_opened")(track(listeners.on_home_opened))
    app.event("message")(track(listeners.on_direct_message))
    return listeners


async def _acknowledge(ack: AsyncAck) -> None:
    """A box ticked or unticked: nothing to do until the checklist is submitted."""
    await ack()


def _team(context: AsyncBoltContext) -> str:
    return context.team_id or context.enterprise_id or ""


def _user(context: AsyncBoltContext) -> str:
    return context.user_id or ""
