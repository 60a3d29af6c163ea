"""Installing into any number of workspaces: Bolt's OAuth flow (`/slack/install`,
`/slack/oauth_redirect`) on slack_sdk's SQLAlchemy installation and state stores, on the bot's
own database; and what removing the app or revoking its token does to a workspace.

Bolt authorises every request with the installing workspace's bot token (an organisation's,
for an Enterprise Grid organisation-wide install); the tokens are read through the cache in
installs.py, and `auth.test` answers are kept per token (a bounded number, for as long as the
tokens are: tokens.py), so a request costs no extra call.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from importlib.resources import files
from typing import Any

from slack_bolt.async_app import AsyncApp, AsyncBoltContext
from slack_bolt.authorization.async_authorize import AsyncInstallationStoreAuthorize
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_sdk.oauth.state_store.sqlalchemy import AsyncSQLAlchemyOAuthStateStore
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.slack_adapter.in_flight import InFlight
from bot.slack_adapter.installs import Installations, Where
from bot.slack_adapter.people import PLATFORM
from bot.slack_adapter.tokens import AuthAnswers
from core.kernel.clock import Clock
from core.ports import ScheduleStore
from core.scheduling.installs import installed, uninstalled

log = logging.getLogger(__name__)

STATE_SECONDS = 600  # an install link is good for ten minutes


def bot_scopes() -> list[str]:
    """The scopes an install asks for: the checked-in manifest's."""
    text = files("bot.slack_adapter").joinpath("manifest.json").read_text(encoding="utf-8")
    scopes: list[str] = json.loads(text)["oauth_config"]["scopes"]["bot"]
    return scopes


@dataclass(frozen=True)
class OAuthConfig:
    client_id: str
    client_secret: str = field(repr=False)
    redirect_uri: str | None = None


def oauth_settings(
    config: OAuthConfig, installations: Installations, engine: AsyncEngine
) -> AsyncOAuthSettings:
    return AsyncOAuthSettings(
        client_id=config.client_id,
        client_secret=config.client_secret,
        scopes=bot_scopes(),
        user_scopes=[],
        redirect_uri=config.redirect_uri,
        installation_store=installations,
        installation_store_bot_only=True,
        state_store=AsyncSQLAlchemyOAuthStateStore(
            expiration_seconds=STATE_SECONDS, engine=engine, logger=log
        ),
    )


def authorize(
    config: OAuthConfig, installations: Installations, client: AsyncWebClient
) -> AsyncInstallationStoreAuthorize:
    """Bolt's own authorisation from the installation store, with `auth.test` answers kept
    per token (Bolt asks it on every request otherwise) for as long as the tokens are."""
    authorization = AsyncInstallationStoreAuthorize(
        installation_store=installations,
        client_id=config.client_id,
        client_secret=config.client_secret,
        logger=log,
        bot_only=True,
        cache_enabled=True,
        client=client,
    )
    # Bolt's own cache is a plain dict, one entry per token for ever.
    authorization.authorize_result_cache = AuthAnswers(installations.ttl)
    return authorization


class Lifecycle:
    """Uninstalled or token revoked: the installation goes, the workspace's schedules pause.
    Installed again: they resume. With one workspace's SLACK_BOT_TOKEN (no `installations`)
    the same pause happens, and a start whose token Slack accepts counts as the install."""

    def __init__(
        self, installations: Installations | None, schedules: ScheduleStore, clock: Clock
    ) -> None:
        self.installations = installations
        self.schedules = schedules
        self.clock = clock
        if installations is not None:
            installations.on_installed = self.installed

    def register(self, app: AsyncApp, in_flight: InFlight) -> None:
        app.event("app_uninstalled")(in_flight.track(self.on_uninstalled))
        app.event("tokens_revoked")(in_flight.track(self.on_tokens_revoked))

    async def installed(self, workspaces: list[str]) -> None:
        for workspace in workspaces:
            resumed = await installed(self.schedules, PLATFORM, workspace, self.clock())
            if resumed:
                log.info("resumed %d schedule(s) in %s", resumed, workspace)

    async def on_uninstalled(self, context: AsyncBoltContext) -> None:
        where = _where(context)
        workspaces = await self._workspaces(where)
        if self.installations is not None:
            await self.installations.async_delete_all(
                enterprise_id=where.enterprise_id, team_id=where.team_id
            )
        await self._pause(workspaces)

    async def on_tokens_revoked(self, event: dict[str, Any], context: AsyncBoltContext) -> None:
        where = _where(context)
        tokens = event.get("tokens") or {}
        for user in tokens.get("oauth") or []:
            if self.installations is not None:
                await self.installations.async_delete_installation(
                    enterprise_id=where.enterprise_id, team_id=where.team_id, user_id=user
                )
        if tokens.get("bot"):
            workspaces = await self._workspaces(where)
            if self.installations is not None:
                await self.installations.async_delete_bot(
                    enterprise_id=where.enterprise_id, team_id=where.team_id
                )
            await self._pause(workspaces)

    async def _workspaces(self, where: Where) -> list[str]:
        if self.installations is not None:
            return await self.installations.workspaces(where)
        return [where.team_id] if where.team_id else []

    async def _pause(self, workspaces: list[str]) -> None:
        for workspace in workspaces:
            paused = await uninstalled(self.schedules, PLATFORM, workspace)
            log.info("removed from %s; paused %d schedule(s)", workspace, paused)


def _where(context: AsyncBoltContext) -> Where:
    return Where.of(context.enterprise_id, context.team_id, context.is_enterprise_install)
