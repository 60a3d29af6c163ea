"""The dispatcher beside the statements it stands on, on SQLite and on PostgreSQL, with a
month and a year of history; and its memory and start-up with 100,000 schedules stored.
Run: `.venv/bin/python -m bench.bench_dispatch` (`--help` for sizes).

1. Throughput: N due schedules (1,000 and 10,000 with 30 days of sent questions before
   today, 10,000 with 365 days, 100,000 with one), one tick against a messenger that does
   nothing, in a fresh process on a fresh copy of the populated database. Beside it, on
   another copy, the raw statements (bench/dispatch_raw.py). Also: how late a 5 ms timer on
   the tick's event loop woke, the longest single loop callback (how long the loop was
   blocked), and the time finding every due schedule takes alone, batch after batch (it
   should grow with N, not N²).
2. Memory: a fresh process with 100,000 schedules in a SQLite store; peak RSS after opening
   the store, checking migrations and a tick with nothing due; and when all 100,000 are read
   in turn (what `prepbot schedule preview` does).
3. Start-up: the same process, timed inside and as a whole (interpreter and imports).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from bench.databases import KINDS, Databases, postgres_missing
from bench.dispatch_data import NOW, populate
from bench.dispatch_raw import raw_tick
from bench.loop_lag import LongestCallbacks, LoopLag
from core.content.loader import load_content
from core.dispatch.dispatcher import Dispatcher
from core.dispatch.policy import DispatchPolicy
from core.kernel.platform import Platform
from core.kernel.reply import Reply
from core.messenger import Messenger
from core.store.database import create_engine
from core.store.migrate import is_current, upgrade
from core.store.store import Store

TARGET_RAW_RATIO, TARGET_MB, TARGET_SECONDS, TARGET_LOOP_MS = 0.5, 200.0, 2.0, 50.0
BATCH = DispatchPolicy().batch  # the raw statements and the find-due pass take as many
# Due, days of history, runs. A year of history is measured at 10,000 due; 100,000 due (where
# finding what is due used to grow with the square) with one day, which keeps loading short.
SCENARIOS = [(1_000, 30, 3), (10_000, 30, 2), (10_000, 365, 2), (100_000, 1, 1)]


def scenario(text: str) -> tuple[int, int, int]:
    due, days, runs = (int(part) for part in text.split(":"))
    return due, days, runs


class NullMessenger(Messenger):
    """Accepts everything at once: what is left to measure is the dispatcher and the store."""

    platform = Platform.CONSOLE

    def __init__(self) -> None:
        self.count = 0

    async def post_to_channel(
        self, workspace: str, channel: str, reply: Reply, *, delivery_key: str, retry: bool = False
    ) -> str:
        self.count += 1
        return f"m{self.count}"

    async def send_direct(
        self, workspace: str, user: str, reply: Reply, *, delivery_key: str, retry: bool = False
    ) -> str:
        self.count += 1
        return f"m{self.count}"


# 1. in a child process: one tick, or the raw statements ----------------------------------


async def tick_run(url: str, count: int, run: int) -> dict[str, float]:
    store = Store(create_engine(url))
    messenger = NullMessenger()
    dispatcher = Dispatcher(
        store,
        load_content(),
        {Platform.CONSOLE: messenger},
        lambda: NOW + timedelta(seconds=5),
        rng=random.Random(run),
        worker="bench",
    )
    # Finding what is due, alone: every batch in turn, each after the last, nothing claimed.
    started, found, last = time.perf_counter(), 0, None
    while batch := await store.deliveries.due(NOW, BATCH, [Platform.CONSOLE], after=last):
        found, last = found + len(batch), batch[-1]
    finding = time.perf_counter() - started
    gc.collect()
    gc.freeze()  # as the runtime does once it serves: start-up's objects are never walked
    lag, callbacks = LoopLag(0.005), LongestCallbacks(keep=3)
    callbacks.install()
    lag.start()
    start = time.perf_counter()
    report = await dispatcher.tick()
    elapsed = time.perf_counter() - start
    await lag.stop()
    await store.close()
    if report.sent != count or messenger.count != count or found != count:
        raise SystemExit(f"expected {count} sends, found {found}, the tick reported {report}")
    for took, what in callbacks.longest:
        print(f"longest callback {took:.1f} ms: {what}", file=sys.stderr)
    print(f"full collections, ms: {sorted(callbacks.gc_ms)[-5:]}", file=sys.stderr)
    return {
        "rate": count / elapsed,
        "late_max_ms": lag.max_ms,
        "longest_ms": callbacks.longest[0][0] if callbacks.longest else 0.0,
        "find_due_s": finding,
        "peak_rss_mb": peak_rss_mb(),
    }


async def raw_run(url: str, count: int) -> dict[str, float]:
    engine = create_engine(url)
    start = time.perf_counter()
    sent = await raw_tick(engine, NOW + timedelta(seconds=5), BATCH)
    elapsed = time.perf_counter() - start
    await engine.dispose()
    if sent != count:
        raise SystemExit(f"expected {count} raw sends, got {sent}")
    return {"rate": count / elapsed}


# 2 and 3. a fresh process with 100,000 schedules --------------------------------------------


async def startup_run(url: str) -> dict[str, float]:
    """What the runtime does before serving, then a tick with nothing due."""
    started = time.perf_counter()
    engine = create_engine(url)
    await upgrade(engine)  # applied at every start: a no-op on an up-to-date database
    current = await is_current(engine)
    store = Store(engine)
    dispatcher = Dispatcher(
        store, load_content(), {Platform.CONSOLE: NullMessenger()}, lambda: NOW, worker="bench"
    )
    first = await dispatcher.tick()
    ready = time.perf_counter()
    await store.close()
    if first.sent or first.skipped or not current:
        raise SystemExit(f"expected nothing due on a current database, got {first}")
    return {"startup_s": ready - started, "peak_rss_mb": peak_rss_mb()}


async def load_all_run(url: str) -> dict[str, float]:
    """Every schedule read in turn, as `prepbot schedule preview` does."""
    store = Store(create_engine(url))
    loaded = 0
    async for _schedule in store.schedules.each():
        loaded += 1
    await store.close()
    return {"loaded": float(loaded), "peak_rss_mb": peak_rss_mb()}


def peak_rss_mb() -> float:
    """This process's peak resident set (VmHWM; ru_maxrss would count the parent's)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 2**10
    return float("nan")


