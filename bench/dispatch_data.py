"""The dispatcher benchmark's data: schedules due at NOW (or spread over the next day), their
members' profiles, days of sent questions before today for each, and the rotation state a
running bot keeps. The history is copied day by day inside the database (INSERT … SELECT),
so that a year of it for 10,000 schedules takes seconds, on SQLite and on PostgreSQL."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import insert, text

from core.content.loader import load_content
from core.practice.bank import Rotation
from core.scheduling.deliveries import DeliveryStatus
from core.scheduling.recurrence import ALL_DAYS, WEEKDAYS, next_occurrence
from core.scheduling.schedules import ScheduleKind
from core.store.database import create_engine
from core.store.migrate import upgrade
from core.store.tables import Base, DeliveryRow, RotationRow, ScheduleRow, UserRow

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
ZONES = ["UTC", "Europe/London", "Europe/Berlin", "America/New_York", "Asia/Kolkata"]
FILTERS: list[tuple[str | None, str | None]] = [
    (None, None),
    ("netflix-pm", None),
    ("amazon-pm", "leadership-principles"),
    ("netflix-pmm", "market-strategy"),
    ("amazon-pm", None),
]
CHUNK = 10_000


def _schedule_rows(count: int, due: bool, rng: random.Random) -> tuple[list[Any], list[Any]]:
    """Four in five are channels' daily questions (with a mix of filters), one in five a
    member's check-in (with a profile: role, interview date)."""
    schedules: list[dict[str, Any]] = []
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
        schedules.append(
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
    return schedules, users


def _question(questions: list[str], schedule_id: int, day: int) -> str:
    return questions[(schedule_id * 7 + day) % len(questions)]


async def populate(
    url: str, count: int, *, due: bool, seed: int = 1, history_days: int = 0
) -> None:
    """`count` schedules and `history_days` days of sent questions before today for each."""
    engine = create_engine(url)
    await upgrade(engine)
    schedules, users = _schedule_rows(count, due, random.Random(seed))
    questions = [q.id for q in load_content().questions]
    postgres = engine.dialect.name == "postgresql"
    async with engine.begin() as connection:
        for table, values in ((ScheduleRow, schedules), (UserRow, users)):
            for start in range(0, len(values), CHUNK):
                await connection.execute(insert(table), values[start : start + CHUNK])
    if history_days:
        async with engine.begin() as connection:
            yesterday = NOW - timedelta(days=1)
            first = [
                {
                    "schedule_id": schedule_id,
                    "local_date": yesterday.date(),
                    "fire_at": yesterday,
                    "status": DeliveryStatus.SENT,
                    "late": False,
                    "attempts": 1,
                    "claimed_by": "history",
                    "claimed_at": yesterday,
                    "question_id": _question(questions, schedule_id, 1),
                    "message_id": f"h{schedule_id:07d}-001",
                    "guard_key": f"h{schedule_id:07d}-001",
                    "maybe_sent": False,
                    "finished_at": yesterday,
                }
                for schedule_id in range(1, count + 1)
            ]
            for start in range(0, len(first), CHUNK):
                await connection.execute(insert(DeliveryRow), first[start : start + CHUNK])
            await connection.execute(
                text("CREATE TABLE bench_questions (i INTEGER PRIMARY KEY, id VARCHAR(64))")
            )
            await connection.execute(
                text("INSERT INTO bench_questions VALUES (:i, :id)"),
                [{"i": i, "id": question} for i, question in enumerate(questions)],
            )
            await connection.execute(text("CREATE TABLE bench_days (day INTEGER PRIMARY KEY)"))
            if history_days > 1:
                await connection.execute(
                    text("INSERT INTO bench_days VALUES (:day)"),
                    [{"day": day} for day in range(2, history_days + 1)],
                )
            # The status indexes are built once at the end: kept up to date row by row,
            # they would make loading a year a matter of minutes.
            indexes = Base.metadata.tables[DeliveryRow.__tablename__].indexes
            for index in indexes:
                await connection.run_sync(index.drop)
            await connection.execute(text(_copy_days(postgres, count, len(questions))))
            for index in indexes:
                await connection.run_sync(index.create)
        async with engine.begin() as connection:
            await connection.execute(text("DROP TABLE bench_questions"))
            await connection.execute(text("DROP TABLE bench_days"))
        async with engine.begin() as connection:
            # where each target stands in its cycle, as a running bot keeps it
            everything = set(questions)
            states = []
            for schedule_id, row in enumerate(schedules, 1):
                asked = [_question(questions, schedule_id, d) for d in range(history_days, 0, -1)]
                state = Rotation.of(asked, everything)
                states.append(
                    {
                        "platform": row["platform"],
                        "workspace": row["workspace"],
                        "target": row["target"],
                        "asked": " ".join(sorted(state.asked)),
                        "last": state.last,
                    }
                )
            for start in range(0, len(states), CHUNK):
                await connection.execute(insert(RotationRow), states[start : start + CHUNK])
    await engine.dispose()


def _copy_days(postgres: bool, count: int, pool: int) -> str:
    """Yesterday's rows (ids 1 to `count`) again for every day in bench_days, that many days
    back, each with the question that day gets. One statement, in the order of the unique
    keys (schedule, date; and the guard key), so that their indexes grow at one end instead
    of all over."""
    if postgres:
        back = "(day - 1) * interval '1 day'"
        local_date, fire_at = "local_date - (day - 1)", f"fire_at - {back}"
        label = "'h' || lpad(schedule_id::text, 7, '0') || '-' || lpad(day::text, 3, '0')"
    else:
        local_date = "date(local_date, '-' || (day - 1) || ' day')"
        shifted = "strftime('%Y-%m-%d %H:%M:%S', fire_at, '-' || (day - 1) || ' day')"
        fire_at = f"{shifted} || '.000000'"
        label = "printf('h%07d-%03d', schedule_id, day)"
    question = f"(SELECT id FROM bench_questions WHERE i = (schedule_id * 7 + day) % {pool})"
    return f"""
        INSERT INTO deliveries (schedule_id, local_date, fire_at, status, late, attempts,
            claimed_by, claimed_at, question_id, message_id, guard_key, maybe_sent, finished_at)
        SELECT schedule_id, {local_date}, {fire_at}, status, late, attempts, claimed_by,
            {fire_at}, {question}, {label}, {label}, maybe_sent, {fire_at}
        FROM deliveries CROSS JOIN bench_days WHERE id <= {count}
        ORDER BY deliveries.id, day
    """
