"""The bot's chart renderer: charts drawn in a worker process (this one never loads matplotlib),
the last few compensation charts kept, and a worker that died replaced."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bot.charts import PooledCharts
from core.content.loader import Content
from tests.conftest import FakeClock


def _drawn_here(charts: PooledCharts, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Draw in this process, recording what: for the tests of what is kept."""
    drawn: list[str] = []

    async def run(function: Any, *args: Any) -> Any:
        drawn.append(" ".join(role.id for role in args[0]))
        return function(*args)

    monkeypatch.setattr(charts, "_run", run)
    return drawn


async def test_a_chart_is_drawn_once_and_then_kept(
    content: Content, monkeypatch: pytest.MonkeyPatch
) -> None:
    charts = PooledCharts()
    drawn = _drawn_here(charts, monkeypatch)
    roles = [content.roles["netflix-pmm"], content.roles["netflix-pm"]]
    first = await charts.compensation(roles, content.articles)
    again = await charts.compensation(roles, content.articles)
    assert first is not None
    assert again is first
    assert drawn == ["netflix-pmm netflix-pm"]
    assert charts.drawn == 1


async def test_only_the_last_charts_asked_for_are_kept(
    content: Content, monkeypatch: pytest.MonkeyPatch
) -> None:
    charts = PooledCharts(capacity=2)
    drawn = _drawn_here(charts, monkeypatch)
    for role_id in ("netflix-pm", "amazon-pm", "netflix-pm", "netflix-pmm", "amazon-pm"):
        assert await charts.compensation([content.roles[role_id]], content.articles)
    # netflix-pm was asked for again before netflix-pmm came, so amazon-pm went first.
    assert drawn == ["netflix-pm", "amazon-pm", "netflix-pmm", "amazon-pm"]


def test_charts_are_drawn_in_a_worker_and_this_process_never_loads_matplotlib() -> None:
    probe = (
        "import asyncio, os, sys\n"
        "from bot.charts import PooledCharts\n"
        "from core.content.loader import load_content\n"
        "content = load_content()\n"
        "async def main():\n"
        "    charts = PooledCharts()\n"
        "    pair = [content.roles['netflix-pm'], content.roles['amazon-pm']]\n"
        "    chart = await charts.compensation(pair, content.articles)\n"
        "    worker = await charts.in_worker(os.getpid)\n"
        "    charts.close()\n"
        "    here = os.getpid()\n"
        "    print(chart.png[:4] == b'\\x89PNG', worker != here, 'matplotlib' in sys.modules)\n"
        "asyncio.run(main())\n"
    )
    root = Path(__file__).parents[2]
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=root, capture_output=True, text=True, check=True
    )
    assert done.stdout.split() == ["True", "True", "False"]


async def test_a_worker_that_died_is_replaced(
    pooled_charts: PooledCharts, clock: FakeClock
) -> None:
    pid = await pooled_charts.in_worker(os.getpid)
    os.kill(pid, signal.SIGKILL)
    today = clock().date()
    drawn = await pooled_charts.progress({today: 2}, {"execution": 0.8}, today)
    assert [chart.filename for chart in drawn] == ["practice-days.png", "retention.png"]
    assert await pooled_charts.in_worker(os.getpid) not in (pid, os.getpid())
