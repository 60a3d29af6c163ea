"""Bolt listeners: each turns a Slack request into a core call and the reply into messages."""

from __future__ import annotations

import asyncio
import json
import logging
import re
from collections.abc import Callable, Sequence
from typing import Any

import aiohttp
from slack_bolt.async_app import AsyncApp, AsyncBoltContext
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack_adapter import forms, modal
from bot.slack_adapter.chart_urls import ChartUrls
from bot.slack_adapter.charts import Charts
from bot.slack_adapter.in_flight import InFlight
from bot.slack_adapter.mrkdwn import typed_command
from bot.slack_adapter.people import People
from bot.slack_adapter.prepared import PreparedReplies, response_type
from bot.slack_adapter.render import SlackMessage, core_action, render, render_view
from bot.slack_adapter.session import SharedSession
from core.commands import vocabulary
from core.commands.handler import CommandHandler
from core.kernel.identity import Caller
from core.kernel.pressing import in_place
from core.kernel.reply import Reply, Visibility

log = logging.getLogger(__name__)

# The slash commands the manifest declares. `/help` is left out: it is a common name that
# another app may hold, and `/prep help` answers it. Any command the core does not know by
# name is read as `/prep`, so that renaming `/prep` in the manifest needs no code change.
COMMANDS = ("/compare", "/role", "/fit", "/practice", "/mock", "/prep")
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
        self.charts = Charts(people, by_url=chart_urls is not None, after_chart=after_chart)
        self.prepared = PreparedReplies(charts=chart_urls)

    async def on_command(
        self,
        ack: AsyncAck,
        command: dict[str, Any],
        context: AsyncBoltContext,
        client: AsyncWebClient,
    ) -> None:
        name, text = self._core_name(command["command"]), command.get("text") or ""
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
        prepared = self.prepared.get(reply, shared=shared)
        if done:
            await ack(prepared.first_body)  # a JSON string: Bolt sends it as it is
        for message in prepared.rest if done else prepared.messages:
            await self._respond(command.get("response_url"), message, prepared.response_type)
        await self.charts.send(client, caller, reply, shared=shared)

    async def on_button(
        self,
        ack: AsyncAck,
        body: dict[str, Any],
        action: dict[str, Any],
        context: AsyncBoltContext,
        client: AsyncWebClient,
    ) -> None:
        await ack()
        name, payload = core_action(action["action_id"]), str(action.get("value") or "")
        form = self.handler.form(name)
        if form is not None:
            container = body.get("container") or {}
            pending = forms.Pending(
                name,
                payload,
                context.channel_id,
                body.get("response_url"),
                bool(container.get("is_ephemeral")),
            )
            await client.views_open(
                trigger_id=body["trigger_id"], view=forms.answer_view(form, pending)
            )
            return
        await self._press(body, name, payload, context, client)

    async def on_ticks(
        self,
        ack: AsyncAck,
        body: dict[str, Any],
        action: dict[str, Any],
        context: AsyncBoltContext,
        client: AsyncWebClient,
    ) -> None:
        """A checklist's submit button: the boxes ticked travel in the message's state."""
        await ack()
        name, payload = forms.checklist_payload(body, action)
        await self._press(body, name, payload, context, client)

    async def on_answer_form(
        self, ack: AsyncAck, view: dict[str, Any], context: AsyncBoltContext, client: AsyncWebClient
    ) -> None:
        await ack()
        pending = forms.Pending.load(view.get("private_metadata") or "")
        if pending is None:
            return
        caller = await self.people.caller(_team(context), _user(context), pending.channel)
        form = self.handler.form(pending.action)
        payload = forms.submitted(pending, view["state"]["values"], form)
        reply = await self.handler.press(pending.action, payload, caller)
        shared = self.handler.press_is_pure(pending.action)
        messages = self.prepared.get(reply, shared=shared).messages
        if pending.response_url:
            replace = pending.replace and reply.visibility is Visibility.CALLER
            for i, message in enumerate(messages):
                kind = response_type(reply)
                await self._respond(pending.response_url, message, kind, replace and i == 0)
        else:
            await _post(
                client, await self.people.direct(client, caller.workspace, caller.user), messages
            )
        await self.charts.send(client, caller, reply, shared=shared)

    async def _press(
        self,
        body: dict[str, Any],
        name: str,
        payload: str,
        context: AsyncBoltContext,
        client: AsyncWebClient,
    ) -> None:
        caller = await self._caller(context, self.handler.press_needs_profile(name))
        reply = await self.handler.press(name, payload, caller)
        shared = self.handler.press_is_pure(name)
        messages = self.prepared.get(reply, shared=shared).messages
        if not body.get("response_url"):
            # A button in the Home tab: no message to answer, so the reply goes to a DM.
            await _post(
                client, await self.people.direct(client, caller.workspace, caller.user), messages
            )
            await self.publish_home(client, caller.workspace, caller.user)
            return
        container = body.get("container") or {}
        replace = in_place(reply, personal=bool(container.get("is_ephemeral")))
        for i, message in enumerate(messages):
            kind = response_type(reply)
            await self._respond(body["response_url"], message, kind, replace and i == 0)
        await self.charts.send(client, caller, reply, shared=shared)

    async def on_schedule_form(
        self, ack: AsyncAck, view: dict[str, Any], context: AsyncBoltContext, client: AsyncWebClient
    ) -> None:
        await ack()
        origin = modal.Origin.load(view.get("private_metadata") or "")
        text = modal.command_text(view["state"]["values"])
        caller = await self.people.caller(_team(context), _user(context), origin.channel)
        messages = render(await self.handler.handle(text, caller))
        if origin.response_url:
            for message in messages:
                await self._respond(origin.response_url, message, "ephemeral")
        else:
            await _post(
                client, await self.people.direct(client, caller.workspace, caller.user), messages
            )

    async def on_direct_message(
        self, event: dict[str, Any], context: AsyncBoltContext, client: AsyncWebClient
    ) -> None:
        """A message in the Messages tab, read as a command (`compare a b` or `/compare a b`)
        and answered there; edits, joins and bots' messages are not commands."""
        if event.get("channel_type") != "im" or event.get("subtype") or event.get("bot_id"):
            return
        text = typed_command(event.get("text") or "")
        if not text:
            return
        channel = str(event["channel"])
        team, user = _team(context), str(event.get("user"))
        if self.handler.needs_profile(text):
            caller = await self.people.caller(team, user, channel)
        else:
            caller = self.people.known(team, user, channel)
        reply = await self.handler.handle(text, caller)
        shared = self.handler.is_pure(text)
        await _post(client, channel, self.prepared.get(reply, shared=shared).messages)
        await self.charts.send(client, caller, reply, shared=shared)

    async def on_home_opened(
        self, event: dict[str, Any], context: AsyncBoltContext, client: AsyncWebClient
    ) -> None:
        if event.get("tab", "home") == "home":
            await self.publish_home(client, _team(context), event.get("user") or _user(context))

    async def publish_home(self, client: AsyncWebClient, team: str, user: str) -> None:
        reply = await self.handler.home(await self.people.caller(team, user, None))
        await client.views_publish(
            user_id=user, view={"type": "home", "blocks": render_view(reply)}
        )

    def _core_name(self, name: str) -> str:
        return name if name.removeprefix("/") in self.handler.routes else "/prep"

    async def _answer(self, text: str, context: AsyncBoltContext) -> tuple[Caller, Reply]:
        caller = await self._caller(context, self.handler.needs_profile(text))
        return caller, await self.handler.handle(text, caller)

    async def _caller(self, context: AsyncBoltContext, profile: bool = True) -> Caller:
        """Who is calling; users.info is asked only when the reply may read its answer."""
        team, user, channel = _team(context), _user(context), context.channel_id
        if profile:
            return await self.people.caller(team, user, channel)
        return self.people.known(team, user, channel)

    async def _respond(
        self, url: str | None, message: SlackMessage, kind: str, replace: bool = False
    ) -> None:
        """One message to a response_url, over the adapter's shared connections."""
        if not url:
            log.warning("no response_url to send the rest of a reply to")
            return
        body = {"response_type": kind, "replace_original": replace, **message.payload()}
        try:
            status, answer = await self.session.post_json(url, json.dumps(body))
        except (aiohttp.ClientError, TimeoutError) as error:
            log.warning("response_url unreachable: %s", error)
            return
        if status != 200:
            log.warning("response_url answered %s: %s", status, answer)

    async def _open_schedule_form(
        self, command: dict[str, Any], context: AsyncBoltContext, client: AsyncWebClient
    ) -> None:
        profile = await self.people.profile(_team(context), _user(context))
        origin = modal.Origin(command.get("channel_id"), command.get("response_url"))
        roles = [(c.value, c.title) for c in self.handler.vocabulary.roles()]
        categories = [(c.value, c.title) for c in vocabulary.categories()]
        view = modal.schedule_view(origin, profile.timezone, roles, categories)
        await client.views_open(trigger_id=command["trigger_id"], view=view)


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


async def _post(client: AsyncWebClient, channel: str, messages: Sequence[SlackMessage]) -> None:
    for message in messages:
        await client.chat_postMessage(channel=channel, unfurl_links=False, **message.payload())


def _team(context: AsyncBoltContext) -> str:
    return context.team_id or context.enterprise_id or ""


def _user(context: AsyncBoltContext) -> str:
    return context.user_id or ""
