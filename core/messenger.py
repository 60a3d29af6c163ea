"""The port through which the core posts to channels and messages users; adapters implement it."""

from __future__ import annotations

from abc import ABC, abstractmethod

from core.platform import Platform
from core.reply import Reply


class SendError(Exception):
    pass


class RateLimited(SendError):
    def __init__(self, retry_after: float) -> None:
        super().__init__(f"rate limited; retry after {retry_after:.1f}s")
        self.retry_after = retry_after


class TransientError(SendError):
    """A network error or a 5xx: worth retrying after a back-off."""


class PermanentError(SendError):
    """The channel is gone, the bot was removed, direct messages are closed: do not retry."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


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
