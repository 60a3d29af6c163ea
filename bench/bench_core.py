"""How long the core takes to answer `/compare` (parse, look up, build the reply), and how long
`prepbot ask` takes as a whole process. Run: `.venv/bin/python -m bench.bench_core`."""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bot.compose import build_handler
from core.commands.pure import CAPACITY
from core.content.loader import load_content
from core.kernel.identity import Caller
from core.kernel.platform import Platform
from core.roles.catalog import Catalog
from core.store.database import create_engine, sqlite_url
from core.store.migrate import upgrade
from core.store.store import Store

COMMAND = "/compare netflix-pm amazon-pm"
CORE_RUNS = 2000
PROCESS_RUNS = 10


def summary(samples_ms: list[float]) -> str:
    quartiles = statistics.quantiles(samples_ms, n=4)
    return (
        f"median {statistics.median(samples_ms):.3f} ms, "
        f"IQR {quartiles[0]:.3f}–{quartiles[2]:.3f} ms, "
        f"min {min(samples_ms):.3f} ms, max {max(samples_ms):.3f} ms, n={len(samples_ms)}"
    )


async def core_compare(tmp: Path, capacity: int) -> list[float]:
    """`capacity` 0: every call builds the reply; otherwise the first builds, the rest reuse it."""
    engine = create_engine(sqlite_url(tmp / "bench.sqlite3"))
    await upgrade(engine)
    handler = build_handler(Catalog(load_content()), Store(engine), cache_capacity=capacity)
    caller = Caller(platform=Platform.CONSOLE, workspace="local", user="bench", channel="bench")
    for _ in range(100):
        await handler.handle(COMMAND, caller)
    samples = []
    for _ in range(CORE_RUNS):
        start = time.perf_counter_ns()
        reply = await handler.handle(COMMAND, caller)
        samples.append((time.perf_counter_ns() - start) / 1e6)
        assert reply.sections
    await engine.dispose()
    return samples


def whole_process(tmp: Path) -> list[float]:
    env = {**os.environ, "DATA_DIR": str(tmp / "data"), "LOG_LEVEL": "WARNING"}
    prepbot = Path(sys.executable).with_name("prepbot")
    subprocess.run([prepbot, "ask", COMMAND], env=env, capture_output=True, check=True)
    samples = []
    for _ in range(PROCESS_RUNS):
        start = time.perf_counter_ns()
        subprocess.run([prepbot, "ask", COMMAND], env=env, capture_output=True, check=True)
        samples.append((time.perf_counter_ns() - start) / 1e6)
    return samples


def main() -> None:
    with tempfile.TemporaryDirectory() as directory:
        tmp = Path(directory)
        built = asyncio.run(core_compare(tmp, capacity=0))
        kept = asyncio.run(core_compare(tmp, capacity=CAPACITY))
        process = whole_process(tmp)
    print(f"core `{COMMAND}`, built each time: {summary(built)}")
    print(f"core `{COMMAND}`, the kept reply: {summary(kept)}")
    print(f'`prepbot ask "{COMMAND}"` whole process: {summary(process)}')


if __name__ == "__main__":
    main()
