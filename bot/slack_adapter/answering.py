"""The one way a listener's reply reaches Slack: through the shared-reply cache, to where the
request came from (the response_url of a command or of the message pressed, the Messages-tab
conversation, or else the caller's DM), and then its charts."""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass

import aiohttp
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack_adapter.charts import Charts
from bot.slack_adapter.people import People
from bot.slack_adapter.prepared import Prepared, PreparedReplies
from bot.slack_adapter.render import SlackMessage
from bot.slack_adapter.session import SharedSession
from core.kernel.identity import Caller
from core.kernel.reply import Reply

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Posted:
    """The first message a reply posted to a conversation (not through a response_url)."""

    channel: str
    ts: str


@dataclass(frozen=True)
class Destination:
    """Where a reply goes: a response_url (`replace`: its first message takes the place of
    the message pressed), else a conversation to post in, else the caller's DM."""

    response_url: str | None = None
    channel: str | None = None
    replace: bool = False


class Answering:
    def __init__(
        self, people: People, session: SharedSession, prepared: PreparedReplies, charts: Charts
    ) -> None:
        self.people = people
        self.session = session
        self.prepared = prepared
        self.charts = charts

    async def answer(
        self,
        client: AsyncWebClient,
        caller: Caller,
        reply: Reply,
        to: Destination,
        *,
        shared: bool,
        acknowledged: Prepared | None = None,
    ) -> Posted | None:
        """The reply's messages, then its charts; `shared`: the reply is the same for everyone
        who asks. `acknowledged`: the reply as prepared, whose first message already went out
        in the acknowledgement. Where the messages were posted to a conversation, the first."""
        prepared = acknowledged or self.prepared.get(reply, shared=shared)
        messages = prepared.rest if acknowledged else prepared.messages
        posted = None
        if to.response_url:
            kind = prepared.response_type
            for i, message in enumerate(messages):
                replace = to.replace and i == 0 and acknowledged is None
                await self.respond(to.response_url, message, kind, replace)
        else:
            channel = to.channel or await self.people.direct(client, caller.workspace, caller.user)
            posted = await post(client, channel, messages)
        await self.charts.send(client, caller, reply, shared=shared)
        return posted

    async def update(
        self,
        client: AsyncWebClient,
        caller: Caller,
        reply: Reply,
        to: Destination,
        posted: Posted | None,
    ) -> None:
        """A reply that takes the place of one `answer` sent to `to`: through the same
        response_url (in place where that one was), or chat.update of the message posted."""
        if posted is None:
            await self.answer(client, caller, reply, to, shared=False)
            return
        first, *rest = self.prepared.get(reply, shared=False).messages
        await client.chat_update(channel=posted.channel, ts=posted.ts, **first.payload())
        await post(client, posted.channel, rest)

    async def respond(
        self, url: str, message: SlackMessage, kind: str, replace: bool = False
    ) -> None:
        """One message to a response_url, over the adapter's shared connections."""
        body = {"response_type": kind, "replace_original": replace, **message.payload()}
        try:
            status, answer = await self.session.post_json(url, json.dumps(body))
        except (aiohttp.ClientError, TimeoutError) as error:
            log.warning("response_url unreachable: %s", error)
            return
        if status != 200:
            log.warning("response_url answered %s: %s", status, answer)


async def post(
    client: AsyncWebClient, channel: str, messages: Sequence[SlackMessage]
) -> Posted | None:
    """The messages, in order; the first as posted."""
    first = None
    for message in messages:
        sent = await client.chat_postMessage(
            channel=channel, unfurl_links=False, **message.payload()
        )
        if first is None:
            first = Posted(channel, str(sent.get("ts") or ""))
    return first
