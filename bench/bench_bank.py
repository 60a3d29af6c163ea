"""Choosing the next question with a workspace's own bank beside the shipped one, and importing
a large bank. Run: `.venv/bin/python -m bench.bench_bank` (`--help` for sizes).

1. A channel's next question: the dispatcher's `questions_for` for one channel schedule (the
   revision read, the rotation read and saved, the pick), repeated day after day, in a
   workspace with no questions of its own and in one with 10,000 beside the shipped bank.
2. A member's next question: `/practice` through the command handler (profile, bank revision,
   cards, history, the pick, the practice recorded), in the same two workspaces.
3. Importing a 10,000-row CSV: the rows read and checked, then added in one transaction; rows
   a second and the peak memory that Python allocated meanwhile (tracemalloc).
All on a SQLite file, after warm-up (the first call of a changed bank builds it once).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.bench_practice import quantile, summary
from bot.compose import build_handler
from core.content.loader import Content, load_content
from core.dispatch.compose import Composer
from core.kernel.identity import Caller
from core.kernel.platform import Platform
from core.questions.bank import Status
from core.questions.library import Library
from core.questions.transfer import check_rows, read_csv
from core.roles.catalog import Catalog
from core.scheduling.schedules import Schedule
from core.store.database import create_engine, sqlite_url
from core.store.migrate import upgrade
from core.store.store import Store
from tests.fakes import channel_schedule

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
CATEGORIES = ("product-sense", "execution", "leadership-principles", "behavioural", "culture")
ROLES = ("netflix-pm", "netflix-pmm", "amazon-pm")


def bank_csv(rows: int, seed: int = 1) -> str:
    rng = random.Random(seed)
    lines = ["id,prompt,category,roles,rubric,source"]
    for n in range(rows):
        role = rng.choice(ROLES)
        prompt = f"Group question number {n}: how would you approach case {rng.random():.8f}?"
        rubric = " | ".join(f"Point {p} of question {n}" for p in range(1, 5))
        lines.append(f',"{prompt}",{rng.choice(CATEGORIES)},{role},"{rubric}",bench')
    return "\n".join(lines) + "\n"


async def import_bank(
    store: Store, content: Content, workspace: str, rows: int
) -> dict[str, float]:
    text = bank_csv(rows)
    library = Library(content.questions, store.questions)
    tracemalloc.start()
    started = time.perf_counter()
    bank = await library.bank(Platform.CONSOLE, workspace)
    checked = check_rows(read_csv(text), Catalog(content), bank)
    drafts = [draft for _, draft in checked.drafts]
    await store.questions.add(Platform.CONSOLE, workspace, drafts, "bench", Status.ACTIVE, NOW)
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert len(drafts) == rows, checked.refused[:3]
    return {"rows_per_s": rows / seconds, "seconds": seconds, "peak_mb": peak / 2**20}


async def channel_picks(store: Store, content: Content, schedule: Schedule, n: int) -> list[float]:
    library = Library(content.questions, store.questions)
    composer = Composer(
        content, store.users, store.deliveries, random.Random(1), store.cards, lambda: NOW, library
    )
    times = []
    for _ in range(n + 20):
        started = time.perf_counter()
        chosen = await composer.questions_for([schedule], {})
        times.append((time.perf_counter() - started) * 1000)
        assert schedule.id in chosen
    return times[20:]


async def member_picks(store: Store, content: Content, workspace: str, n: int) -> list[float]:
    clock = [NOW]
    handler = build_handler(Catalog(content), store, lambda: clock[0], random.Random(2))
    caller = Caller(platform=Platform.CONSOLE, workspace=workspace, user="member")
    times = []
    for _ in range(n + 20):
        started = time.perf_counter()
        reply = await handler.handle("/practice", caller)
        times.append((time.perf_counter() - started) * 1000)
        assert reply.problem is None, reply.plain_text()
        clock[0] += timedelta(minutes=1)
    return times[20:]


async def run(directory: Path, rows: int, picks: int) -> None:
    content = load_content()
    engine = create_engine(sqlite_url(directory / "bank.sqlite3"))
    await upgrade(engine)
    store = Store(engine)
    try:
        figures = await import_bank(store, content, "big", rows)
        print(
            f"import of a {rows:,}-row CSV: {figures['rows_per_s']:,.0f} rows/s "
            f"({figures['seconds']:.2f} s), peak memory {figures['peak_mb']:.1f} MB"
        )
        medians: dict[str, dict[str, float]] = {}
        for workspace, label in (("small", "shipped bank alone"), ("big", f"+{rows:,} own")):
            schedule = await store.schedules.add(
                channel_schedule(NOW, workspace=workspace, target=f"study-{workspace}")
            )
            channel = await channel_picks(store, content, schedule, picks)
            member = await member_picks(store, content, workspace, picks)
            print(f"a channel's next question, {label} (ms): {summary(channel)}")
            print(f"a member's next question (/practice), {label} (ms): {summary(member)}")
            medians[workspace] = {
                "channel": statistics.median(channel),
                "member": statistics.median(member),
                "channel_p99": quantile(channel, 0.99),
                "member_p99": quantile(member, 0.99),
            }
        for kind in ("channel", "member"):
            ratio = medians["big"][kind] / medians["small"][kind]
            p99 = medians["big"][f"{kind}_p99"] / medians["small"][f"{kind}_p99"]
            print(f"{kind}: median {ratio:.2f}x, p99 {p99:.2f}x the shipped bank alone (target 2x)")
    finally:
        await store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000, help="the workspace's own questions")
    parser.add_argument("--picks", type=int, default=300, help="timed picks of each kind")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-bank-") as name:
        asyncio.run(run(Path(name), args.rows, args.picks))


if __name__ == "__main__":
    main()
