"""Which bot token calls Slack for a workspace: the one SLACK_BOT_TOKEN names (one workspace),
or the installing workspace's own (installs.py, for the OAuth flow)."""

from __future__ import annotations

from typing import Protocol


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
