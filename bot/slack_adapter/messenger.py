"""Scheduled posts and direct messages through the Web API, each with the bot token of the
workspace it goes to, with Slack's errors made typed."""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Sequence
from typing import TypeVar

from slack_sdk.web.async_client import AsyncWebClient

from bot.slack_adapter.people import PLATFORM
from bot.slack_adapter.render import SlackMessage, render
from bot.slack_adapter.tokens import Tokens
from bot.slack_adapter.web_errors import call
from core.kernel.reply import Chart, Reply
from core.messenger import (
    Messenger,
    PermanentError,
    Post,
    SendError,
)
from core.scheduling.installs import NOT_INSTALLED

log = logging.getLogger(__name__)
T = TypeVar("T")

DELIVERY_EVENT = "prepbot_delivery"
HISTORY_LIMIT = 100
DIRECT_CACHE = 50_000
CLIENT_CACHE = 10_000
# Slack no longer takes the token: it was revoked, or the app removed and installed again
# (with a new token another replica may have stored). Looked up once more before giving up.
REFUSED_TOKEN = frozenset(
    {"account_inactive", "invalid_auth", "not_authed", "token_expired", "token_revoked"}
)

# Errors that will not go away by trying again: the schedule is paused and its owner told.
# What to tell a member scheduling in a channel the bot cannot post in.
_INVITE = "type `/invite @prepbot` in it, then schedule again."
CANNOT_POST: dict[str, str] = {
    "not_in_channel": "I'm not a member of it: " + _INVITE,
    "channel_not_found": "I can't see it (a private channel I'm not in?): " + _INVITE,
    "is_archived": "It is archived: choose another channel.",
}


