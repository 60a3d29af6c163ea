"""The composition root: settings → store → core → dispatcher → adapter, wired in one place."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import UTC
from typing import TYPE_CHECKING

from bot.adapter import Adapter
from bot.charts import PooledCharts
from bot.compose import build_handler
from bot.errors import StartupError
from bot.extras import require, require_database_driver, require_platform
from bot.gc_freeze import Freezer
from bot.lazy_store import LazyStore
from bot.settings import Settings
from bot.stop_signals import StopSignals
from bot.ticker import Scheduler, Ticker
from core.commands.handler import CommandHandler
from core.content.loader import Content, load_content
from core.kernel.clock import Clock, utc_now
from core.kernel.platform import Platform
from core.messenger import Messenger
from core.metrics import NO_METRICS
from core.roles.catalog import Catalog

# The database, the dispatcher, the scheduler, the metrics, the health server and the
# terminal's renderer are imported where they are built, so that a process that needs none of
# them (`prepbot ask "/compare …"`) does not load them, and a served bot loads only its own.
if TYPE_CHECKING:
    from rich.console import Console
    from sqlalchemy.ext.asyncio import AsyncEngine

    from bot.grader import OpenAIGrader
    from bot.health import HealthServer
    from bot.metrics import PrometheusMetrics
    from core.dispatch.dispatcher import Dispatcher
    from core.store.store import Store

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Services:
    settings: Settings
    content: Content
    store: LazyStore
    handler: CommandHandler
    clock: Clock
    metrics: PrometheusMetrics | None  # None where no one reads them: a one-off `ask`
    freezer: Freezer


async def open_database(settings: Settings) -> AsyncEngine:
    """An engine on a database whose schema is up to date; StartupError saying why not."""
    from sqlalchemy.exc import SQLAlchemyError

    from core.store.database import create_engine

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
    from bot.schema import is_current as schema_is_current

    try:
        if not await schema_is_current(engine):
            from core.store.migrate import upgrade

            await upgrade(engine)
    except (OSError, SQLAlchemyError) as error:
        await engine.dispose()
        raise StartupError(f"Cannot open the database: {error}") from error
    return engine


async def open_store(settings: Settings) -> Store:
    from bot.console_adapter.identity import adopt_old_console_data
    from core.store.store import Store

    store = Store(await open_database(settings))
    # On any platform: `prepbot ask` is the console whatever the bot serves.
    await adopt_old_console_data(store)
    return store


@contextlib.asynccontextmanager
async def open_services(
    settings: Settings, clock: Clock = utc_now, *, metrics: PrometheusMetrics | None = None
) -> AsyncIterator[Services]:
    """Content, store and handler. The store opens on its first use, so a command that reads
    only the content never touches the database; `run` opens it before serving."""
    content = load_content(settings.content_dir)
    store = LazyStore(lambda: open_store(settings))
    charts = PooledCharts()  # its worker starts with the first chart
    if metrics is not None:
        metrics.count_active_with(store.schedules.active)
    grader = build_grader(settings)
    handler = build_handler(
        Catalog(content),
        store,
        clock,
        summary_at=settings.summary_at,
        metrics=metrics or NO_METRICS,
        grader=grader,
        grader_per_hour=settings.grader_per_hour,
        charts=charts,
    )
    try:
        yield Services(settings, content, store, handler, clock, metrics, Freezer())
    finally:
        charts.close()
        if grader is not None:
            await grader.close()
        await store.close()


def build_grader(settings: Settings) -> OpenAIGrader | None:
    """The grader client when GRADER_URL is set; None (no feedback, nothing sent) otherwise."""
    if settings.grader_url is None or settings.grader_model is None:
        return None
    require("grader", "openai")
    from bot.grader import GraderConfig, OpenAIGrader

    key = settings.grader_api_key.get_secret_value() if settings.grader_api_key else None
    config = GraderConfig(
        settings.grader_url, settings.grader_model, key, settings.grader_timeout_seconds
    )
    return OpenAIGrader(config)


def build_dispatcher(services: Services, messengers: dict[Platform, Messenger]) -> Dispatcher:
    from core.dispatch.dispatcher import Dispatcher

    settings = services.settings
    return Dispatcher(
        services.store.opened(),
        services.content,
        messengers,
        services.clock,
        policy=settings.dispatch_policy,
        limits=settings.send_limits,
        metrics=services.metrics or NO_METRICS,
    )


def build_adapter(services: Services, console: Console | None) -> Adapter:
    """The adapter for the configured platform (Slack, Discord, else the console)."""
    settings = services.settings
    require_platform(settings.platform)
    if settings.platform is Platform.SLACK:
        from bot.slack_adapter.adapter import SlackAdapter

        return SlackAdapter(
            services.handler,
            settings,
            store=services.store.opened(),
            lookups=services.metrics,
            clock=services.clock,
            after_chart=services.freezer.after_chart,
        )
    if settings.platform is Platform.DISCORD:
        from bot.discord_adapter.adapter import DiscordAdapter

        return DiscordAdapter(services.handler, settings)
    from rich.console import Console

    from bot.console_adapter.repl import ConsoleAdapter

    settings.data_dir.mkdir(parents=True, exist_ok=True)
    return ConsoleAdapter(services.handler, console or Console(), settings.data_dir)


AdapterFactory = Callable[[Services, "Console | None"], Adapter]
SchedulerFactory = Callable[[], Scheduler]


SHUTDOWN_SECONDS = 7.0  # within Docker's default 10 s between SIGTERM and SIGKILL


def asyncio_scheduler() -> Scheduler:
    from apscheduler.schedulers.asyncio import AsyncIOScheduler

    scheduler: Scheduler = AsyncIOScheduler(timezone=UTC)
    return scheduler


async def run(
    settings: Settings,
    console: Console | None = None,
    *,
    clock: Clock = utc_now,
    scheduler_factory: SchedulerFactory = asyncio_scheduler,
    adapter_factory: AdapterFactory = build_adapter,
    stop: StopSignals | None = None,
) -> None:
    """Serve until the adapter is done, or SIGTERM / SIGINT: then claim nothing more, let
    what is in flight finish or go back for another replica, and return. `console` is where
    the console adapter talks (a new terminal console when None). `stop`: the signals as the
    command line already hears them; without it they are heard from here on."""
    with contextlib.ExitStack() as stack:
        signals = stop or stack.enter_context(StopSignals().installed())
        await _serve(settings, console, clock, scheduler_factory, adapter_factory, signals)


async def _serve(
    settings: Settings,
    console: Console | None,
    clock: Clock,
    scheduler_factory: SchedulerFactory,
    adapter_factory: AdapterFactory,
    signals: StopSignals,
) -> None:
    from bot.health import serve_health

    stopped = signals.stopped()
    # The counters are read only through /metrics on the health port: none are kept (and
    # prometheus_client is not loaded) without it.
    metrics: PrometheusMetrics | None = None
    if settings.health_port is not None:
        from bot.metrics import PrometheusMetrics

        metrics = PrometheusMetrics()
    async with (
        open_services(settings, clock, metrics=metrics) as services,
        serve_health(settings.health_port) as health,
    ):
        await services.store.open()  # reachable and migrated before anything is served
        adapter = adapter_factory(services, console)
        # The schedule command asks the platform whether the bot can post in a channel.
        services.handler.connect_channels(adapter.messenger)
        dispatcher = build_dispatcher(services, {adapter.messenger.platform: adapter.messenger})
        _watch(health, services, adapter, metrics)
        if stopped.done():
            return  # asked to stop while starting: nothing is served, nothing claimed
        await adapter.start()
        ticker: Ticker | None = None
        try:
            if stopped.done():
                return  # asked as the adapter started: it stops before any claim
            # The clock starts once the adapter is ready, so no tick sends through a
            # messenger that has not yet checked its credentials.
            ticker = Ticker(dispatcher, scheduler_factory(), settings.tick_seconds, clock)
            ticker.start()
            # What start-up loaded (modules, content, the schema) lives as long as the
            # process; frozen, the collector's full passes skip it instead of holding the
            # loop to walk it.
            services.freezer.freeze()
            closed = asyncio.ensure_future(adapter.wait_closed())
            await asyncio.wait({closed, stopped}, return_when=asyncio.FIRST_COMPLETED)
            closed.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await closed
        finally:
            if ticker is not None:
                await ticker.stop(within=SHUTDOWN_SECONDS)
            await adapter.stop()
            services.freezer.unfreeze()


def _watch(
    health: HealthServer | None,
    services: Services,
    adapter: Adapter,
    metrics: PrometheusMetrics | None,
) -> None:
    """What the operator's endpoint reports: the metrics, and readiness (the database answers,
    the adapter is connected)."""
    if health is None:
        return

    async def platform() -> bool:
        return adapter.ready()

    if metrics is not None:
        health.metrics = metrics.page
    health.checks = {"database": services.store.ping, "platform": platform}
