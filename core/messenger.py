"""The port through which the core posts to channels and messages users; adapters implement it."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from core.kernel.platform import Platform
from core.kernel.reply import Reply


class SendError(Exception):
    pass


class RateScope(StrEnum):
    """What a rate limit holds back: one channel (Discord's route), the whole workspace
    (Slack says no more for now), or every request the bot makes (Discord's global limit)."""

    TARGET = "target"
    WORKSPACE = "workspace"
    GLOBAL = "global"


class RateLimited(SendError):
    """Nothing was posted; try again after `retry_after` seconds, for everything in `scope`."""

    def __init__(self, retry_after: float, scope: RateScope = RateScope.WORKSPACE) -> None:
        super().__init__(f"rate limited ({scope}); retry after {retry_after:.1f}s")
        self.retry_after = retry_after
        self.scope = scope


class TransientError(SendError):
    """A network error or a 5xx: worth retrying after a back-off. `maybe_delivered` is true
    when the platform may have taken the message before the answer was lost (a timeout after
    the request went out), so that the next attempt consults the duplicate guard."""

    def __init__(self, reason: str, *, maybe_delivered: bool = False) -> None:
        super().__init__(reason)
        self.maybe_delivered = maybe_delivered


class PermanentError(SendError):
    """The channel is gone, the bot was removed, direct messages are closed: do not retry."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Post:
    """One message to send: where (a workspace and a channel in it), the reply, the guard key
    that stays the same across retries, and whether an earlier attempt may have got through."""

    workspace: str
    channel: str
    reply: Reply
    key: str
    retry: bool = False


class Messenger(ABC):
    """Sends a reply; returns the platform's message id or raises a SendError.

    `delivery_key` is stable across retries of one scheduled delivery, so that a platform
    with a duplicate guard (a nonce, message metadata) can refuse a second copy;
    `retry` is true when an earlier attempt may already have been delivered.
    """

    platform: Platform

    @abstractmethod
    async def post_to_channel(
        self, workspace: str, channel: str, reply: Reply, *, delivery_key: str, retry: bool = False
    ) -> str: ...

    @abstractmethod
    async def send_direct(
        self, workspace: str, user: str, reply: Reply, *, delivery_key: str, retry: bool = False
    ) -> str: ...

    async def can_post(
        self, workspace: str, channel: str, *, private_threads: bool = False
    ) -> str | None:
        """What stops the bot from posting in the channel (core.access.ChannelAccess); None
        where it can, or where the platform cannot tell, as in the console."""
        return None

    async def send_group(self, post: Post, users: Sequence[str]) -> str:
        """Start a conversation with these members together (from the post's channel, where
        the platform needs one) and send the post's reply there."""
        raise PermanentError("this platform cannot start a conversation with several members")
