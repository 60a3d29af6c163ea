"""Shared fixtures: the real content, a real migrated SQLite file, a settable clock, a chart
renderer that draws nothing (and the real one, for the tests that look at the pictures)."""

from __future__ import annotations

import asyncio
import io
import os
import random
import shutil
import socket
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.charts import PooledCharts
from bot.compose import build_handler
from core.commands.handler import CommandHandler
from core.content.loader import Content, load_content
from core.kernel.identity import Caller
from core.kernel.platform import Platform
from core.roles.catalog import Catalog
from core.store.database import create_engine, sqlite_url
from core.store.migrate import upgrade
from core.store.store import Store
from tests.fake_charts import FakeCharts


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Across several workers (pytest-xdist), the fault suites go first: their tests mostly
    wait out outages and leases, up to a minute and more each, so they start early, spread
    over the workers, and the rest fills in around them. In one process the order stays."""
    if os.environ.get("PYTEST_XDIST_WORKER") is not None:
        items.sort(key=lambda item: item.get_closest_marker("faults") is None)


class FakeClock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


@pytest.fixture(scope="session")
def content() -> Content:
    return load_content()


@pytest.fixture(scope="session")
def catalog(content: Content) -> Catalog:
    return Catalog(content)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 11, 23, 8, 0, tzinfo=UTC))


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file the migrations have brought to head, made once per session: each test's
    store starts from a copy of it (tests of the migrations themselves run them for real)."""
    path = tmp_path_factory.mktemp("template") / "prepbot.sqlite3"
    asyncio.run(_migrate(path))
    return path


async def _migrate(path: Path) -> None:
    engine = create_engine(sqlite_url(path))
    try:
        await upgrade(engine)
        async with engine.connect() as connection:
            # everything into the main file, so that copying that one file copies it all
            await connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        await engine.dispose()


@pytest.fixture(scope="session")
def charts_ready() -> None:
    """What a process's first charts load, loaded once: matplotlib with its fonts and Agg
    canvas. Paid inside a
    test, that second or so counts against the two seconds an adapter waits before it
    defers its answer."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(1, 1))
    FigureCanvasAgg(figure)
    figure.text(0.5, 0.5, "ready")
    figure.savefig(io.BytesIO(), format="png")


@pytest.fixture
async def store(tmp_path: Path, migrated_sqlite: Path) -> AsyncIterator[Store]:
    path = tmp_path / "prepbot.sqlite3"
    shutil.copyfile(migrated_sqlite, path)
    store = Store(create_engine(sqlite_url(path)))
    yield store
    await store.close()


@pytest.fixture(scope="session")
def pooled_charts() -> Iterator[PooledCharts]:
    """The bot's renderer: one worker process for the session, started by the first chart."""
    charts = PooledCharts()
    yield charts
    charts.close()


@pytest.fixture
def charts() -> FakeCharts:
    return FakeCharts()


@pytest.fixture
def handler(catalog: Catalog, store: Store, clock: FakeClock, charts: FakeCharts) -> CommandHandler:
    return build_handler(catalog, store, clock, random.Random(7), charts=charts)


@pytest.fixture
def caller() -> Caller:
    return Caller(platform=Platform.CONSOLE, workspace="local", user="ada", channel="study")


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail any test that tries to reach beyond this machine."""
    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: Any) -> Any:
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and not (
            host.startswith("127.") or host in ("localhost", "::1") or host.startswith("/")
        ):
            raise RuntimeError(f"test tried to reach the network: {address!r}")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)
