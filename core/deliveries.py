"""Deliveries as values: one occurrence of a schedule, claimed, sent or given up."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from core.platform import Platform

Target = tuple[Platform, str, str]  # platform, workspace, channel or user id


class DeliveryStatus(StrEnum):
    CLAIMED = "claimed"
    SENT = "sent"
    FAILED = "failed"
    SKIPPED = "skipped"


@dataclass(frozen=True)
class Claim:
    """An occurrence to insert; the insert wins or loses against other processes."""

    schedule_id: int
    local_date: date
    fire_at: datetime
    late: bool
    question_id: str | None


@dataclass(frozen=True)
class Outcome:
    """How a claimed delivery ended, to record with others in one transaction."""

    delivery_id: int
    status: DeliveryStatus
    finished_at: datetime
    message_id: str | None = None
    error: str | None = None


@dataclass(frozen=True)
class Delivery:
    id: int
    schedule_id: int
    local_date: date
    fire_at: datetime
    status: DeliveryStatus
    late: bool
    attempts: int
    claimed_by: str
    claimed_at: datetime
    question_id: str | None = None
    message_id: str | None = None
    error: str | None = None
    finished_at: datetime | None = None


def delivery_key(schedule_id: int, local_date: date) -> str:
    """The platform's duplicate-guard key for one occurrence: the same across retries."""
    return f"prepbot-{schedule_id}-{local_date.isoformat()}"
