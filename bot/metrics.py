"""The core's Metrics port on Prometheus: deliveries by outcome and platform, how late posts
go out, claims taken over, 429s, command latency, active schedules, and the Slack token cache.

Each process keeps its own registry (not prometheus_client's global one), so that tests and
benchmarks can run several bots side by side. `/metrics` on the health port serves it.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    ProcessCollector,
    generate_latest,
)

from core.kernel.platform import Platform
from core.metrics import DeliveryOutcome

# A post is on time within seconds, late when the bot was down or held back (up to the grace
# window, 2 hours by default).
LATENESS_BUCKETS = (0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 7200)
COMMAND_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5)
GAUGE_EVERY = 10.0  # seconds between counts of the active schedules, however often scraped

ActiveCounts = Callable[[], Awaitable[dict[Platform, int]]]


class PrometheusMetrics:
    def __init__(
        self,
        registry: CollectorRegistry | None = None,
        *,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.registry = registry or CollectorRegistry()
        self.monotonic = monotonic
        ProcessCollector(registry=self.registry)  # memory, CPU, open files of this process
        self.deliveries = Counter(
            "prepbot_deliveries",
            "Scheduled delivery attempts, by how they ended.",
            ("platform", "outcome"),
            registry=self.registry,
        )
        self.lateness = Histogram(
            "prepbot_delivery_lateness_seconds",
            "How long after its time a scheduled post went out.",
            ("platform",),
            buckets=LATENESS_BUCKETS,
            registry=self.registry,
        )
        self.takeovers = Counter(
            "prepbot_claims_taken_over",
            "Claims of a stopped worker taken over after their lease expired.",
            ("platform",),
            registry=self.registry,
        )
        self.rate_limits = Counter(
            "prepbot_rate_limited",
            "429 answers from the platform to scheduled posts.",
            ("platform",),
            registry=self.registry,
        )
        self.commands = Histogram(
            "prepbot_command_seconds",
            "Time the core took to answer a command or a button.",
            ("command",),
            buckets=COMMAND_BUCKETS,
            registry=self.registry,
        )
        self.active_schedules = Gauge(
            "prepbot_active_schedules",
            "Schedules running (not paused), by platform.",
            ("platform",),
            registry=self.registry,
        )
        self.token_lookups = Counter(
            "prepbot_slack_token_lookups",
            "Slack bot token lookups by workspace: answered from the cache (hit) or the store.",
            ("result",),
            registry=self.registry,
        )
        self._active: ActiveCounts | None = None
        self._counted_at: float | None = None

    # the core's port ------------------------------------------------------------------

    def delivery(
        self, platform: Platform, outcome: DeliveryOutcome, lateness: float | None = None
    ) -> None:
        self.deliveries.labels(platform.value, outcome.value).inc()
        if lateness is not None:
            self.lateness.labels(platform.value).observe(lateness)

    def takeover(self, platform: Platform) -> None:
        self.takeovers.labels(platform.value).inc()

    def rate_limited(self, platform: Platform) -> None:
        self.rate_limits.labels(platform.value).inc()

    def command(self, name: str, seconds: float) -> None:
        self.commands.labels(name).observe(seconds)

    # the bot's own ---------------------------------------------------------------------

    def token_lookup(self, hit: bool) -> None:
        self.token_lookups.labels("hit" if hit else "miss").inc()

    def count_active_with(self, active: ActiveCounts) -> None:
        """Where the active-schedule gauge is read from, at most every GAUGE_EVERY seconds."""
        self._active = active

    async def page(self) -> tuple[bytes, str]:
        """The text a scrape gets, and its content type."""
        now = self.monotonic()
        if self._active is not None and (
            self._counted_at is None or now - self._counted_at >= GAUGE_EVERY
        ):
            self._counted_at = now
            counts = await self._active()
            for platform in Platform:
                self.active_schedules.labels(platform.value).set(counts.get(platform, 0))
        return generate_latest(self.registry), CONTENT_TYPE_LATEST
