"""Who is calling: a Slack user's admin flag and timezone from users.info, cached per user; the
bot's direct-message conversation with each, opened once."""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import aiohttp
from slack_sdk.errors import SlackClientError
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack_adapter import payloads
from bot.slack_adapter.tokens import Tokens
from core.kernel.identity import Caller
from core.kernel.platform import Platform

log = logging.getLogger(__name__)

PLATFORM = Platform.SLACK


@dataclass(frozen=True)
class Profile:
    is_admin: bool = False
    timezone: str | None = None


UNKNOWN = Profile()


class People:
    """users.info answers, kept for `ttl` seconds so that a command costs no extra call."""

    def __init__(
        self,
        client: AsyncWebClient,
        *,
        ttl: float = 600.0,
        capacity: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
        tokens: Tokens | None = None,
    ) -> None:
        self.client = client
        self.tokens = tokens  # each workspace's own token, when installed into many
        self.ttl = ttl
        self.capacity = capacity
        self.clock = clock
        self._cache: OrderedDict[tuple[str, str], tuple[float, Profile]] = OrderedDict()
        self._asking: dict[tuple[str, str], asyncio.Task[Profile]] = {}
        self._directs: OrderedDict[tuple[str, str], str] = OrderedDict()

    async def caller(self, team: str, user: str, channel: str | None) -> Caller:
        return self._caller(team, user, channel, await self.profile(team, user))

    def known(self, team: str, user: str, channel: str | None) -> Caller:
        """The caller now, without asking Slack: with their profile if it is cached, else as
        an unknown member (no admin flag, no timezone). For replies that need neither."""
        cached = self._cache.get((team, user))
        profile = cached[1] if cached is not None and cached[0] > self.clock() else UNKNOWN
        return self._caller(team, user, channel, profile)

    def _caller(self, team: str, user: str, channel: str | None, profile: Profile) -> Caller:
        return Caller(
            platform=PLATFORM,
            workspace=team,
            user=user,
            channel=channel,
            is_direct=channel is not None and channel.startswith("D"),
            is_admin=profile.is_admin,
            # Anyone in a channel may schedule there; admins narrow it with Slack's own settings.
            can_manage_channel=True,
            timezone=profile.timezone,
        )

    async def profile(self, team: str, user: str) -> Profile:
        key = (team, user)
        cached = self._cache.get(key)
        if cached is not None and cached[0] > self.clock():
            self._cache.move_to_end(key)
            return cached[1]
        # Commands from one member that arrive together share one users.info call.
        asking = self._asking.get(key)
        if asking is None:
            asking = asyncio.ensure_future(self._ask(key))
            self._asking[key] = asking
            asking.add_done_callback(lambda _: self._asking.pop(key, None))
        return await asyncio.shield(asking)

    async def _ask(self, key: tuple[str, str]) -> Profile:
        team, user = key
        try:
            token = await self.tokens.bot_token(team) if self.tokens is not None else None
            extra: dict[str, Any] = {"token": token} if token else {}
            response = await self.client.users_info(user=user, **extra)
        except (SlackClientError, aiohttp.ClientError, OSError, TimeoutError) as error:
            # A command still works without the profile: not an admin, timezone unknown.
            log.warning("users.info failed for %s: %s", user, error)
            return UNKNOWN
        answer = payloads.read(payloads.USER_INFO, response.data, "users.info answer")
        info = answer.user if answer is not None else None
        profile = (
            Profile(is_admin=info.is_admin or info.is_owner, timezone=info.tz or None)
            if info is not None
            else UNKNOWN
        )
        self._cache[key] = (self.clock() + self.ttl, profile)
        self._cache.move_to_end(key)
        while len(self._cache) > self.capacity:
            self._cache.popitem(last=False)
        return profile

    async def direct(self, client: AsyncWebClient, team: str, user: str) -> str:
        """The id of the bot's direct-message conversation with a member, which never changes;
        conversations.open is rate limited well below the commands that need it. `client`
        carries the workspace's token (Bolt hands each request its own)."""
        channel = self._directs.get((team, user))
        if channel is None:
            opened = await client.conversations_open(users=user)
            channel = str(opened["channel"]["id"])
            self._directs[(team, user)] = channel
            while len(self._directs) > self.capacity:
                self._directs.popitem(last=False)
        return channel
