"""Whether the bot can post in a channel: a port each platform answers, asked when a member
sets up daily questions there, so that they hear at once, not at the first post."""

from __future__ import annotations

from typing import Protocol


class ChannelAccess(Protocol):
    async def can_post(
        self, workspace: str, channel: str, *, private_threads: bool = False
    ) -> str | None:
        """None when the bot can post in the channel (and, with `private_threads`, open
        private threads there, as weekly pairing does on Discord), or when the platform cannot
        tell now; otherwise what stops it and what to do, as a sentence for the member."""
        ...


class ChannelCheck:
    """The ChannelAccess the commands ask. The composition root connects the platform's once
    its adapter exists (the adapter is built around the command handler, so after it); until
    then, and on a platform without channels to join, every channel passes."""

    def __init__(self, access: ChannelAccess | None = None) -> None:
        self.access = access

    async def can_post(
        self, workspace: str, channel: str, *, private_threads: bool = False
    ) -> str | None:
        if self.access is None:
            return None
        return await self.access.can_post(workspace, channel, private_threads=private_threads)
