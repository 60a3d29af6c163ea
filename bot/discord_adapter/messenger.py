"""The core's Messenger port on Discord: channel posts and direct messages through discord.py.

discord.py waits out a 429 itself (it sleeps for the `retry_after` Discord sends and tries
again, up to five times) and retries 500/502/504 with a back-off. What reaches this module
is mapped to the errors the dispatcher expects: a wait too long for discord.py
(`max_ratelimit_timeout`) or a 429 without Discord's headers → RateLimited; 5xx and network
errors → TransientError; Forbidden, NotFound (channel gone, bot removed, direct messages
closed) and other refusals → PermanentError.

Every message carries a nonce derived from the delivery key with `enforce_nonce` (discord.py
2.7 sends `enforce_nonce: true` with any nonce given to `send`): for a few minutes Discord
answers a second send with the same nonce with the first message instead of posting again, so
that a retry after a lost response does not post twice.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Awaitable, Iterable, Sequence
from typing import TypeVar

import aiohttp
import discord

from bot.discord_adapter.bot import PrepBot
from bot.discord_adapter.caller import PLATFORM
from bot.discord_adapter.render import NO_MENTIONS, Rendered, render
from core.kernel.reply import Reply
from core.messenger import (
    Messenger,
    PermanentError,
    Post,
    RateLimited,
    RateScope,
    TransientError,
)

T = TypeVar("T")

NONCE_LENGTH = 25
LOGIN_WAIT = 30.0
REASON_LIMIT = 200
DEFAULT_RETRY_AFTER = 5.0
# What a scheduled question needs in its channel: it is an embed.
NEEDED = {
    "view_channel": "View Channel",
    "send_messages": "Send Messages",
    "embed_links": "Embed Links",
}
FOR_THREADS = {  # weekly pairing: a private thread per group
    "create_private_threads": "Create Private Threads",
    "send_messages_in_threads": "Send Messages in Threads",
}
_REASONS = {
    10003: "the channel no longer exists",
    10013: "the user no longer exists",
    50001: "I can't see that channel",
    50007: "they don't accept direct messages from me",
    50013: "I lack the permission to post there",
}


def nonce(delivery_key: str, index: int = 0) -> str:
    """A message nonce (at most 25 characters) stable across retries of one delivery."""
    digest = hashlib.sha256(f"{delivery_key}#{index}".encode()).hexdigest()
    return digest[:NONCE_LENGTH]


class DiscordMessenger(Messenger):
    platform = PLATFORM

    def __init__(self, client: PrepBot) -> None:
        self.client = client

    async def post_to_channel(
        self, workspace: str, channel: str, reply: Reply, *, delivery_key: str, retry: bool = False
    ) -> str:
        guild = _guild(workspace)
        target = self.client.get_partial_messageable(
            _snowflake(channel, "channel"),
            guild_id=int(guild) if guild else None,
            type=discord.ChannelType.text,
        )
        return await self._send(target, render(reply), delivery_key)

    async def send_direct(
        self, workspace: str, user: str, reply: Reply, *, delivery_key: str, retry: bool = False
    ) -> str:
        await self._logged_in()
        dm = await _mapped(self.client.create_dm(discord.Object(_snowflake(user, "user"))))
        # A press in direct messages carries no server: the buttons name it themselves.
        return await self._send(dm, render(reply, guild=_guild(workspace)), delivery_key)

    async def send_group(self, post: Post, users: Sequence[str]) -> str:
        """A private thread in the channel with the members added (bots cannot open group
        DMs). A retry looks for the thread an earlier attempt opened, by its name."""
        await self._logged_in()
        name = f"Mock interview {nonce(post.key)[:6]}"
        thread = (
            await self._thread_named(post.workspace, post.channel, name) if post.retry else None
        )
        if thread is None:
            opened = await _mapped(
                self.client.http.start_thread_without_message(
                    _snowflake(post.channel, "channel"),
                    name=name,
                    auto_archive_duration=10080,  # a week: until the next pairing
                    type=discord.ChannelType.private_thread.value,
                    invitable=False,
                )
            )
            thread = int(opened["id"])
        for user in users:
            await _mapped(self.client.http.add_user_to_thread(thread, _snowflake(user, "user")))
        guild = _guild(post.workspace)
        target = self.client.get_partial_messageable(
            thread, guild_id=int(guild) if guild else None, type=discord.ChannelType.private_thread
        )
        return await self._send(target, render(post.reply), post.key)

    async def _thread_named(self, workspace: str, channel: str, name: str) -> int | None:
        guild = _guild(workspace)
        if guild is None:
            return None
        active = await _mapped(self.client.http.get_active_threads(int(guild)))
        for thread in active.get("threads", []):
            if str(thread.get("parent_id")) == channel and thread.get("name") == name:
                return int(thread["id"])
        return None

    async def can_post(
        self, workspace: str, channel: str, *, private_threads: bool = False
    ) -> str | None:
        """The bot's permissions in the channel, from the server this connection holds (asked
        over REST when the channel is not cached), with those for the private threads weekly
        pairing opens there; None when they cannot be known here."""
        guild_id = _guild(workspace)
        guild = self.client.get_guild(int(guild_id)) if guild_id else None
        me = guild.get_member(self.client.user.id) if guild and self.client.user else None
        if guild is None or me is None or not channel.isdigit():
            return None
        try:
            found = guild.get_channel_or_thread(int(channel)) or await guild.fetch_channel(
                int(channel)
            )
        except discord.NotFound:
            return "It no longer exists: choose another channel."
        except discord.Forbidden:
            return _missing(NEEDED.values())
        except (discord.HTTPException, aiohttp.ClientError, OSError, TimeoutError):
            return None
        allowed = found.permissions_for(me)
        needed = {**NEEDED, **(FOR_THREADS if private_threads else {})}
        missing = [title for name, title in needed.items() if not getattr(allowed, name)]
        return _missing(missing) if missing else None

    async def _send(self, target: discord.abc.Messageable, rendered: Rendered, key: str) -> str:
        await self._logged_in()
        first: discord.Message | None = None
        for index, message in enumerate(rendered.messages):
            sent = await _mapped(
                target.send(
                    embeds=message.embeds,
                    view=message.view or discord.utils.MISSING,
                    files=list(message.files) or discord.utils.MISSING,
                    nonce=nonce(key, index),
                    allowed_mentions=NO_MENTIONS,
                )
            )
            first = first or sent
        assert first is not None
        return str(first.id)

    async def _logged_in(self) -> None:
        try:
            await asyncio.wait_for(self.client.logged_in.wait(), LOGIN_WAIT)
        except TimeoutError:
            raise TransientError("not logged in to Discord yet") from None


def _missing(permissions: Iterable[str]) -> str:
    named = ", ".join(permissions)
    return (
        f"I lack {named} there: give my role {named} in the channel's settings "
        "(Edit Channel → Permissions), then schedule again."
    )


def _guild(workspace: str) -> str | None:
    """The server id a workspace stands for; None for direct messages."""
    return workspace if workspace.isdigit() else None


def _snowflake(value: str, what: str) -> int:
    if not value.isdigit():
        raise PermanentError(f"{value!r} is not a Discord {what} id")
    return int(value)


async def _mapped(call: Awaitable[T]) -> T:
    try:
        return await call
    except discord.RateLimited as error:
        # discord.py waits out short limits itself; this one was longer than it would wait.
        raise RateLimited(error.retry_after, RateScope.TARGET) from error
    except (discord.Forbidden, discord.NotFound) as error:
        raise PermanentError(_reason(error)) from error
    except discord.DiscordServerError as error:
        # The nonce keeps a second copy out, so a retry is safe whatever happened.
        raise TransientError(f"Discord answered {error.status}", maybe_delivered=True) from error
    except discord.HTTPException as error:
        if error.status == 429:
            raise RateLimited(_retry_after(error), _scope(error)) from error
        if error.status >= 500:
            raise TransientError(
                f"Discord answered {error.status}", maybe_delivered=True
            ) from error
        raise PermanentError(_reason(error)) from error
    except (aiohttp.ClientConnectionError, ConnectionError) as error:
        raise TransientError(f"network error: {type(error).__name__}") from error
    except (aiohttp.ClientError, OSError, TimeoutError) as error:
        raise TransientError(
            f"network error: {type(error).__name__}", maybe_delivered=True
        ) from error


def _scope(error: discord.HTTPException) -> RateScope:
    """Discord's global limit holds back every request of the bot; any other, the route."""
    headers = error.response.headers if error.response is not None else {}
    return RateScope.GLOBAL if headers.get("X-RateLimit-Global") == "true" else RateScope.TARGET


def _reason(error: discord.HTTPException) -> str:
    known = _REASONS.get(error.code)
    if known:
        return known
    detail = f": {error.text}" if error.text else ""
    return f"Discord refused ({error.status}, code {error.code}){detail}"[:REASON_LIMIT]


def _retry_after(error: discord.HTTPException) -> float:
    header = error.response.headers.get("Retry-After") if error.response is not None else None
    try:
        return float(header) if header else DEFAULT_RETRY_AFTER
    except ValueError:
        return DEFAULT_RETRY_AFTER
