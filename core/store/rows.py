"""Between table rows and the core's values: the store hands out values, never rows."""

from __future__ import annotations

from datetime import time
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.engine import CursorResult

from core.coaching.profile import Consent, Profile
from core.kernel import fitting
from core.kernel.identity import UserKey
from core.kernel.platform import Platform
from core.scheduling.deliveries import Delivery
from core.scheduling.recurrence import Recurrence
from core.scheduling.schedules import NewSchedule, Schedule
from core.store.tables import DeliveryRow, ScheduleRow, UserRow

REASON_LENGTH, ERROR_LENGTH = 200, 300  # ScheduleRow.pause_reason, DeliveryRow.error
IN_CHUNK = 500  # values per IN (...) list, well inside every backend's parameter limit


def profile(row: UserRow) -> Profile:
    return Profile(
        key=UserKey(Platform(row.platform), row.workspace, row.user_id),
        timezone=row.timezone,
        target_role=row.target_role,
        interview_date=row.interview_date,
        streak=row.streak,
        best_streak=row.best_streak,
        last_done=row.last_done,
        keep_answers=bool(row.keep_answers),
        weakest_category=row.weakest_category,
        interview_outcome=row.interview_outcome,
        reviews_a_day=row.reviews_a_day,
        ai_feedback=Consent(row.ai_feedback) if row.ai_feedback else None,
    )


def schedule(row: ScheduleRow) -> Schedule:
    return Schedule(
        id=row.id,
        platform=Platform(row.platform),
        workspace=row.workspace,
        kind=row.kind,
        target=row.target,
        owner=row.owner,
        recurrence=Recurrence(time(row.hour, row.minute), ZoneInfo(row.timezone), row.weekdays),
        next_fire_at=row.next_fire_at,
        created_at=row.created_at,
        role=row.role,
        category=row.category,
        paused=row.paused,
        pause_reason=row.pause_reason,
    )


def schedule_row(value: NewSchedule) -> ScheduleRow:
    recurrence = value.recurrence
    return ScheduleRow(
        platform=value.platform.value,
        workspace=value.workspace,
        kind=value.kind,
        target=value.target,
        owner=value.owner,
        hour=recurrence.at.hour,
        minute=recurrence.at.minute,
        timezone=recurrence.zone.key,
        weekdays=recurrence.weekdays,
        role=value.role,
        category=value.category,
        paused=False,
        next_fire_at=value.next_fire_at,
        created_at=value.created_at,
    )


def delivery(row: DeliveryRow) -> Delivery:
    return Delivery(
        id=row.id,
        schedule_id=row.schedule_id,
        local_date=row.local_date,
        fire_at=row.fire_at,
        status=row.status,
        late=row.late,
        attempts=row.attempts,
        claimed_by=row.claimed_by,
        claimed_at=row.claimed_at,
        question_id=row.question_id,
        message_id=row.message_id,
        error=row.error,
        finished_at=row.finished_at,
        guard_key=row.guard_key,
        next_attempt_at=row.next_attempt_at,
        maybe_sent=row.maybe_sent,
    )


def clip(text: str | None, length: int) -> str | None:
    """A platform's error text, cut to fit its column (PostgreSQL refuses longer values)."""
    return None if text is None else fitting.clip(text, length)


def rowcount(result: CursorResult[Any] | Any) -> int:
    return int(getattr(result, "rowcount", 0) or 0)
