"""Which bot token calls Slack for a workspace: the one SLACK_BOT_TOKEN names (one workspace),
or the installing workspace's own (installs.py, for the OAuth flow); and what Slack said of
each token when Bolt asked (`auth.test`), kept within bounds."""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Protocol

from slack_bolt.authorization import AuthorizeResult

CAPACITY = 50_000  # tokens whose answer is kept: one a workspace, as installs.py keeps


class Tokens(Protocol):
    async def bot_token(self, workspace: str) -> str | None:
        """The token for a workspace (team id); None where the app is not installed."""

    def forget(self, workspace: str) -> None:
        """Slack refused the token: look it up afresh next time."""


class SingleWorkspace:
    """SLACK_BOT_TOKEN: one token, for the workspace it belongs to (known once `auth.test`
    has answered at start-up)."""

    def __init__(self, token: str, team_id: str | None = None) -> None:
        self.token = token
        self.team_id = team_id

    async def bot_token(self, workspace: str) -> str | None:
        return self.token if self.team_id in (None, workspace) else None

    def forget(self, workspace: str) -> None:
        return None  # there is no other token to find


class AuthAnswers(OrderedDict[str, AuthorizeResult]):
    """What `auth.test` said of each bot token, kept for Bolt's authorization (which asks it on
    every request otherwise): at most `capacity` tokens, the least recently used forgotten
    first, and each answer for `ttl` seconds (SLACK_TOKEN_CACHE_SECONDS), so that a workspace
    that removed the app is not authorised for ever by an old answer.

    Bolt reads it as a dict: `token in answers`, then `answers[token]`, then stores a new one.
    The membership test is where an entry expires, so the read right after it always finds it.
    """

    def __init__(
        self, ttl: float, capacity: int = CAPACITY, clock: Callable[[], float] = time.monotonic
    ) -> None:
        super().__init__()
        self.ttl = ttl
        self.capacity = capacity
        self.clock = clock
        self._expires: dict[str, float] = {}

    def __contains__(self, token: object) -> bool:
        if not isinstance(token, str) or not super().__contains__(token):
            return False
        if self._expires[token] <= self.clock():
            del self[token]
            return False
        self.move_to_end(token)
        return True

    def __setitem__(self, token: str, answer: AuthorizeResult) -> None:
        super().__setitem__(token, answer)
        self.move_to_end(token)
        self._expires[token] = self.clock() + self.ttl
        while len(self) > self.capacity:
            del self[next(iter(self))]

    def __delitem__(self, token: str) -> None:
        super().__delitem__(token)
        self._expires.pop(token, None)