CHILDREN: dict[str, Callable[[list[str]], Any]] = {
    "tick": lambda a: tick_run(a[0], int(a[1]), int(a[2])),
    "raw": lambda a: raw_run(a[0], int(a[1])),
    "startup": lambda a: startup_run(a[0]),
    "load-all": lambda a: load_all_run(a[0]),
}


def in_child(mode: str, *args: str) -> tuple[dict[str, float], float]:
    """One measurement in a fresh interpreter; its figures, and its wall time."""
    command = [sys.executable, "-m", "bench.bench_dispatch", "--child", mode, *args]
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    whole = time.perf_counter() - start
    if done.returncode:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr}")
    if done.stderr and os.environ.get("BENCH_VERBOSE"):
        print(done.stderr, file=sys.stderr)
    figures: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures, whole


# the runs ----------------------------------------------------------------------------------


async def throughput(
    databases: Databases, count: int, history: int, runs: int
) -> list[tuple[dict[str, float], dict[str, float]]]:
    """(dispatcher, raw) figures for each run, each on its own copy of one population."""
    source = await databases.create()
    await populate(databases.url(source), count, due=True, history_days=history)
    pairs = []
    for run in range(runs):
        copy = await databases.copy(source)
        raw, _ = in_child("raw", databases.url(copy), str(count))
        await databases.drop(copy)
        copy = await databases.copy(source)
        tick, _ = in_child("tick", databases.url(copy), str(count), str(run))
        await databases.drop(copy)
        pairs.append((tick, raw))
        print(f"{databases.kind} {count} due, {history} days, run {run + 1}: {tick} raw {raw}",
              file=sys.stderr)  # fmt: skip
    await databases.drop(source)
    return pairs


def median_range(samples: list[float], fmt: str) -> str:
    if len(samples) == 1:
        return format(samples[0], fmt)
    low, high = min(samples), max(samples)
    return f"{statistics.median(samples):{fmt}} ({low:{fmt}}–{high:{fmt}})"


