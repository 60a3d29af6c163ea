"""Slack's Web API answers made typed: a failed call becomes the core's RateLimited,
TransientError or PermanentError, saying whether the post may have gone through."""

from __future__ import annotations

import logging
from collections.abc import Awaitable
from typing import Any, TypeVar

import aiohttp
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.web.async_slack_response import AsyncSlackResponse

from core.messenger import PermanentError, RateLimited, RateScope, TransientError

log = logging.getLogger(__name__)
T = TypeVar("T")

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
# Failures after which Slack may have posted the message all the same: the retry looks for it.
MAYBE_POSTED = frozenset({"fatal_error", "internal_error", "request_timeout"})


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
