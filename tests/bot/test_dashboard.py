"""The Grafana dashboard in docs/ charts what the bot exposes on /metrics, all of it, and
nothing it does not expose."""

from __future__ import annotations

import json
import re
from pathlib import Path

from prometheus_client import generate_latest
from prometheus_client.parser import text_string_to_metric_families

from bot.metrics import PrometheusMetrics
from core.kernel.platform import Platform
from core.metrics import DeliveryOutcome

DASHBOARD = Path(__file__).resolve().parents[2] / "docs" / "grafana-dashboard.json"
NAME = re.compile(r"\b((?:prepbot|process)_[a-z_]+)")
SUFFIXES = ("_total", "_bucket", "_count", "_sum")


def exposed() -> set[str]:
    """Every sample name /metrics serves once each kind of event has happened."""
    metrics = PrometheusMetrics()
    metrics.delivery(Platform.SLACK, DeliveryOutcome.SENT, 3.0)
    metrics.takeover(Platform.SLACK)
    metrics.rate_limited(Platform.SLACK)
    metrics.command("compare", 0.001)
    metrics.token_lookup(True)
    metrics.active_schedules.labels("slack").set(1)
    text = generate_latest(metrics.registry).decode()
    return {s.name for f in text_string_to_metric_families(text) for s in f.samples}


def charted() -> set[str]:
    data = json.loads(DASHBOARD.read_text())
    queries = [t["expr"] for p in data["panels"] for t in p["targets"]]
    queries.append(data["templating"]["list"][0]["query"])
    return {name for query in queries for name in NAME.findall(query)}


def test_every_charted_metric_is_exposed() -> None:
    assert charted() - exposed() == set()


def test_every_prepbot_metric_is_charted() -> None:
    families = {name.removesuffix(s) for name in charted() for s in SUFFIXES if name.endswith(s)}
    families |= charted()
    ours = {name for name in exposed() if name.startswith("prepbot_") and "_created" not in name}
    missing = {n for n in ours if not any(n.startswith(f) for f in families)}
    assert missing == set()
