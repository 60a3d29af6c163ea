"""The dispatcher against its DESIGN targets: deliveries per second, memory and start-up time
with 100,000 schedules. Run: `.venv/bin/python -m bench.bench_dispatch` (`--help` for sizes).

1. Throughput: N due channel schedules in a fresh SQLite file, one tick against a messenger
   that does nothing (so the dispatcher and the store are all that is measured); N / time.
2. Memory: a fresh process with 100,000 schedules in the store; peak RSS (VmHWM) after
   opening the store, checking migrations and a tick with nothing due, and tracemalloc's peak
   during that tick; and the same when all 100,000 are read in turn (what
   `prepbot schedule preview` does).
3. Start-up: a fresh process with 100,000 schedules: open the store, check migrations, load the
   content, first tick with nothing due; timed inside the process and as a whole process
   (interpreter start and imports included).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

T0 = time.perf_counter()  # as early as possible: the start-up figure counts the imports below

from sqlalchemy import insert  # noqa: E402

from core.content.loader import load_content  # noqa: E402
from core.deliveries import DeliveryStatus  # noqa: E402
from core.dispatch import Dispatcher  # noqa: E402
from core.messenger import Messenger  # noqa: E402
from core.platform import Platform  # noqa: E402
from core.practice import Rotation  # noqa: E402
from core.recurrence import ALL_DAYS, WEEKDAYS, next_occurrence  # noqa: E402
from core.reply import Reply  # noqa: E402
from core.schedules import ScheduleKind  # noqa: E402
from core.store.database import create_engine, sqlite_url  # noqa: E402
from core.store.migrate import is_current, upgrade  # noqa: E402
from core.store.store import Store  # noqa: E402
from core.store.tables import DeliveryRow, RotationRow, ScheduleRow, UserRow  # noqa: E402

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
ZONES = ["UTC", "Europe/London", "Europe/Berlin", "America/New_York", "Asia/Kolkata"]
FILTERS: list[tuple[str | None, str | None]] = [
    (None, None),
    ("netflix-pm", None),
    ("amazon-pm", "leadership-principles"),
    ("netflix-pmm", "market-strategy"),
    ("amazon-pm", None),
]
TARGET_RATE, TARGET_MB, TARGET_SECONDS = 1000.0, 200.0, 2.0  # DESIGN.md, "Targets"


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


async def populate(
    path: Path, count: int, *, due: bool, seed: int = 1, history_days: int = 0
) -> None:
    """`count` schedules, due now or spread over the next day (none due at NOW): four in five
    are channels' daily questions (with a mix of filters), one in five a user's check-in
    (with a profile: role, interview date); and `history_days` days of sent questions
    before today for every one of them (what rotation reads)."""
    engine = create_engine(sqlite_url(path))
    await upgrade(engine)
    rng = random.Random(seed)
    rows: list[dict[str, Any]] = []
    users: list[dict[str, Any]] = []
    for i in range(count):
        zone = ZONES[i % len(ZONES)]
        role, category = FILTERS[i % len(FILTERS)]
        checkin = i % 5 == 4
        if checkin:
            users.append(
                {
                    "platform": "console",
                    "workspace": f"w{i % 50}",
                    "user_id": f"u{i}",
                    "timezone": zone,
                    "target_role": role or "netflix-pm",
                    "interview_date": (NOW + timedelta(days=10 + i % 40)).date(),
                    "streak": i % 7,
                    "best_streak": i % 11,
                    "created_at": NOW - timedelta(days=30),
                }
            )
        if due:
            local = NOW.astimezone(ZoneInfo(zone))
            hour, minute, fire_at = local.hour, local.minute, NOW
        else:
            hour, minute = rng.randrange(24), rng.randrange(60)
            fire_at = next_occurrence(
                datetime.min.replace(hour=hour, minute=minute).time(),
                ZoneInfo(zone),
                ALL_DAYS,
                NOW + timedelta(minutes=1),
            ).fire_at
        rows.append(
            {
                "platform": "console",
                "workspace": f"w{i % 50}",
                "kind": ScheduleKind.CHECKIN if checkin else ScheduleKind.CHANNEL,
                "target": f"u{i}" if checkin else f"c{i}",
                "owner": f"u{i}" if checkin else f"u{i % 997}",
                "hour": hour,
                "minute": minute,
                "timezone": zone,
                "weekdays": ALL_DAYS if i % 3 else WEEKDAYS,
                "role": None if checkin else role,
                "category": None if checkin else category,
                "paused": False,
                "pause_reason": None,
                "next_fire_at": fire_at,
                "created_at": NOW - timedelta(days=1),
            }
        )
    async with engine.begin() as connection:
        for table, values in ((ScheduleRow, rows), (UserRow, users)):
            for start in range(0, len(values), 10_000):
                await connection.execute(insert(table), values[start : start + 10_000])
        questions = [q.id for q in load_content().questions]
        asked: dict[int, list[str]] = {i: [] for i in range(1, count + 1)}
        for day in range(history_days, 0, -1):
            past = NOW - timedelta(days=day)
            values = []
            for schedule_id in range(1, count + 1):
                question = rng.choice(questions)
                asked[schedule_id].append(question)
                values.append(
                    {
                        "schedule_id": schedule_id,
                        "local_date": past.date(),
                        "fire_at": past,
                        "status": DeliveryStatus.SENT,
                        "late": False,
                        "attempts": 1,
                        "claimed_by": "history",
                        "claimed_at": past,
                        "question_id": question,
                        "message_id": f"h{day}-{schedule_id}",
                        "guard_key": f"h{day}-{schedule_id}",
                        "maybe_sent": False,
                        "finished_at": past,
                    }
                )
            await connection.execute(insert(DeliveryRow), values)
        if history_days:
            # where each target stands in its cycle, as a running bot keeps it
            everything = set(questions)
            states = [
                {
                    "platform": row["platform"],
                    "workspace": row["workspace"],
                    "target": row["target"],
                    "asked": " ".join(sorted(state.asked)),
                    "last": state.last,
                }
                for i, row in enumerate(rows, 1)
                if (state := Rotation.of(asked[i], everything))
            ]
            await connection.execute(insert(RotationRow), states)
    await engine.dispose()


# 1. throughput -----------------------------------------------------------------------------


async def throughput_run(
    directory: Path, count: int, run: int, history_days: int
) -> dict[str, float]:
    """In its own process: `count` due schedules, one tick; deliveries per second."""
    path = directory / f"throughput-{run}.sqlite3"
    await populate(path, count, due=True, seed=run, history_days=history_days)
    store = Store(create_engine(sqlite_url(path)))
    messenger = NullMessenger()
    dispatcher = Dispatcher(
        store,
        load_content(),
        {Platform.CONSOLE: messenger},
        lambda: NOW + timedelta(seconds=5),
        rng=random.Random(run),
        worker="bench",
    )
    start = time.perf_counter()
    report = await dispatcher.tick()
    elapsed = time.perf_counter() - start
    await store.close()
    if report.sent != count or messenger.count != count:
        raise SystemExit(f"expected {count} sends, the tick reported {report}")
    return {"rate": count / elapsed, "peak_rss_mb": peak_rss_mb()}


# 2 and 3. a fresh process with 100,000 schedules --------------------------------------------


async def startup_run(database: Path) -> dict[str, float]:
    """In its own process: what the runtime does before serving, then a tick's memory."""
    started = time.perf_counter()
    engine = create_engine(sqlite_url(database))
    await upgrade(engine)  # applied at every start: a no-op on an up-to-date database
    current = await is_current(engine)
    store = Store(engine)
    dispatcher = Dispatcher(
        store, load_content(), {Platform.CONSOLE: NullMessenger()}, lambda: NOW, worker="bench"
    )
    first = await dispatcher.tick()
    ready = time.perf_counter()
    tracemalloc.start()
    second = await dispatcher.tick()
    _, tick_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    await store.close()
    if first.sent or first.skipped or second.sent or not current:
        raise SystemExit(f"expected nothing due on a current database, got {first}")
    return {
        "imports_s": started - T0,
        "startup_s": ready - started,
        "tick_traced_mb": tick_peak / 2**20,
        "peak_rss_mb": peak_rss_mb(),
    }


