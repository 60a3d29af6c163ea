"""Drawing a chart off the event loop: in a worker thread, in a process pool, or with the bot's
chart renderer (bot/charts.py: one worker process), next to drawing it on the loop itself.
Run: `.venv/bin/python -m bench.bench_chart`.

Each mode draws every compensation chart the content allows (each role alone and each pair),
`--rounds` times, 4 at a time, with nothing kept between draws, while a monitor measures how late
the loop wakes up (the renderer keeps nothing here). A process pool's first draw pays for
starting a worker and loading matplotlib there; it is reported apart, with the worker's memory.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import statistics
import time
from collections.abc import Awaitable, Callable, Sequence
from concurrent.futures import ProcessPoolExecutor

from bench.loop_lag import LoopLag
from bench.slack_server import rss_kb
from bot.charts import PooledCharts
from core.content.loader import load_content
from core.content.models import Role
from core.roles.chart import _draw, pay_rows, source_lines

Draw = Callable[[Sequence[Role]], Awaitable[bytes | None]]
AT_ONCE = 4
ARTICLES = load_content().articles


def fresh_chart(roles: Sequence[Role]) -> bytes | None:
    """The chart's PNG, drawn now (what `compensation_chart` does in the renderer's worker)."""
    rows = pay_rows(roles, ARTICLES)
    return _draw(rows, roles, source_lines(rows, ARTICLES)) if rows else None


async def measure(draw: Draw, charts: list[tuple[Role, ...]], rounds: int) -> dict[str, float]:
    lag = LoopLag(interval=0.001)
    lag.start()
    await asyncio.sleep(0.05)
    lag.reset()
    latencies: list[float] = []
    queue = [roles for _ in range(rounds) for roles in charts]

    async def worker() -> None:
        while queue:
            roles = queue.pop()
            start = time.perf_counter()
            assert await draw(roles) is not None
            latencies.append((time.perf_counter() - start) * 1000)
            await asyncio.sleep(0)  # as between requests: other callbacks get their turn

    start, cpu = time.perf_counter(), time.process_time()
    await asyncio.gather(*(worker() for _ in range(AT_ONCE)))
    seconds = time.perf_counter() - start
    await asyncio.sleep(0.01)  # the monitor's last wake-up, late if the loop was held
    result = {
        "charts/s": len(latencies) / seconds,
        "median ms": statistics.median(latencies),
        "loop late max ms": lag.max_ms,
        "loop late p99 ms": lag.quantile_ms(0.99),
        "CPU ms/chart (this process)": (time.process_time() - cpu) * 1000 / len(latencies),
    }
    await lag.stop()
    return result


async def run(rounds: int) -> tuple[dict[str, dict[str, float]], dict[str, float]]:
    roles = list(load_content().roles.values())
    every: list[tuple[Role, ...]] = [(r,) for r in roles]
    every += itertools.permutations(roles, 2)
    charts = [chosen for chosen in every if pay_rows(chosen, ARTICLES)]

    async def on_loop(chosen: Sequence[Role]) -> bytes | None:
        return fresh_chart(chosen)

    async def in_thread(chosen: Sequence[Role]) -> bytes | None:
        return await asyncio.to_thread(fresh_chart, chosen)

    loop = asyncio.get_running_loop()
    results = {
        "on the event loop": await measure(on_loop, charts, rounds),
        "asyncio.to_thread": await measure(in_thread, charts, rounds),
    }
    renderer = PooledCharts(capacity=0)
    await renderer.compensation(charts[0], ARTICLES)  # starts its worker

    async def with_renderer(chosen: Sequence[Role]) -> bytes | None:
        chart = await renderer.compensation(chosen, ARTICLES)
        return chart.png if chart else None

    results["the bot's renderer, 1 worker process"] = await measure(with_renderer, charts, rounds)
    renderer.close()
    with ProcessPoolExecutor(max_workers=2) as pool:
        start = time.perf_counter()
        await loop.run_in_executor(pool, fresh_chart, charts[0])
        first_ms = (time.perf_counter() - start) * 1000

        async def in_process(chosen: Sequence[Role]) -> bytes | None:
            return await loop.run_in_executor(pool, fresh_chart, chosen)

        results["process pool, 2 workers"] = await measure(in_process, charts, rounds)
        workers = [rss_kb(pid) / 1024 for pid in pool._processes]  # no public accessor
    return results, {"first draw ms": first_ms, "worker RSS MB": max(workers)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    results, pool = asyncio.run(run(args.rounds))
    columns = list(next(iter(results.values())))
    print("| where the chart is drawn | " + " | ".join(columns) + " |")
    print("|---|" + "---:|" * len(columns))
    for name, figures in results.items():
        print(f"| {name} | " + " | ".join(f"{figures[c]:.1f}" for c in columns) + " |")
    print(
        f"\nProcess pool: first draw {pool['first draw ms']:.0f} ms (a worker starts and loads "
        f"the chart code); each worker holds {pool['worker RSS MB']:.0f} MB."
    )


if __name__ == "__main__":
    main()
