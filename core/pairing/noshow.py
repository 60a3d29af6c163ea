"""When a pairing group does not meet: a reminder three days after the pairing, another
partner from the week's standby pool for those who ask (within a day), and a private question
to a member who missed two weeks running. Nothing about it is ever posted in the channel.

Pure rules over stored state; the clock is passed in."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from core.pairing.week import FORGOTTEN, PairGroup
from core.scheduling.recurrence import ALL_DAYS, Recurrence
from core.scheduling.schedules import NewSchedule, Schedule, ScheduleKind

REMIND_AFTER_DAYS = 3
REMATCH_WITHIN = timedelta(days=1)  # how long a request for another partner waits
ASK_AFTER_MISSED = 2  # weeks running without meeting before a member is asked to stay in


@dataclass(frozen=True)
class Standby:
    """A member who asked for another partner: from which group, and when."""

    user_id: str
    group_id: int
    asked_at: datetime


def followup(pairing: Schedule, fired_at: datetime, now: datetime) -> NewSchedule:
    """The one-off reminder for the week `pairing` drew at its occurrence `fired_at`: the
    pairing's local time three local days later (a day of a clock change is still a day)."""
    recurrence = Recurrence(pairing.recurrence.at, pairing.recurrence.zone, ALL_DAYS)
    # Two local days later at that time is 48 h ± 1 h away, so the first occurrence after
    # 70 h is the third day's.
    after = fired_at + timedelta(days=REMIND_AFTER_DAYS) - timedelta(hours=2)
    return NewSchedule(
        platform=pairing.platform,
        workspace=pairing.workspace,
        kind=ScheduleKind.PAIR_FOLLOWUP,
        target=pairing.target,
        owner=pairing.owner,
        recurrence=recurrence,
        next_fire_at=recurrence.next_after(after).fire_at,
        created_at=now,
    )


def to_remind(groups: Sequence[PairGroup]) -> list[PairGroup]:
    """The groups of a week still to meet and not yet reminded."""
    return [g for g in groups if not g.met and not g.reminded and _people(g)]


def partner_for(
    asking: str, own: PairGroup, waiting: Sequence[Standby], late: Sequence[str]
) -> Standby | str | None:
    """Another partner for `asking`: the first who asked before them from another group, else
    a member who joined after the week was drawn; None: nobody yet."""
    for other in waiting:
        if other.user_id != asking and other.user_id not in own.members:
            return other
    return next((m for m in late if m != asking), None)


def missed_running(member: str, weeks: Sequence[Sequence[PairGroup]]) -> int:
    """How many pairing weeks running, most recent first, `member` was paired and met nobody
    (a week they asked for another partner does not count as missed)."""
    missed = 0
    for groups in reversed(weeks):
        theirs = [g for g in groups if member in g.members]
        if not theirs or any(g.met or member in g.asked for g in theirs):
            break
        missed += 1
    return missed


def to_ask_to_stay(members: Sequence[str], weeks: Sequence[Sequence[PairGroup]]) -> list[str]:
    """The opted-in members to ask, privately, whether to stay in: exactly two weeks missed
    running (asked once, not every week after)."""
    return [m for m in members if missed_running(m, weeks) == ASK_AFTER_MISSED]


def _people(group: PairGroup) -> list[str]:
    return [m for m in group.members if m != FORGOTTEN]