def throughput_row(kind: str, count: int, history: int, pairs: list[Any]) -> str:
    ticks, raws = [t for t, _ in pairs], [r for _, r in pairs]
    ratios = [t["rate"] / r["rate"] for t, r in pairs]
    per_k = [t["find_due_s"] / count * 1e6 for t in ticks]  # ms per 1,000 due
    late = [t["late_max_ms"] for t in ticks]
    longest = [t["longest_ms"] for t in ticks]
    met = statistics.median(ratios) >= TARGET_RAW_RATIO and max(longest) <= TARGET_LOOP_MS
    cells = [
        kind,
        f"{count:,}",
        f"{history}",
        median_range([t["rate"] for t in ticks], ",.0f"),
        median_range([r["rate"] for r in raws], ",.0f"),
        median_range(ratios, ".2f") + "x",
        median_range(per_k, ".1f"),
        median_range(late, ".1f"),
        median_range(longest, ".1f"),
        median_range([t["peak_rss_mb"] for t in ticks], ".0f"),
        str(len(pairs)),
        "yes" if met else "**no**",
    ]
    return "| " + " | ".join(cells) + " |"


async def measure(args: argparse.Namespace, directory: Path) -> None:
    kinds = list(args.database)
    if "postgresql" in kinds and (why := await postgres_missing()):
        print(f"PostgreSQL left out: {why}", file=sys.stderr)
        kinds.remove("postgresql")
    rows = []
    for kind in kinds:
        databases = Databases(kind, directory)
        try:
            for count, history, runs in args.scenario:
                pairs = await throughput(databases, count, history, runs)
                rows.append(throughput_row(kind, count, history, pairs))
        finally:
            await databases.drop_all()
    print(
        f"\nPython {platform.python_version()}, {platform.machine()}, {os.cpu_count()} CPUs, "
        f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())} at the end\n"
    )
    print(
        "| database | due | days of history | dispatcher /s | raw statements /s | ratio | "
        "finding due, ms per 1,000 | loop late max ms | longest callback ms | peak RSS MB "
        "| runs | met |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    print("\n".join(rows))
    if args.population:
        await population(args, Databases("sqlite", directory))


async def population(args: argparse.Namespace, databases: Databases) -> None:
    name = await databases.create()
    await populate(databases.url(name), args.population, due=False)
    startups, loads = [], []
    for _ in range(args.runs):
        startups.append(in_child("startup", databases.url(name)))
        loads.append(in_child("load-all", databases.url(name)))
    n = f"{args.population:,}"
    rss = [f["peak_rss_mb"] for f, _ in startups]
    all_rss = [f["peak_rss_mb"] for f, _ in loads]
    inside = [f["startup_s"] for f, _ in startups]
    whole = [w for _, w in startups]
    print("\n| measure (SQLite) | median (min–max) | target | met |\n|---|---|---|---|")
    for label, samples, fmt, target, limit in (
        (f"Peak RSS, {n} schedules stored, start + tick with nothing due", rss, ".0f",
         "< 200 MB", TARGET_MB),
        (f"Peak RSS with all {n} read in turn (`schedule preview`)", all_rss, ".0f",
         "< 200 MB", TARGET_MB),
        ("Start-up: open store, migrations check, content, first tick, s", inside, ".2f",
         "< 2 s", TARGET_SECONDS),
        ("Start-up as a whole process (interpreter and imports too), s", whole, ".2f",
         "< 2 s", TARGET_SECONDS),
    ):  # fmt: skip
        met = "yes" if statistics.median(samples) < limit else "**no**"
        print(f"| {label} | {median_range(samples, fmt)} | {target} | {met} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--database", nargs="+", choices=KINDS, default=list(KINDS))
    parser.add_argument(
        "--scenario", type=scenario, nargs="+", default=SCENARIOS,
        help="DUE:DAYS:RUNS, e.g. 10000:365:2: that many due, days of history, runs",
    )  # fmt: skip
    parser.add_argument("--runs", type=int, default=3, help="runs of the start-up figures")
    parser.add_argument("--population", type=int, default=100_000, help="0 leaves it out")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        figures = asyncio.run(CHILDREN[args.child[0]](args.child[1:]))
        print(json.dumps(figures))
        return
    with tempfile.TemporaryDirectory(prefix="bench-dispatch-") as name:
        asyncio.run(measure(args, Path(name)))


if __name__ == "__main__":
    main()
