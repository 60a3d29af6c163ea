"""The operator's endpoint: `/metrics` reflects deliveries, 429s, takeovers and commands as the
dispatcher and the command handler record them; `/readyz` names what is not ready."""

from __future__ import annotations

import asyncio
import itertools
import random
import urllib.error
import urllib.request
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families
from rich.console import Console

from bot.compose import build_handler
from bot.health import HealthServer
from bot.metrics import GAUGE_EVERY, PrometheusMetrics
from bot.runtime import Services, run
from bot.settings import Settings
from core.content.loader import Content
from core.dispatch.dispatcher import Dispatcher
from core.dispatch.policy import DispatchPolicy
from core.kernel.platform import Platform
from core.roles.catalog import Catalog
from core.store.store import Store
from tests.bot.test_health import Probe, ask
from tests.conftest import FakeClock
from tests.fakes import (
    Crash,
    FakeMessenger,
    RecordingSleep,
    channel_schedule,
    kill_other_tasks,
    person,
)

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


@pytest.fixture
def metrics() -> PrometheusMetrics:
    ticks = itertools.count(0, GAUGE_EVERY)  # each scrape comes a gauge period after the last
    return PrometheusMetrics(monotonic=lambda: float(next(ticks)))


@pytest.fixture
async def server(metrics: PrometheusMetrics, store: Store) -> AsyncIterator[HealthServer]:
    server = HealthServer(0, "127.0.0.1")
    await server.start()
    server.metrics = metrics.page
    metrics.count_active_with(store.schedules.active)
    yield server
    await server.stop()


async def scrape(server: HealthServer) -> Samples:
    answer = await ask(server.port, b"GET /metrics HTTP/1.1\r\n\r\n")
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200 OK")
    assert b"Content-Type: text/plain; version=" in head
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(body.decode())
        for sample in family.samples
    }


def value(samples: Samples, name: str, **labels: str) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


def dispatcher(
    store: Store, content: Content, clock: FakeClock, messenger: FakeMessenger, **options: object
) -> Dispatcher:
    return Dispatcher(
        store,
        content,
        {Platform.CONSOLE: messenger},
        clock,
        policy=DispatchPolicy(lease=timedelta(minutes=2)),
        sleep=RecordingSleep(),
        rng=random.Random(3),
        **options,  # type: ignore[arg-type]
    )


async def test_metrics_reflect_a_delivery_a_429_and_a_command(
    server: HealthServer,
    metrics: PrometheusMetrics,
    store: Store,
    content: Content,
    catalog: Catalog,
    clock: FakeClock,
) -> None:
    handler = build_handler(catalog, store, clock, random.Random(1), metrics=metrics)
    before = await scrape(server)
    assert value(before, "prepbot_deliveries_total", platform="console", outcome="sent") == 0

    await handler.handle("/compare netflix-pm amazon-pm", person("ada"))
    await handler.handle("/nonsense", person("ada"))
    at = clock() + timedelta(minutes=1)
    for target in ("study", "busy"):
        await store.schedules.add(channel_schedule(clock(), target=target, at=at.time()))
    messenger = FakeMessenger()
    messenger.rate_limit(30, target="busy")
    clock.advance(minutes=1, seconds=20)
    report = await dispatcher(store, content, clock, messenger, metrics=metrics).tick()
    assert (report.sent, report.postponed) == (1, 1)

    after = await scrape(server)
    sent = value(after, "prepbot_deliveries_total", platform="console", outcome="sent")
    postponed = value(after, "prepbot_deliveries_total", platform="console", outcome="postponed")
    assert (sent, postponed) == (1, 1)
    assert value(after, "prepbot_rate_limited_total", platform="console") == 1
    assert value(after, "prepbot_delivery_lateness_seconds_count", platform="console") == 1
    # Sent 20 s after its minute: inside the 30 s bucket, outside the 10 s one.
    late = "prepbot_delivery_lateness_seconds_bucket"
    assert value(after, late, platform="console", le="30.0") == 1
    assert value(after, late, platform="console", le="10.0") == 0
    assert value(after, "prepbot_command_seconds_count", command="compare") == 1
    assert value(after, "prepbot_command_seconds_count", command="unknown") == 1
    assert value(after, "prepbot_active_schedules", platform="console") == 2


async def test_a_claim_taken_over_after_its_worker_died_is_counted(
    server: HealthServer,
    metrics: PrometheusMetrics,
    store: Store,
    content: Content,
    clock: FakeClock,
) -> None:
    at = clock() + timedelta(minutes=1)
    await store.schedules.add(channel_schedule(clock(), at=at.time()))
    messenger = FakeMessenger()
    messenger.fail(Crash("killed"))
    clock.advance(minutes=1)
    with pytest.raises(Crash):
        await dispatcher(store, content, clock, messenger, worker="a").tick()
    await kill_other_tasks()
    messenger.revive()
    clock.advance(minutes=3)  # past the lease
    second = dispatcher(store, content, clock, messenger, worker="b", metrics=metrics)
    assert (await second.tick()).sent == 1
    samples = await scrape(server)
    assert value(samples, "prepbot_claims_taken_over_total", platform="console") == 1


async def test_readyz_names_what_is_not_ready(server: HealthServer, store: Store) -> None:
    starting = await ask(server.port, b"GET /readyz HTTP/1.1\r\n\r\n")
    assert starting.startswith(b"HTTP/1.1 503")
    assert starting.endswith(b"not ready: starting\n")
    connected = asyncio.Event()

    async def platform() -> bool:
        return connected.is_set()

    server.checks = {"database": store.ping, "platform": platform}
    waiting = await ask(server.port, b"GET /readyz HTTP/1.1\r\n\r\n")
    assert waiting.endswith(b"not ready: platform\n")
    connected.set()
    assert (await ask(server.port, b"GET /readyz HTTP/1.1\r\n\r\n")).startswith(b"HTTP/1.1 200")

    async def unreachable() -> bool:
        raise ConnectionRefusedError("the database went away")

    server.checks["database"] = unreachable
    gone = await ask(server.port, b"GET /readyz HTTP/1.1\r\n\r\n")
    assert gone.startswith(b"HTTP/1.1 503")
    assert gone.endswith(b"not ready: database\n")


class Watcher(Probe):
    """An adapter that, while the runtime runs it, reads the operator's endpoint."""

    def __init__(self, port: int) -> None:
        super().__init__(port)
        self.pages: dict[str, tuple[int, str]] = {}

    async def wait_closed(self) -> None:
        for path in ("/readyz", "/metrics"):
            self.pages[path] = await asyncio.to_thread(fetch, self.port, path)


def fetch(port: int, path: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as answer:
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


async def test_the_runtime_serves_readiness_and_metrics(tmp_path: Path) -> None:
    probe_server = HealthServer(0, "127.0.0.1")  # only to find a free port
    await probe_server.start()
    port = probe_server.port
    await probe_server.stop()
    watcher = Watcher(port)

    def build_adapter(services: Services, console: Console | None) -> Watcher:
        return watcher

    settings = Settings(data_dir=tmp_path, health_port=port, _env_file=None)
    await run(settings, Console(file=None), adapter_factory=build_adapter)
    assert watcher.pages["/readyz"] == (200, "ready\n")
    status, text = watcher.pages["/metrics"]
    assert status == 200
    assert 'prepbot_active_schedules{platform="console"} 0.0' in text
    assert "process_resident_memory_bytes" in text
