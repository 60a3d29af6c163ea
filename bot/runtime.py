"""The composition root: settings → store → core → dispatcher → adapter, wired in one place."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from rich.console import Console
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.adapter import Adapter
from bot.errors import StartupError
from bot.extras import require_database_driver, require_platform
from bot.health import serve_health
from bot.settings import Settings
from core.catalog import Catalog
from core.commands.handler import CommandHandler, utc_now
from core.content.loader import Content, load_content
from core.dispatch import Dispatcher, DispatchPolicy
from core.messenger import Messenger
from core.store.database import create_engine
from core.store.migrate import upgrade
from core.store.repository import Store

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Services:
    settings: Settings
    content: Content
    store: Store
    handler: CommandHandler


async def open_database(settings: Settings) -> AsyncEngine:
    """An engine on a database whose schema is up to date; StartupError saying why not."""
    require_database_driver(settings.database)
    try:
        engine = create_engine(settings.database)
    except ImportError as error:
        raise StartupError(
            "DATABASE_URL names a database prepbot has no driver for; "
            "use sqlite:///PATH or postgresql://USER@HOST/DB."
        ) from error
    except (OSError, SQLAlchemyError) as error:
        # The URL itself is left out of the message: it may hold a password.
        raise StartupError(f"Cannot open the database (DATABASE_URL, DATA_DIR): {error}") from error
    try:
        await upgrade(engine)
    except (OSError, SQLAlchemyError) as error:
        await engine.dispose()
        raise StartupError(f"Cannot open the database: {error}") from error
    return engine


@contextlib.asynccontextmanager
async def open_services(settings: Settings) -> AsyncIterator[Services]:
    content = load_content(settings.content_dir)
    store = Store(await open_database(settings))
    catalog = Catalog(content)
    handler = CommandHandler(catalog, store, utc_now, summary_hour=settings.summary_hour)
    try:
        yield Services(settings, content, store, handler)
    finally:
        await store.close()


class Ticker:
    """Runs the dispatcher for APScheduler, and lets a tick in progress finish at shutdown
    (APScheduler would cancel it, leaving claims to wait out their lease)."""

    def __init__(self, dispatcher: Dispatcher) -> None:
        self.dispatcher = dispatcher
        self._idle = asyncio.Event()
        self._idle.set()

    async def tick(self) -> None:
        self._idle.clear()
        try:
            await self.dispatcher.tick()
        finally:
            self._idle.set()

    async def finish(self, within: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._idle.wait(), within)


def build_dispatcher(services: Services, messengers: dict[str, Messenger]) -> Dispatcher:
    settings = services.settings
    policy = DispatchPolicy(
        grace=timedelta(minutes=settings.grace_minutes),
        lease=timedelta(seconds=settings.lease_seconds),
        concurrency=settings.send_concurrency,
    )
    rates = {"slack": settings.slack_rate_per_second, "discord": settings.discord_rate_per_second}
    return Dispatcher(
        services.store, services.content, messengers, utc_now, policy=policy, rates=rates
    )


def build_adapter(services: Services, console: Console) -> Adapter:
    settings = services.settings
    require_platform(settings.platform)
    if settings.platform == "slack":
        from bot.slack_adapter.adapter import SlackAdapter

        return SlackAdapter(services.handler, settings)
    if settings.platform == "discord":
        from bot.discord_adapter.adapter import DiscordAdapter

        return DiscordAdapter(services.handler, settings)
    from bot.console_adapter.repl import ConsoleAdapter

    settings.data_dir.mkdir(parents=True, exist_ok=True)
    return ConsoleAdapter(services.handler, console, settings.data_dir)


async def run(settings: Settings, console: Console) -> None:
    async with open_services(settings) as services, serve_health(settings.health_port):
        adapter = build_adapter(services, console)
        dispatcher = build_dispatcher(services, {adapter.messenger.platform: adapter.messenger})
        await adapter.start()
        # The clock starts once the adapter is ready, so no tick sends through a messenger
        # that has not yet checked its credentials.
        scheduler = AsyncIOScheduler(timezone=UTC)
        ticker = Ticker(dispatcher)
        scheduler.add_job(
            ticker.tick,
            "interval",
            seconds=settings.tick_seconds,
            next_run_time=datetime.now(UTC),
            max_instances=1,
            coalesce=True,
            id="dispatcher-tick",
        )
        scheduler.start()
        try:
            await adapter.wait_closed()
        finally:
            scheduler.pause()
            await ticker.finish(within=settings.tick_seconds)
            scheduler.shutdown(wait=False)
            await adapter.stop()
