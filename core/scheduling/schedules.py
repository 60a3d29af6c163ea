"""Schedules as values: a channel's daily question or weekly pairing, a member's check-in,
summary or snooze."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from core.kernel.identity import UserKey
from core.kernel.platform import Platform
from core.scheduling.recurrence import ALL_DAYS, Recurrence


class ScheduleKind(StrEnum):
    CHANNEL = "channel"
    CHECKIN = "checkin"
    SUMMARY = "summary"
    SNOOZE = "snooze"  # fires once: a check-in put off for an hour
    PAIRING = "pairing"  # a channel's weekly peer mock interviews
    # fires once: three days after a pairing, a reminder by DM to each group yet to meet
    PAIR_FOLLOWUP = "pair_followup"

    @property
    def personal(self) -> bool:
        """Sent to one member by direct message, rather than posted in a channel."""
        return self not in (ScheduleKind.CHANNEL, ScheduleKind.PAIRING, ScheduleKind.PAIR_FOLLOWUP)

    @property
    def one_off(self) -> bool:
        return self in (ScheduleKind.SNOOZE, ScheduleKind.PAIR_FOLLOWUP)


PERSONAL_KINDS = tuple(kind for kind in ScheduleKind if kind.personal)
SUNDAY = 1 << 6


@dataclass(frozen=True, kw_only=True)
class NewSchedule:
    """A schedule not yet stored."""

    platform: Platform
    workspace: str
    kind: ScheduleKind
    target: str  # a channel id, or a user id for personal kinds
    owner: str
    recurrence: Recurrence
    next_fire_at: datetime | None  # None once a one-off has fired
    created_at: datetime
    role: str | None = None
    category: str | None = None

    @property
    def owner_key(self) -> UserKey:
        return UserKey(self.platform, self.workspace, self.owner)


@dataclass(frozen=True, kw_only=True)
class Schedule(NewSchedule):
    id: int
    paused: bool = False
    pause_reason: str | None = None

    def describe(self) -> str:
        """`at 09:00 Europe/London weekdays (amazon-pm execution)`."""
        what = " ".join(p for p in (self.role, self.category) if p)
        return f"at {self.recurrence.describe()}" + (f" ({what})" if what else "")

    def following(self, fire_at: datetime) -> datetime | None:
        """When it fires after the occurrence at `fire_at`; None for a one-off."""
        if self.kind.one_off:
            return None
        return self.recurrence.next_after(fire_at).fire_at

    def upcoming(self, now: datetime, count: int) -> list[datetime]:
        """Its next `count` fire times from `now`: from the occurrence it is at, unless paused."""
        if self.kind.one_off:
            return [self.next_fire_at] if self.next_fire_at and not self.paused else []
        after = now
        if not self.paused and self.next_fire_at is not None:
            after = max(now, self.next_fire_at - timedelta(seconds=1))
        return [o.fire_at for o in self.recurrence.upcoming(after, count)]

    def moved_to(self, next_fire_at: datetime | None) -> Schedule:
        return dataclasses.replace(self, next_fire_at=next_fire_at)


def new_schedule(
    owner: UserKey,
    kind: ScheduleKind,
    target: str,
    recurrence: Recurrence,
    now: datetime,
    *,
    role: str | None = None,
    category: str | None = None,
) -> NewSchedule:
    """A schedule owned by `owner`, due at its first occurrence after `now`."""
    return NewSchedule(
        platform=owner.platform,
        workspace=owner.workspace,
        kind=kind,
        target=target,
        owner=owner.user_id,
        recurrence=recurrence,
        next_fire_at=recurrence.next_after(now).fire_at,
        created_at=now,
        role=role,
        category=category,
    )


def personal_schedules(
    owner: UserKey, checkin: Recurrence, summary_at: time, now: datetime
) -> list[NewSchedule]:
    """A member's daily check-in and their Sunday summary, in the check-in's timezone."""
    summary = Recurrence(summary_at, checkin.zone, SUNDAY)
    return [
        new_schedule(owner, ScheduleKind.CHECKIN, owner.user_id, checkin, now),
        new_schedule(owner, ScheduleKind.SUMMARY, owner.user_id, summary, now),
    ]


def snooze(owner: UserKey, until: datetime, zone: ZoneInfo, now: datetime) -> NewSchedule:
    """A one-off check-in at `until`; `zone` names its local time."""
    local = until.astimezone(zone)
    return NewSchedule(
        platform=owner.platform,
        workspace=owner.workspace,
        kind=ScheduleKind.SNOOZE,
        target=owner.user_id,
        owner=owner.user_id,
        recurrence=Recurrence(time(local.hour, local.minute), zone, ALL_DAYS),
        next_fire_at=until,
        created_at=now,
    )
