"""Practice cards: "due now" for one member, the check-in fan-out with everyone's cards, and
progress charts. Run: `.venv/bin/python -m bench.bench_practice` (`--help` for sizes).

1. Due now: one member with 1,000 cards (and 2,000 other members with 50 each) in a SQLite
   file; the store's `due(member, now)` timed, after warm-up.
2. Check-in fan-out: N members (20,000 by default; `--members 100000` for the full size),
   each with a daily check-in due now and C cards (a tenth of them due today), one dispatcher
   tick against a no-op messenger, in a fresh process on a fresh copy of the database; the
   same with no cards, so the difference is the cost of the due counts. The time spent in
   those counts is measured inside the tick. The tick's work grows with the members (one
   claim, one count query and one send per batch of them), so its rate per member is what
   compares across sizes. With `--dated SHARE`, a third kind: the same cards, that share of
   the members with an interview in 30 days and their cards capped at the day before it, as
   grading would have left them (the tick itself applies no rule: it counts what is stored;
   a member with a date is told the countdown and the day's focus).
3. Charts: both progress charts rendered in the worker process, as `/prep stats` does; median
   and p99 of the render, and the longest the event loop waited meanwhile (a 1 ms ticker).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from bench.bench_dispatch import NullMessenger
from bot.charts import PooledCharts
from core.content.loader import load_content
from core.dispatch.dispatcher import Dispatcher
from core.kernel.identity import UserKey
from core.kernel.platform import Platform
from core.kernel.reply import Chart
from core.practice.progress_chart import progress_charts
from core.scheduling.recurrence import ALL_DAYS
from core.scheduling.schedules import ScheduleKind
from core.store.database import create_engine, sqlite_url
from core.store.migrate import upgrade
from core.store.store import Store
from core.store.tables import CardRow, ScheduleRow, UserRow

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
CATEGORIES = ("product-sense", "execution", "leadership-principles", "behavioural", "culture")


def quantile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def summary(samples: list[float]) -> str:
    q1, q3 = quantile(samples, 0.25), quantile(samples, 0.75)
    return (
        f"median {statistics.median(samples):.2f}, p99 {quantile(samples, 0.99):.2f}, "
        f"IQR {q1:.2f}–{q3:.2f}, min {min(samples):.2f}, max {max(samples):.2f}, n={len(samples)}"
    )


INTERVIEW = NOW.date() + timedelta(days=30)
# the start of the day before the interview, where the deadline rule puts a later card
LAST_DAY = datetime(INTERVIEW.year, INTERVIEW.month, INTERVIEW.day, tzinfo=UTC) - timedelta(days=1)


async def populate(
    path: Path, members: int, cards: int, *, checkins: bool, seed: int, dated: float = 0.0
) -> None:
    """`members` members in 50 workspaces, each with `cards` cards (a tenth due today, the rest
    over the next 60 days) and, with `checkins`, a daily check-in due at NOW; a `dated` share
    of them with an interview in 30 days, no card due after the day before it."""
    engine = create_engine(sqlite_url(path))
    await upgrade(engine)
    rng = random.Random(seed)

    def has_date(member: int) -> bool:
        return member % 100 < round(dated * 100)

    def capped(member: int, due: datetime) -> datetime:
        return min(due, LAST_DAY) if has_date(member) else due

    async with engine.begin() as connection:
        for start in range(0, members, 10_000):
            batch = range(start, min(members, start + 10_000))
            await connection.execute(
                insert(UserRow),
                [
                    {
                        "platform": "console",
                        "workspace": f"w{i % 50}",
                        "user_id": f"u{i}",
                        "timezone": "UTC",
                        "target_role": "amazon-pm",
                        "streak": i % 7,
                        "best_streak": i % 11,
                        "keep_answers": False,
                        "interview_date": INTERVIEW if has_date(i) else None,
                        "created_at": NOW - timedelta(days=90),
                    }
                    for i in batch
                ],
            )
            if checkins:
                await connection.execute(
                    insert(ScheduleRow),
                    [
                        {
                            "platform": "console",
                            "workspace": f"w{i % 50}",
                            "kind": ScheduleKind.CHECKIN,
                            "target": f"u{i}",
                            "owner": f"u{i}",
                            "hour": 9,
                            "minute": 0,
                            "timezone": "UTC",
                            "weekdays": ALL_DAYS,
                            "paused": False,
                            "next_fire_at": NOW,
                            "created_at": NOW - timedelta(days=1),
                        }
                        for i in batch
                    ],
                )
            rows = [
                {
                    "user_pk": i + 1,
                    "question_id": f"q{c}",
                    "category": CATEGORIES[c % len(CATEGORIES)],
                    "due": capped(
                        i,
                        NOW
                        + timedelta(hours=rng.uniform(-24, 14) if c % 10 == 0 else 0)
                        + timedelta(days=0 if c % 10 == 0 else rng.uniform(1, 60)),
                    ),
                    "stability": rng.uniform(1, 60),
                    "difficulty": rng.uniform(1, 10),
                    "last_review": NOW - timedelta(days=rng.uniform(1, 30)),
                    "reps": 1 + c % 5,
                    "lapses": c % 2,
                }
                for i in batch
                for c in range(cards)
            ]
            for chunk in range(0, len(rows), 50_000):
                await connection.execute(insert(CardRow), rows[chunk : chunk + 50_000])
    await engine.dispose()


async def due_now(directory: Path, cards: int, repeats: int) -> list[float]:
    path = directory / "due.sqlite3"
    await populate(path, 2_001, 50, checkins=False, seed=1)
    engine = create_engine(sqlite_url(path))
    async with engine.begin() as connection:
        rng = random.Random(2)
        await connection.execute(
            insert(CardRow),
            [
                {
                    "user_pk": 2_001,
                    "question_id": f"big{c}",
                    "category": CATEGORIES[c % len(CATEGORIES)],
                    "due": NOW + timedelta(days=rng.uniform(-30, 60)),
                    "stability": 10.0,
                    "difficulty": 5.0,
                    "last_review": NOW - timedelta(days=10),
                    "reps": 2,
                    "lapses": 0,
                }
                for c in range(cards - 50)
            ],
        )
    store = Store(engine)
    key = UserKey(Platform.CONSOLE, f"w{2_000 % 50}", "u2000")
    found = await store.cards.due(key, NOW)
    assert found, "the member has cards due"
    assert all(c.due <= NOW for c in found)
    samples = []
    for run in range(repeats + 50):
        start = time.perf_counter()
        await store.cards.due(key, NOW)
        if run >= 50:
            samples.append((time.perf_counter() - start) * 1000)
    await store.close()
    return samples


async def fan_out_run(template: Path, members: int) -> dict[str, float]:
    """In its own process: one tick over `members` due check-ins, on a copy of `template`."""
    path = template.with_name(f"run-{template.name}")
    shutil.copyfile(template, path)
    store = Store(create_engine(sqlite_url(path)))
    counting = [0.0]
    real = store.cards.due_counts

    async def timed(keys: Any, until: datetime) -> dict[UserKey, int]:
        start = time.perf_counter()
        try:
            return await real(keys, until)
        finally:
            counting[0] += time.perf_counter() - start

    store.cards.due_counts = timed  # type: ignore[method-assign]
    messenger = NullMessenger()
    dispatcher = Dispatcher(
        store, load_content(), {Platform.CONSOLE: messenger}, lambda: NOW + timedelta(seconds=5)
    )
    start = time.perf_counter()
    report = await dispatcher.tick()
    elapsed = time.perf_counter() - start
    await store.close()
    path.unlink()
    if report.sent != members:
        raise SystemExit(f"expected {members} check-ins, the tick reported {report}")
    return {"rate": members / elapsed, "seconds": elapsed, "counting": counting[0]}


Render = Callable[[dict[date, int], dict[str, float], date], Awaitable[tuple[Chart, ...]]]


async def in_thread(
    days: dict[date, int], retention: dict[str, float], today: date
) -> tuple[Chart, ...]:
    """The alternative measured for comparison: a worker thread of this process."""
    return await asyncio.to_thread(progress_charts, days, retention, today)


async def charts(repeats: int, render: Render) -> tuple[list[float], list[float]]:
    rng = random.Random(3)
    days = {date(2026, 11, 23) - timedelta(days=i): rng.choice([0, 1, 2, 5]) for i in range(119)}
    retention = {c: rng.uniform(0.6, 0.97) for c in CATEGORIES}
    await render(days, retention, date(2026, 11, 23))  # starts the worker
    renders: list[float] = []
    stalls: list[float] = []
    for _ in range(repeats):
        done = asyncio.Event()
        worst = [0.0]

        async def ticker(done: asyncio.Event = done, worst: list[float] = worst) -> None:
            last = time.perf_counter()
            while not done.is_set():
                await asyncio.sleep(0.001)
                now = time.perf_counter()
                worst[0] = max(worst[0], now - last - 0.001)
                last = now

        task = asyncio.create_task(ticker())
        await asyncio.sleep(0.005)
        start = time.perf_counter()
        await render(days, retention, date(2026, 11, 23))
        renders.append((time.perf_counter() - start) * 1000)
        done.set()
        await task
        stalls.append(worst[0] * 1000)
    return renders, stalls


def in_child(*args: str) -> dict[str, float]:
    command = [sys.executable, "-m", "bench.bench_practice", "--child", *args]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr}")
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--members", type=int, default=20_000, help="members in the fan-out")
    parser.add_argument("--cards", type=int, default=50, help="cards per member in the fan-out")
    parser.add_argument("--runs", type=int, default=3, help="fan-out runs of each kind")
    parser.add_argument("--renders", type=int, default=50, help="chart renders of each kind")
    parser.add_argument(
        "--dated", type=float, default=0.0, help="share of members with an interview date"
    )
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        template, members = args.child
        print(json.dumps(asyncio.run(fan_out_run(Path(template), int(members)))))
        return
    with tempfile.TemporaryDirectory(prefix="bench-practice-") as name:
        directory = Path(name)
        due = asyncio.run(due_now(directory, 1_000, 2_000))
        print(f"due now, one member with 1,000 cards (ms): {summary(due)}")
        pooled = PooledCharts()  # what the bot draws them with
        for where, render in (("worker process", pooled.progress), ("worker thread", in_thread)):
            renders, stalls = asyncio.run(charts(args.renders, render))
            print(f"both charts, {where} (ms): {summary(renders)}")
            print(f"longest event-loop wait during a render, {where} (ms): {summary(stalls)}")
        pooled.close()
        # each kind: (label, cards a member, share with an interview date)
        kinds = [("no cards", 0, 0.0), (f"{args.cards} cards each", args.cards, 0.0)]
        if args.dated:
            label = f"{args.cards} cards each, {args.dated:.0%} with an interview date"
            kinds.append((label, args.cards, args.dated))
        results: dict[str, list[dict[str, float]]] = {label: [] for label, _, _ in kinds}
        templates = {kind[0]: directory / f"fanout-{n}.sqlite3" for n, kind in enumerate(kinds)}
        for label, cards, dated in kinds:
            # Built once; each run ticks over a fresh copy of it. The same cards for the dated.
            template = templates[label]
            asyncio.run(
                populate(template, args.members, cards, checkins=True, seed=cards, dated=dated)
            )
        for run in range(args.runs):
            for label in results:
                figures = in_child(str(templates[label]), str(args.members))
                results[label].append(figures)
                print(f"fan-out run {run + 1}, {label}: {figures}", file=sys.stderr)
    for label, runs in results.items():
        rates = [r["rate"] for r in runs]
        counting = [r["counting"] for r in runs]
        print(
            f"check-in tick, {args.members:,} members, {label}: "
            f"median {statistics.median(rates):,.0f}/s (min {min(rates):,.0f}, "
            f"max {max(rates):,.0f}), {1e6 / statistics.median(rates):.0f} µs a member; "
            f"due counts {statistics.median(counting):.2f} s of "
            f"{statistics.median(r['seconds'] for r in runs):.2f} s"
        )
    rate = {label: statistics.median(r["rate"] for r in runs) for label, runs in results.items()}
    with_cards, without = rate[kinds[1][0]], rate[kinds[0][0]]
    print(f"slowdown from the cards: {(1 - with_cards / without) * 100:.1f}% (budget 20%)")
    if args.dated:
        dated_rate = rate[kinds[2][0]]
        print(f"slowdown from the interview dates: {(1 - dated_rate / with_cards) * 100:.1f}%")


if __name__ == "__main__":
    main()