async def load_all_run(database: Path) -> dict[str, float]:
    """In its own process: every schedule read in turn, as `prepbot schedule preview` does."""
    store = Store(create_engine(sqlite_url(database)))
    loaded = 0
    async for _schedule in store.schedules.each():
        loaded += 1
    rss = peak_rss_mb()
    await store.close()
    return {"loaded": float(loaded), "peak_rss_mb": rss}


def peak_rss_mb() -> float:
    """This process's peak resident set. On Linux VmHWM: ru_maxrss would include the
    parent's peak from before the fork."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 2**10
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 2**10


def in_child(mode: str, *args: str) -> tuple[dict[str, float], float]:
    """Run one measurement in a fresh interpreter; its figures, and its wall time."""
    command = [sys.executable, "-m", "bench.bench_dispatch", "--child", mode, *args]
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    whole = time.perf_counter() - start
    if done.returncode:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr}")
    figures: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures, whole


def run_child_mode(mode: str, args: list[str]) -> None:
    if mode == "throughput":
        result = asyncio.run(
            throughput_run(Path(args[0]), int(args[1]), int(args[2]), int(args[3]))
        )
    elif mode == "startup":
        result = asyncio.run(startup_run(Path(args[0])))
    else:
        result = asyncio.run(load_all_run(Path(args[0])))
    print(json.dumps(result))


# report ------------------------------------------------------------------------------------


def spread(samples: list[float], fmt: Callable[[float], str]) -> tuple[str, str]:
    low, high = min(samples), max(samples)
    relative = (high - low) / statistics.median(samples) * 100
    return fmt(statistics.median(samples)), f"{fmt(low)} – {fmt(high)} (±{relative / 2:.0f}%)"


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--due", type=int, default=10_000, help="due schedules in the tick")
    parser.add_argument(
        "--history", type=int, default=30, help="days of sent questions per due schedule"
    )
    parser.add_argument("--population", type=int, default=100_000, help="schedules stored")
    parser.add_argument("--runs", type=int, default=5, help="runs of each measurement")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run_child_mode(args.child[0], args.child[1:])
        return

    with tempfile.TemporaryDirectory(prefix="bench-dispatch-") as name:
        directory = Path(name)
        throughput = []
        for run in range(args.runs):
            figures, _ = in_child("throughput", name, str(args.due), str(run), str(args.history))
            throughput.append(figures)
            print(f"throughput run {run + 1}: {figures}", file=sys.stderr)
        database = directory / "population.sqlite3"
        asyncio.run(populate(database, args.population, due=False))
        startups, loads = [], []
        for run in range(args.runs):
            startups.append(in_child("startup", str(database)))
            loads.append(in_child("load-all", str(database)))
            print(f"process run {run + 1}: {startups[-1]} {loads[-1]}", file=sys.stderr)

    rates = [f["rate"] for f in throughput]
    tick_rss = [f["peak_rss_mb"] for f, _ in startups]
    whole = [w for _, w in startups]
    in_process = [f["startup_s"] for f, _ in startups]
    mb: Callable[[float], str] = lambda v: f"{v:.0f} MB"  # noqa: E731
    sec: Callable[[float], str] = lambda v: f"{v:.2f} s"  # noqa: E731
    per_s: Callable[[float], str] = lambda v: f"{v:,.0f}/s"  # noqa: E731
    n = f"{args.population:,}"
    rows: list[tuple[str, tuple[str, str], str, bool | None]] = [
        (f"Deliveries per second, one tick over {args.due:,} due schedules "
         f"(4/5 channel questions, 1/5 check-ins; {args.history} days of history each, "
         f"{args.due * args.history:,} delivery rows), no-op messenger",
         spread(rates, per_s), "≥ 1,000/s", statistics.median(rates) >= TARGET_RATE),
        (f"Peak RSS of that process ({args.due:,} deliveries)",
         spread([f["peak_rss_mb"] for f in throughput], mb), "", None),
        (f"Peak RSS, {n} schedules stored, start + tick with nothing due",
         spread(tick_rss, mb), "< 200 MB", statistics.median(tick_rss) < TARGET_MB),
        ("Python allocations during a tick with nothing due (tracemalloc peak)",
         spread([f["tick_traced_mb"] for f, _ in startups], lambda v: f"{v:.2f} MB"), "", None),
        (f"Peak RSS with all {n} schedules read in turn (`prepbot schedule preview`)",
         spread([f["peak_rss_mb"] for f, _ in loads], mb), "< 200 MB",
         statistics.median([f["peak_rss_mb"] for f, _ in loads]) < TARGET_MB),
        (f"Start-up, {n} schedules: open store + migrations check + content + first tick",
         spread(in_process, sec), "< 2 s", statistics.median(in_process) < TARGET_SECONDS),
        ("Start-up as a whole process: interpreter, imports, and the above",
         spread(whole, sec), "< 2 s", statistics.median(whole) < TARGET_SECONDS),
    ]  # fmt: skip
    print(
        f"\n{args.runs} runs of each, every run in a fresh process; SQLite file; "
        f"Python {platform.python_version()}, {platform.machine()}, "
        f"{os.cpu_count()} CPUs, {platform.system()} {platform.release()}\n"
    )
    print("| measure | median | spread: min – max | target | met |")
    print("|---|---|---|---|---|")
    for label, (median, ranges), target, met in rows:
        verdict = "" if met is None else ("yes" if met else "**no**")
        print(f"| {label} | {median} | {ranges} | {target} | {verdict} |")
    print(
        "\nRerun: `.venv/bin/python -m bench.bench_dispatch` "
        f"(this run: `--due {args.due} --history {args.history} "
        f"--population {args.population} --runs {args.runs}`)."
    )


if __name__ == "__main__":
    main()
