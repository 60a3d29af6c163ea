"""One HTTP session (a pool of kept-alive connections) for the calls that answer members: the
interactive Web API client and response_url follow-ups. Without it, slack_sdk opens a session,
and a new connection, for each call."""

from __future__ import annotations

from collections.abc import Sequence

import aiohttp
from slack_sdk.web.async_client import AsyncWebClient

TIMEOUT = 30  # seconds, slack_sdk's own default for a call


class SharedSession:
    def __init__(self, clients: Sequence[AsyncWebClient]) -> None:
        self.clients = clients
        self.session: aiohttp.ClientSession | None = None

    async def open(self) -> None:
        """Start sharing; must run on the event loop that will make the calls."""
        if self.session is None or self.session.closed:
            self.session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=TIMEOUT))
        for client in self.clients:
            client.session = self.session

    async def close(self) -> None:
        for client in self.clients:
            client.session = None
        if self.session is not None:
            await self.session.close()
            self.session = None

    async def post_json(self, url: str, body: str) -> tuple[int, str]:
        """POST an encoded JSON body (a response_url message); the status and the answer."""
        if self.session is None:  # not serving yet: a session for this one call
            async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=TIMEOUT)) as own:
                return await _post(own, url, body)
        return await _post(self.session, url, body)


async def _post(session: aiohttp.ClientSession, url: str, body: str) -> tuple[int, str]:
    headers = {"Content-Type": "application/json;charset=utf-8"}
    async with session.post(url, data=body.encode(), headers=headers) as response:
        return response.status, await response.text()
