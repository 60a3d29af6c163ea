"""The Slack adapter as the runtime sees it: built from settings, a messenger, start and stop.

One workspace with SLACK_BOT_TOKEN, or any number through the OAuth flow with
SLACK_CLIENT_ID and SLACK_CLIENT_SECRET (oauth.py), each workspace calling with its own token.
Over HTTP the server also serves shared charts (chart_urls.py), any replica any chart by its
name, at SLACK_PUBLIC_URL or else at the address Slack's requests come to (public_url.py).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

import aiohttp
from aiohttp import web
from pydantic import SecretStr
from slack_bolt.async_app import AsyncApp
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
)
from slack_sdk.oauth.installation_store.sqlalchemy import AsyncSQLAlchemyInstallationStore
from slack_sdk.web.async_client import AsyncWebClient

from bot.settings import Settings
from bot.slack_adapter import oauth
from bot.slack_adapter.app import Listeners, register
from bot.slack_adapter.chart_urls import ChartUrls
from bot.slack_adapter.errors import SlackStartError
from bot.slack_adapter.installs import NO_LOOKUPS, Installations, Lookups
from bot.slack_adapter.messenger import SlackMessenger
from bot.slack_adapter.people import People
from bot.slack_adapter.public_url import learn_from_requests
from bot.slack_adapter.server import HttpServer, SocketModeServer, web_app
from bot.slack_adapter.session import SharedSession
from bot.slack_adapter.tokens import SingleWorkspace, Tokens
from core.commands.handler import CommandHandler
from core.kernel.clock import Clock, utc_now
from core.store.store import Store

log = logging.getLogger(__name__)

STOP_GRACE = 5.0
DEFAULT_HOST = "0.0.0.0"  # HTTP mode sits behind a load balancer or a tunnel


@dataclass(frozen=True)
class SlackConfig:
    # Kept out of repr so that no log line or traceback can show them.
    bot_token: str | None = field(repr=False)
    signing_secret: str = field(repr=False)
    app_token: str | None = field(repr=False)
    api_url: str
    port: int
    oauth: oauth.OAuthConfig | None = None
    token_cache_seconds: float = 300.0
    public_url: str | None = None  # where Slack reaches the app over HTTP

    @classmethod
    def from_settings(cls, settings: Settings) -> SlackConfig:
        bot_token = _secret(settings.slack_bot_token)
        app_token = _secret(settings.slack_app_token)
        signing_secret = _secret(settings.slack_signing_secret)
        installs = _oauth(settings)
        if bot_token is None and installs is None:
            raise SlackStartError(
                "SLACK_BOT_TOKEN is not set: copy the Bot User OAuth Token (xoxb-…) from the "
                "app's OAuth & Permissions page. (Or set SLACK_CLIENT_ID and "
                "SLACK_CLIENT_SECRET to install into many workspaces.)"
            )
        if bot_token is not None and installs is not None:
            raise SlackStartError(
                "Both SLACK_BOT_TOKEN and SLACK_CLIENT_ID are set: keep SLACK_BOT_TOKEN for one "
                "workspace, or the client id and secret to install into many, not both."
            )
        if installs is not None and (signing_secret is None or app_token is not None):
            raise SlackStartError(
                "Installing into many workspaces (SLACK_CLIENT_ID) runs over HTTP: set "
                "SLACK_SIGNING_SECRET and leave SLACK_APP_TOKEN unset."
            )
        if signing_secret is None and app_token is None:
            raise SlackStartError(
                "SLACK_SIGNING_SECRET is not set: HTTP mode needs it to check that requests "
                "come from Slack (Basic Information → App Credentials). "
                "Or set SLACK_APP_TOKEN to use Socket Mode."
            )
        return cls(
            bot_token,
            signing_secret or "",
            app_token,
            settings.slack_api_url,
            settings.slack_port,
            installs,
            settings.slack_token_cache_seconds,
            settings.slack_public_url,
        )


def web_client(config: SlackConfig, retry_handlers: list[AsyncRetryHandler]) -> AsyncWebClient:
    return AsyncWebClient(
        token=config.bot_token, base_url=config.api_url, retry_handlers=retry_handlers
    )


def build_app(
    config: SlackConfig, client: AsyncWebClient, installations: Installations | None = None
) -> AsyncApp:
    # The server runs for a long time, so Bolt answers as soon as a listener acknowledges
    # and lets the listener finish afterwards; True is meant for function-as-a-service hosts.
    if config.oauth is None or installations is None:
        return AsyncApp(
            name="prepbot",
            client=client,
            signing_secret=config.signing_secret,
            process_before_response=False,
        )
    return AsyncApp(
        name="prepbot",
        client=client,
        signing_secret=config.signing_secret,
        process_before_response=False,
        # Bolt takes an AsyncAuthorize instance here, though its annotation names a function.
        authorize=oauth.authorize(config.oauth, installations, client),  # type: ignore[arg-type]
        oauth_settings=oauth.oauth_settings(
            config.oauth, installations, installations.store.engine
        ),
    )


class SlackAdapter:
    """Translate Slack in, call the core, translate the reply out."""

    def __init__(
        self,
        handler: CommandHandler,
        settings: Settings,
        host: str = DEFAULT_HOST,
        *,
        store: Store | None = None,
        lookups: Lookups | None = None,
        clock: Clock = utc_now,
        after_chart: Callable[[], None] = lambda: None,
    ) -> None:
        """`after_chart`: called on the loop after each reply that carries charts."""
        self.config = SlackConfig.from_settings(settings)
        self.installations: Installations | None = None
        tokens: Tokens
        if self.config.oauth is not None:
            if store is None:
                raise SlackStartError("Installing into many workspaces needs the database.")
            sql = AsyncSQLAlchemyInstallationStore(self.config.oauth.client_id, store.engine)
            self.installations = Installations(
                sql, lookups or NO_LOOKUPS, ttl=self.config.token_cache_seconds
            )
            tokens = self.installations
        else:
            tokens = self.single = SingleWorkspace(self.config.bot_token or "")
        # Interactive calls may wait out one 429 themselves; scheduled posts may not, because
        # the dispatcher paces them and must know whether a post might have arrived.
        self.client = web_client(
            self.config, [AsyncConnectionErrorRetryHandler(), AsyncRateLimitErrorRetryHandler()]
        )
        self.messenger = SlackMessenger(web_client(self.config, []), tokens=tokens)
        self.people = People(self.client, tokens=tokens)
        # Scheduled posts keep a connection per call: the dispatcher must tell a post that was
        # refused from one that may have arrived, which a reused connection failing blurs.
        self.session = SharedSession((self.client,))
        self.app = build_app(self.config, self.client, self.installations)
        self.chart_urls = _chart_urls(self.config, handler, after_chart)
        if self.chart_urls is not None and self.chart_urls.base is None:
            self.app.use(learn_from_requests(self.chart_urls))
        self.listeners = register(
            self.app, Listeners(handler, self.people, self.session, self.chart_urls, after_chart)
        )
        self.lifecycle: oauth.Lifecycle | None = None
        if store is not None:
            self.lifecycle = oauth.Lifecycle(self.installations, store.schedules, clock)
            self.lifecycle.register(self.app, self.listeners.in_flight)
        self.host = host
        self._server: HttpServer | SocketModeServer | None = None
        self._web_app: web.Application | None = None

    def web_app(self) -> web.Application:
        """The HTTP application (also what tests and benchmarks drive)."""
        if self._web_app is None:
            self._web_app = web_app(self.app, self.config.port)
            if self.chart_urls is not None:
                self.chart_urls.route(self._web_app)
            self._web_app.on_startup.append(lambda _: self.session.open())
            self._web_app.on_cleanup.append(lambda _: self.session.close())
        return self._web_app

    async def start(self) -> None:
        await self.session.open()
        try:
            if self.installations is None:
                team_id = await self._check_token()
                self.single.team_id = self.messenger.team_id = team_id
                if self.lifecycle is not None:  # a token that works: the app is installed there
                    await self.lifecycle.installed([team_id])
                served = f"workspace {team_id}"
            else:
                served = "every workspace that installs it (/slack/install)"
            server: HttpServer | SocketModeServer
            if self.config.app_token is not None:
                server, mode = SocketModeServer(self.app, self.config.app_token), "Socket Mode"
            else:
                server = HttpServer(self.web_app(), self.host, self.config.port)
                mode = f"HTTP on port {self.config.port}"
            await server.start()
        except BaseException:
            await self.session.close()
            raise
        self._server = server
        log.info("Slack adapter serving %s over %s", served, mode)

    def ready(self) -> bool:
        return self._server is not None

    async def wait_closed(self) -> None:
        """Until cancelled: the servers run on their own tasks."""
        await asyncio.Event().wait()

    async def stop(self) -> None:
        # Replies already acknowledged still have follow-ups and uploads to send.
        await self.listeners.in_flight.drain(within=STOP_GRACE)
        if self._server is not None:
            await self._server.stop()
            self._server = None
        await self.session.close()

    async def _check_token(self) -> str:
        try:
            response = await self.messenger.client.auth_test()
        except SlackApiError as error:
            raise SlackStartError(
                f"Slack refused SLACK_BOT_TOKEN ({error.response.get('error')}); copy the Bot "
                "User OAuth Token again, or reinstall the app to the workspace."
            ) from None
        except (SlackClientError, aiohttp.ClientError, OSError, TimeoutError) as error:
            raise SlackStartError(
                f"Cannot reach the Slack Web API at {self.config.api_url} ({error}); "
                "check the network and SLACK_API_URL."
            ) from None
        return str(response["team_id"])


def _chart_urls(
    config: SlackConfig, handler: CommandHandler, after_chart: Callable[[], None]
) -> ChartUrls | None:
    """Shared charts by URL when Slack reaches this server over HTTP, at SLACK_PUBLIC_URL or
    else at the address its requests come to; a chart another replica showed is drawn here
    from its name."""
    if config.app_token is not None:
        if config.public_url is None:
            return None
        log.warning(
            "SLACK_PUBLIC_URL is ignored in Socket Mode (SLACK_APP_TOKEN is set): Slack does not "
            "reach the app over HTTP, so charts go to members' direct messages"
        )
        return None
    return ChartUrls(
        config.public_url,
        handler.shared_chart,
        secret=config.signing_secret,
        after_draw=after_chart,
    )


def _oauth(settings: Settings) -> oauth.OAuthConfig | None:
    client_id = (settings.slack_client_id or "").strip() or None
    secret = _secret(settings.slack_client_secret)
    if client_id is None and secret is None:
        return None
    if client_id is None or secret is None:
        missing = "SLACK_CLIENT_SECRET" if client_id else "SLACK_CLIENT_ID"
        raise SlackStartError(
            f"{missing} is not set: installing into many workspaces needs the app's Client ID "
            "and Client Secret (Basic Information → App Credentials)."
        )
    return oauth.OAuthConfig(client_id, secret, settings.slack_redirect_uri)


def _secret(value: SecretStr | None) -> str | None:
    return (value.get_secret_value().strip() or None) if value is not None else None