class SlackMessenger(Messenger):
    """Posts rendered replies; raises the core's SendErrors and never retries on its own.

    The dispatcher owns waiting and retrying (it holds the rate limiter and the claim), so
    the client given here should have no retry handlers: a retried chat.postMessage that had
    in fact arrived would post twice, which the delivery metadata check exists to prevent.
    """

    platform = PLATFORM

    def __init__(
        self, client: AsyncWebClient, team_id: str | None = None, *, tokens: Tokens | None = None
    ) -> None:
        """`client` carries the base URL and timeout; with `tokens`, each workspace's calls go
        out with that workspace's token, otherwise with the client's own (for `team_id`)."""
        self.client = client
        self.team_id = team_id
        self.tokens = tokens
        self._clients: OrderedDict[str, AsyncWebClient] = OrderedDict()  # by token
        # conversations.open is rate limited far below chat.postMessage; a user's direct
        # message conversation with the bot keeps its id, so each is opened once.
        self._directs: OrderedDict[tuple[str, str], str] = OrderedDict()

    async def post_to_channel(
        self, workspace: str, channel: str, reply: Reply, *, delivery_key: str, retry: bool = False
    ) -> str:
        async def post(client: AsyncWebClient, again: bool) -> str:
            return await self._post(client, channel, reply, delivery_key, retry or again)

        return await self._as(workspace, post)

    async def send_direct(
        self, workspace: str, user: str, reply: Reply, *, delivery_key: str, retry: bool = False
    ) -> str:
        async def send(client: AsyncWebClient, again: bool) -> str:
            direct = await self._direct(client, workspace, user)
            return await self._post(client, direct, reply, delivery_key, retry or again)

        return await self._as(workspace, send)

    async def _as(self, workspace: str, send: Callable[[AsyncWebClient, bool], Awaitable[T]]) -> T:
        """Send with the workspace's token; when Slack refuses it, once more with the token
        looked up afresh (checking first for what the refused attempt may have posted)."""
        client = await self._client(workspace)
        try:
            return await send(client, False)
        except PermanentError as error:
            if error.reason not in REFUSED_TOKEN or self.tokens is None:
                raise
            self.tokens.forget(workspace)
            fresh = await self._client(workspace)
            if fresh.token == client.token:
                raise
            return await send(fresh, True)

    async def _client(self, workspace: str) -> AsyncWebClient:
        if self.tokens is None:
            self._check_workspace(workspace)
            return self.client
        token = await self.tokens.bot_token(workspace)
        if token is None:
            raise PermanentError(NOT_INSTALLED)
        client = self._clients.get(token)
        if client is None:
            client = AsyncWebClient(
                token=token,
                base_url=self.client.base_url,
                timeout=self.client.timeout,
                retry_handlers=[],
            )
            self._clients[token] = client
            if len(self._clients) > CLIENT_CACHE:
                self._clients.popitem(last=False)
        return client

    async def send_group(self, post: Post, users: Sequence[str]) -> str:
        """A group direct message with these members (Slack gives the same conversation back
        for the same people, so a retry finds what an earlier attempt posted there)."""

        async def send(client: AsyncWebClient, again: bool) -> str:
            opened = await call(client.conversations_open(users=",".join(users)))
            group = str(opened["channel"]["id"])
            return await self._post(client, group, post.reply, post.key, post.retry or again)

        return await self._as(post.workspace, send)

    async def can_post(
        self, workspace: str, channel: str, *, private_threads: bool = False
    ) -> str | None:
        """Whether the bot is a member of the channel (it has no right to post elsewhere) and
        the channel is open; None too when Slack cannot say now (a network error, a 429, an
        install without the channels:read scope): the first post will."""
        try:
            client = await self._client(workspace)
            info = await call(client.conversations_info(channel=channel))
        except PermanentError as error:
            refusal = CANNOT_POST.get(error.reason)
            if refusal is None:
                log.warning("conversations.info answered %s for %s", error.reason, channel)
            return refusal
        except SendError as error:
            log.warning("could not ask Slack about %s: %s", channel, error)
            return None
        found = info.get("channel") or {}
        if found.get("is_archived"):
            return CANNOT_POST["is_archived"]
        if not found.get("is_member") and not found.get("is_im"):
            return CANNOT_POST["not_in_channel"]
        return None

    async def _direct(self, client: AsyncWebClient, workspace: str, user: str) -> str:
        channel = self._directs.get((workspace, user))
        if channel is None:
            channel = await call(open_direct(client, user))
            self._directs[(workspace, user)] = channel
            if len(self._directs) > DIRECT_CACHE:
                self._directs.popitem(last=False)
        return channel

    async def _post(
        self, client: AsyncWebClient, channel: str, reply: Reply, delivery_key: str, retry: bool
    ) -> str:
        messages = render(reply)
        posted = await self._posted_parts(client, channel, delivery_key) if retry else {}
        stamps: list[str] = []
        for part, message in enumerate(messages):
            stamps.append(
                posted.get(part)
                or await self._post_part(client, channel, message, delivery_key, part)
            )
        if len(posted) < len(messages):
            for chart in reply.images:
                await call(upload_chart(client, channel, chart))
        return stamps[0]

    async def _post_part(
        self,
        client: AsyncWebClient,
        channel: str,
        message: SlackMessage,
        delivery_key: str,
        part: int,
    ) -> str:
        response = await call(
            client.chat_postMessage(
                channel=channel,
                **message.payload(),
                metadata={
                    "event_type": DELIVERY_EVENT,
                    "event_payload": {"delivery_key": delivery_key, "part": part},
                },
                unfurl_links=False,
                unfurl_media=False,
            )
        )
        return str(response["ts"])

    async def _posted_parts(
        self, client: AsyncWebClient, channel: str, delivery_key: str
    ) -> dict[int, str]:
        """Parts of this delivery that an earlier attempt already posted, by their ts."""
        response = await call(
            client.conversations_history(
                channel=channel, limit=HISTORY_LIMIT, include_all_metadata=True
            )
        )
        found: dict[int, str] = {}
        for message in response.get("messages") or []:
            metadata = message.get("metadata") or {}
            payload = metadata.get("event_payload") or {}
            if (
                metadata.get("event_type") == DELIVERY_EVENT
                and payload.get("delivery_key") == delivery_key
            ):
                found.setdefault(int(payload.get("part", 0)), str(message["ts"]))
        if found:
            log.info("delivery %s already in %s; not posting it again", delivery_key, channel)
        return found

    def _check_workspace(self, workspace: str) -> None:
        if self.team_id is not None and workspace != self.team_id:
            raise PermanentError(f"this bot is not installed in workspace {workspace}")


async def open_direct(client: AsyncWebClient, user: str) -> str:
    """The id of the bot's direct-message conversation with a user."""
    opened = await client.conversations_open(users=user)
    return str(opened["channel"]["id"])


async def upload_chart(client: AsyncWebClient, channel: str, chart: Chart) -> None:
    await client.files_upload_v2(
        channel=channel, file=chart.png, filename=chart.filename, title=chart.title
    )
