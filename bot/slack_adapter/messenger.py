"""Scheduled posts and direct messages through the Web API, with Slack's errors made typed."""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Awaitable, Sequence
from typing import Any, TypeVar

import aiohttp
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.web.async_slack_response import AsyncSlackResponse

from bot.slack_adapter.people import PLATFORM
from bot.slack_adapter.render import SlackMessage, render
from core.messenger import (
    Messenger,
    PermanentError,
    RateLimited,
    RateScope,
    SendError,
    TransientError,
)
from core.reply import Chart, Reply

log = logging.getLogger(__name__)
T = TypeVar("T")

DELIVERY_EVENT = "prepbot_delivery"
HISTORY_LIMIT = 100
DIRECT_CACHE = 50_000

# Errors that will not go away by trying again: the schedule is paused and its owner told.
PERMANENT = frozenset(
    {
        "account_inactive",
        "channel_not_found",
        "cannot_dm_bot",
        "ekm_access_denied",
        "invalid_auth",
        "is_archived",
        "missing_scope",
        "not_allowed_token_type",
        "not_authed",
        "not_in_channel",
        "restricted_action",
        "restricted_action_non_threadable_channel",
        "restricted_action_read_only_channel",
        "restricted_action_thread_only_channel",
        "team_access_not_granted",
        "token_expired",
        "token_revoked",
        "user_disabled",
        "user_not_found",
        "user_not_visible",
    }
)
TRANSIENT = frozenset(
    {"fatal_error", "internal_error", "request_timeout", "service_unavailable", "team_added_to_org"}
)
# What to tell a member scheduling in a channel the bot cannot post in.
_INVITE = "type `/invite @prepbot` in it, then schedule again."
CANNOT_POST = {
    "not_in_channel": "I'm not a member of it: " + _INVITE,
    "channel_not_found": "I can't see it (a private channel I'm not in?): " + _INVITE,
    "is_archived": "It is archived: choose another channel.",
}
# Failures after which Slack may have posted the message all the same: the retry looks for it.
MAYBE_POSTED = frozenset({"fatal_error", "internal_error", "request_timeout"})


class SlackMessenger(Messenger):
    """Posts rendered replies; raises the core's SendErrors and never retries on its own.

    The dispatcher owns waiting and retrying (it holds the rate limiter and the claim), so
    the client given here should have no retry handlers: a retried chat.postMessage that had
    in fact arrived would post twice, which the delivery metadata check exists to prevent.
    """

    platform = PLATFORM

    def __init__(self, client: AsyncWebClient, team_id: str | None = None) -> None:
        self.client = client
        self.team_id = team_id
        # conversations.open is rate limited far below chat.postMessage; a user's direct
        # message conversation with the bot keeps its id, so each is opened once.
        self._directs: OrderedDict[str, str] = OrderedDict()

    async def post_to_channel(
        self, workspace: str, channel: str, reply: Reply, *, delivery_key: str, retry: bool = False
    ) -> str:
        self._check_workspace(workspace)
        return await self._post(channel, reply, delivery_key, retry)

    async def send_direct(
        self, workspace: str, user: str, reply: Reply, *, delivery_key: str, retry: bool = False
    ) -> str:
        self._check_workspace(workspace)
        return await self._post(await self._direct(user), reply, delivery_key, retry)

    async def send_group(
        self,
        workspace: str,
        channel: str,
        users: Sequence[str],
        reply: Reply,
        *,
        delivery_key: str,
        retry: bool = False,
    ) -> str:
        """A group direct message with these members (Slack gives the same conversation back
        for the same people, so a retry finds what an earlier attempt posted there)."""
        self._check_workspace(workspace)
        opened = await call(self.client.conversations_open(users=",".join(users)))
        return await self._post(str(opened["channel"]["id"]), reply, delivery_key, retry)

    async def can_post(self, workspace: str, channel: str) -> str | None:
        """Whether the bot is a member of the channel (it has no right to post elsewhere) and
        the channel is open; None too when Slack cannot say now (a network error, a 429, an
        install without the channels:read scope): the first post will."""
        try:
            self._check_workspace(workspace)
            info = await call(self.client.conversations_info(channel=channel))
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

    async def _direct(self, user: str) -> str:
        channel = self._directs.get(user)
        if channel is None:
            channel = await call(open_direct(self.client, user))
            self._directs[user] = channel
            if len(self._directs) > DIRECT_CACHE:
                self._directs.popitem(last=False)
        return channel

    async def _post(self, channel: str, reply: Reply, delivery_key: str, retry: bool) -> str:
        messages = render(reply)
        posted = await self._posted_parts(channel, delivery_key) if retry else {}
        stamps: list[str] = []
        for part, message in enumerate(messages):
            stamps.append(
                posted.get(part) or await self._post_part(channel, message, delivery_key, part)
            )
        if len(posted) < len(messages):
            for chart in reply.images:
                await call(upload_chart(self.client, channel, chart))
        return stamps[0]

    async def _post_part(
        self, channel: str, message: SlackMessage, delivery_key: str, part: int
    ) -> str:
        response = await call(
            self.client.chat_postMessage(
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

    async def _posted_parts(self, channel: str, delivery_key: str) -> dict[int, str]:
        """Parts of this delivery that an earlier attempt already posted, by their ts."""
        response = await call(
            self.client.conversations_history(
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


async def call(request: Awaitable[T]) -> T:
    """Await a Web API call, turning its failure into RateLimited, Transient or PermanentError."""
    try:
        return await request
    except SlackApiError as error:
        raise classify(error) from error
    except (aiohttp.ClientConnectionError, ConnectionError) as error:
        # Refused or reset before an answer; only a timeout leaves the post in doubt.
        maybe = isinstance(error, aiohttp.ServerTimeoutError)
        raise TransientError(f"{type(error).__name__}: {error}", maybe_delivered=maybe) from error
    except (SlackClientError, aiohttp.ClientError, OSError, TimeoutError) as error:
        raise TransientError(f"{type(error).__name__}: {error}", maybe_delivered=True) from error


def classify(error: SlackApiError) -> RateLimited | TransientError | PermanentError:
    response = error.response
    code = str(_get(response, "error") or "unknown_error")
    if response.status_code == 429 or code == "ratelimited":
        # Slack's 429 does not say which limit it was; it holds the workspace back.
        return RateLimited(_retry_after(response.headers), RateScope.WORKSPACE)
    if response.status_code >= 500 or code in TRANSIENT:
        # A gateway's 502-504 never reached Slack's servers; a 500 may have posted.
        maybe = code in MAYBE_POSTED or response.status_code == 500
        return TransientError(f"{code} (HTTP {response.status_code})", maybe_delivered=maybe)
    if code not in PERMANENT:
        log.warning("Slack answered %s; treating it as permanent", code)
    return PermanentError(code)


def _get(response: AsyncSlackResponse, key: str) -> Any:
    data = response.data
    return data.get(key) if isinstance(data, dict) else None


def _retry_after(headers: Any) -> float:
    try:
        return max(float(headers.get("Retry-After", 1)), 0.0)
    except (TypeError, ValueError):
        return 1.0
