"""The interview deadline, balanced review days and /prep status. Run:
`.venv/bin/python -m bench.bench_deadline` (`--help` for sizes).

1. A grade for a member with 1,000 cards (due over the next 60 days, an interview in 30),
   through the command handler on a SQLite file: with the deadline and balance rules, and
   with them switched off (what grading did before them), alternated; the pure rules alone
   (the day loads and the landing of one card) too. The grade (Easy) is pressed beside the
   grader's suggestion (Good), which the review keeps; a third kind, alternated with those,
   presses it with the rules on and no suggestion (the payload grading had before).
2. The replan of those 1,000 cards when the interview date is set (the pure rule alone).
3. `/prep status` for a moderator of a workspace with 1,000 channels, each with a daily
   schedule and 14 days of deliveries (one in ten missed or skipped), through the handler:
   the first page, and one channel's detail.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import insert

import core.practice.grading_commands as grading_commands
from bench.bench_practice import CATEGORIES, quantile
from bot.compose import build_handler
from core.content.loader import load_content
from core.kernel.identity import Caller
from core.kernel.platform import Platform
from core.practice.deadline import Aim, Landing, day_loads, land, replan
from core.practice.srs import Card
from core.roles.catalog import Catalog
from core.scheduling.deliveries import DeliveryStatus
from core.scheduling.recurrence import ALL_DAYS
from core.scheduling.schedules import ScheduleKind
from core.store.database import create_engine, sqlite_url
from core.store.migrate import upgrade
from core.store.store import Store
from core.store.tables import CardRow, DeliveryRow, ScheduleRow

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
ADA = Caller(Platform.CONSOLE, "w0", "ada", channel="c0000")


def summary(samples: list[float]) -> str:
    return (
        f"median {statistics.median(samples):.3f} ms, p99 {quantile(samples, 0.99):.3f} ms, "
        f"IQR {quantile(samples, 0.25):.3f}–{quantile(samples, 0.75):.3f}, n={len(samples)}"
    )


def cards(count: int, seed: int) -> list[Card]:
    rng = random.Random(seed)
    return [
        Card(
            f"q{c}",
            CATEGORIES[c % len(CATEGORIES)],
            NOW + timedelta(days=rng.uniform(1, 60)),
            rng.uniform(1, 60),
            rng.uniform(1, 10),
            NOW - timedelta(days=rng.uniform(1, 30)),
            1 + c % 5,
            0,
        )
        for c in range(count)
    ]


async def timed(call: Callable[[], Awaitable[object]], repeats: int) -> list[float]:
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        await call()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


async def grading(directory: Path, repeats: int) -> dict[str, list[float]]:
    engine = create_engine(sqlite_url(directory / "grade.sqlite3"))
    await upgrade(engine)
    store = Store(engine)
    content = load_content()
    handler = build_handler(Catalog(content), store, lambda: NOW, random.Random(1))
    await handler.handle("/prep profile interview=2026-12-23", ADA)
    profile = await store.users.user(ADA.key)
    assert profile is not None
    async with engine.begin() as connection:
        rows = [
            {"user_pk": 1, **{k: getattr(c, k) for k in Card.__dataclass_fields__}}
            for c in cards(1_000, 2)
        ]
        await connection.execute(insert(CardRow), rows)
    question = content.questions[0]

    async def grade(beside: str = ":grader3") -> None:
        card = next(
            (c for c in await store.cards.cards(ADA.key) if c.question_id == question.id), None
        )
        seq = card.reps if card else 0
        reply = await handler.press("practice.grade", f"{question.id}:{seq}:4{beside}", ADA)
        assert reply.title == "Graded: Easy", reply.title

    names = vars(grading_commands)  # the grade path's own name for the rule, switched
    real = names["land"]

    def off(due: datetime, now: datetime, aim: Aim, loads: object) -> Landing:
        return Landing(due)

    results: dict[str, list[float]] = {"on": [], "off": [], "on, no suggestion": []}
    await timed(grade, 20)
    for _ in range(repeats):
        for mode in results:
            names["land"] = off if mode == "off" else real
            press = (lambda: grade("")) if mode == "on, no suggestion" else grade
            results[mode].extend(await timed(press, 1))
    names["land"] = real
    await store.close()
    return results


def pure_rules(repeats: int) -> dict[str, list[float]]:
    zone = ZoneInfo("Europe/London")
    aim = Aim(zone, date(2026, 12, 23))
    deck = cards(1_000, 3)
    out: dict[str, list[float]] = {"land": [], "replan": []}
    for _ in range(repeats):
        start = time.perf_counter()
        loads = day_loads(deck, zone, NOW.date())
        land(NOW + timedelta(days=45), NOW, aim, loads)
        out["land"].append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        replan(deck, NOW, aim)
        out["replan"].append((time.perf_counter() - start) * 1000)
    return out


async def status(directory: Path, channels: int, repeats: int) -> dict[str, list[float]]:
    engine = create_engine(sqlite_url(directory / "status.sqlite3"))
    await upgrade(engine)
    async with engine.begin() as connection:
        await connection.execute(
            insert(ScheduleRow),
            [
                {
                    "platform": "console",
                    "workspace": "w0",
                    "kind": ScheduleKind.CHANNEL,
                    "target": f"c{i:04}",
                    "owner": "ada",
                    "hour": 9,
                    "minute": 0,
                    "timezone": "Europe/London",
                    "weekdays": ALL_DAYS,
                    "paused": i % 50 == 0,
                    "pause_reason": "channel_not_found" if i % 50 == 0 else None,
                    "next_fire_at": NOW + timedelta(days=1),
                    "created_at": NOW - timedelta(days=30),
                }
                for i in range(channels)
            ],
        )
        statuses = [DeliveryStatus.SENT] * 8 + [DeliveryStatus.MISSED, DeliveryStatus.SKIPPED]
        await connection.execute(
            insert(DeliveryRow),
            [
                {
                    "schedule_id": i + 1,
                    "local_date": (NOW - timedelta(days=d)).date(),
                    "fire_at": NOW - timedelta(days=d),
                    "status": statuses[(i + d) % 10],
                    "claimed_by": "bench",
                    "claimed_at": NOW - timedelta(days=d),
                    "guard_key": f"g{i}-{d}",
                    "error": "502 bad gateway",
                }
                for i in range(channels)
                for d in range(1, 15)
            ],
        )
    store = Store(engine)
    handler = build_handler(Catalog(load_content()), store, lambda: NOW, random.Random(1))
    first = await handler.handle("/prep status", ADA)
    assert first.title == "Status", first
    target = first.buttons[0].payload
    await timed(lambda: handler.handle("/prep status", ADA), 10)
    out = {
        "page": await timed(lambda: handler.handle("/prep status", ADA), repeats),
        "detail": await timed(lambda: handler.press("status.detail", target, ADA), repeats),
    }
    await store.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--grades", type=int, default=200, help="grades of each kind")
    parser.add_argument("--rules", type=int, default=200, help="runs of the pure rules")
    parser.add_argument("--channels", type=int, default=1_000, help="channels for /prep status")
    parser.add_argument("--status", type=int, default=200, help="/prep status calls")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-deadline-") as name:
        graded = asyncio.run(grading(Path(name), args.grades))
        for mode, samples in graded.items():
            print(f"grade, 1,000 cards, rules {mode}: {summary(samples)}")
        ratio = statistics.median(graded["on"]) / statistics.median(graded["off"])
        print(f"grade with the rules against without: {ratio:.2f}x (budget 1.20x)")
        beside = statistics.median(graded["on"]) / statistics.median(graded["on, no suggestion"])
        print(f"grade beside a suggestion against without one: {beside:.2f}x")
        for rule, samples in pure_rules(args.rules).items():
            print(f"pure {rule}, 1,000 cards: {summary(samples)}")
        for view, samples in asyncio.run(status(Path(name), args.channels, args.status)).items():
            print(f"/prep status {view}, {args.channels:,} channels: {summary(samples)}")


if __name__ == "__main__":
    main()
