"""How Slack reaches the app: HTTP on /slack/events (with /healthz), or a Socket Mode connection."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aiohttp import web
from slack_bolt.async_app import AsyncApp
from slack_sdk.errors import SlackApiError

from bot.slack_adapter.errors import SlackStartError

if TYPE_CHECKING:  # Socket Mode's client is imported only by a bot that connects with it
    from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"


def web_app(app: AsyncApp, port: int) -> web.Application:
    """Bolt's own aiohttp application for the events path, plus a health check."""
    application = app.web_app(path=EVENTS_PATH, port=port)
    application.router.add_get(HEALTH_PATH, _healthz)
    return application


async def _healthz(_request: web.Request) -> web.Response:
    return web.json_response({"ok": True})


class HttpServer:
    def __init__(self, application: web.Application, host: str, port: int) -> None:
        self.runner = web.AppRunner(application, access_log=None)
        self.host = host
        self.port = port

    async def start(self) -> None:
        await self.runner.setup()
        site = web.TCPSite(self.runner, self.host, self.port)
        try:
            await site.start()
        except OSError as error:
            await self.runner.cleanup()
            raise SlackStartError(
                f"Cannot listen on {self.host}:{self.port} ({error.strerror}); "
                "set SLACK_PORT to a free port."
            ) from None

    async def stop(self) -> None:
        await self.runner.cleanup()


class SocketModeServer:
    # Bolt's Socket Mode handler carries no annotations, hence the ignores below.
    def __init__(self, app: AsyncApp, app_token: str) -> None:
        from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

        self.handler: AsyncSocketModeHandler = AsyncSocketModeHandler(app, app_token)

    async def start(self) -> None:
        # The client retries a refused token forever in the background; asking for the
        # connection URL first (which connect() then uses) makes a bad token an error here.
        client = self.handler.client
        try:
            client.wss_uri = await client.issue_new_wss_url()
        except SlackApiError as error:
            await self.handler.close_async()  # type: ignore[no-untyped-call]
            raise SlackStartError(
                f"Slack refused SLACK_APP_TOKEN ({error.response.get('error')}); it must be an "
                "app-level token (xapp-…) with the connections:write scope."
            ) from None
        await self.handler.connect_async()  # type: ignore[no-untyped-call]

    async def stop(self) -> None:
        await self.handler.close_async()  # type: ignore[no-untyped-call]
