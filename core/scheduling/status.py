"""What the bot is doing in a workspace, for its moderators: each channel's last and next post,
what is paused and why, where the bot cannot post and how to let it, and every post missed,
skipped or failed in the last two weeks with the reason the dispatcher recorded.

Short first: one line a channel, those needing attention on top, a page at a time; a button
per channel opens its detail. Pure functions of the stored schedules and deliveries.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from core.kernel.reply import Button, Ref, Reply, Section, TextSection
from core.scheduling.deliveries import Delivery, DeliveryStatus
from core.scheduling.recurrence import describe_instant
from core.scheduling.schedules import Schedule, ScheduleKind

STATUS_WINDOW = timedelta(days=14)
PAGE = 20  # channels a page: a detail button each, and a page button, within 25
SILENCES_SHOWN = 10  # a schedule's missed posts listed in its detail, the latest
DETAIL_ACTION, PAGE_ACTION = "status.detail", "status.page"
DIRECT = "dm"  # the payload naming the caller's own direct messages
SILENT = (DeliveryStatus.MISSED, DeliveryStatus.SKIPPED, DeliveryStatus.FAILED)


@dataclass(frozen=True)
class Activity:
    """A schedule's last delivery, and those that did not post since the window began."""

    last: Delivery | None = None
    silent: tuple[Delivery, ...] = ()


@dataclass(frozen=True)
class Place:
    """A channel (or the caller's direct messages) and the schedules that post there."""

    target: str
    schedules: tuple[Schedule, ...]
    activity: Mapping[int, Activity]
    cannot_post: str | None = None  # what stops the bot posting there, and what to do

    @property
    def direct(self) -> bool:
        return self.target == DIRECT

    @property
    def silences(self) -> list[Delivery]:
        return sorted(
            (d for s in self.schedules for d in self.activity.get(s.id, Activity()).silent),
            key=lambda d: d.fire_at,
        )

    @property
    def needs_attention(self) -> bool:
        paused = any(s.paused for s in self.schedules)
        return paused or self.cannot_post is not None or bool(self.silences)

    def last(self) -> Delivery | None:
        found = [a.last for s in self.schedules if (a := self.activity.get(s.id)) and a.last]
        return max(found, key=lambda d: (d.fire_at, d.id), default=None)

    def upcoming(self) -> tuple[datetime, Schedule] | None:
        found = [(s.next_fire_at, s) for s in self.schedules if s.next_fire_at and not s.paused]
        return min(found, key=lambda pair: (pair[0], pair[1].id), default=None)


def places(
    channel_schedules: Iterable[Schedule],
    direct_schedules: Iterable[Schedule],
    activity: Mapping[int, Activity],
) -> list[Place]:
    """One place per channel and one for the caller's direct messages (if any), those needing
    attention first, then by channel."""
    by_target: dict[str, list[Schedule]] = {}
    for schedule in channel_schedules:
        by_target.setdefault(schedule.target, []).append(schedule)
    found = [Place(t, tuple(s), activity) for t, s in by_target.items()]
    found.sort(key=lambda p: (not p.needs_attention, p.target))
    direct = tuple(direct_schedules)
    return [Place(DIRECT, direct, activity), *found] if direct else found


def why(delivery: Delivery) -> str:
    """Why a post did not go out, as the dispatcher recorded it."""
    if delivery.status is DeliveryStatus.SKIPPED:
        return "skipped: I was not running when it came due and the grace window had closed"
    if delivery.status is DeliveryStatus.MISSED:
        return f"missed: it kept failing until the grace window closed ({delivery.error})"
    return f"failed: {delivery.error}; the schedule is paused"


KINDS = {
    ScheduleKind.CHANNEL: "daily question",
    ScheduleKind.PAIRING: "weekly pairing",
    ScheduleKind.CHECKIN: "check-in",
    ScheduleKind.SUMMARY: "Sunday summary",
    ScheduleKind.SNOOZE: "snoozed check-in",
    ScheduleKind.PAIR_FOLLOWUP: "pairing reminder",
}


def _when(instant: datetime, schedule: Schedule) -> str:
    return f"{instant.astimezone(schedule.recurrence.zone):%a %d %b %H:%M}"


def _short(instant: datetime, schedule: Schedule) -> str:
    return f"{instant.astimezone(schedule.recurrence.zone):%d %b %H:%M}"


def _summary(place: Place) -> str:
    parts: list[str] = []
    last = place.last()
    by_id = {s.id: s for s in place.schedules}
    if last is not None:
        parts.append(f"{last.status.value} {_short(last.fire_at, by_id[last.schedule_id])}")
    upcoming = place.upcoming()
    if upcoming is not None:
        parts.append(f"next {_short(*upcoming)}")
    paused = sum(s.paused for s in place.schedules)
    if paused:
        parts.append(f"{paused} paused")
    if place.cannot_post is not None:
        parts.append("can't post")
    if silences := place.silences:
        parts.append(f"{len(silences)} missed")
    return ", ".join(parts) or "nothing yet"


def overview_reply(found: Sequence[Place], page: int = 0) -> Reply:
    """A page of places, a line each, with a detail button each."""
    pages = max(1, -(-len(found) // PAGE))
    page = min(max(page, 0), pages - 1)
    shown = found[page * PAGE : (page + 1) * PAGE]
    if not found:
        return Reply(
            title="Status",
            sections=(
                TextSection(
                    text="Nothing is scheduled here yet: `/prep schedule #channel 09:00` posts a "
                    "daily question, `/prep checkin 08:00` starts your check-ins."
                ),
            ),
        )
    lines: list[str] = []
    refs: list[Ref] = []
    for number, place in enumerate(shown, page * PAGE + 1):
        if place.direct:
            lines.append(f"{number}. Your direct messages: {_summary(place)}")
        else:
            lines.append(f"{number}. {{{len(refs)}}}: {_summary(place)}")
            refs.append(Ref.channel(place.target))
    attention = sum(p.needs_attention for p in found)
    footer = (
        f"{len(found)} place(s), {attention} needing attention; page {page + 1} of {pages}. "
        "Last post and next (local time); missed: not posted in 14 days. Details: why, and "
        "what to fix."
    )
    buttons = [
        Button(action=DETAIL_ACTION, label=f"Details {n}", payload=p.target)
        for n, p in enumerate(shown, page * PAGE + 1)
    ]
    if pages > 1:
        buttons.append(Button(action=PAGE_ACTION, label="More", payload=str((page + 1) % pages)))
    return Reply(
        title="Status",
        sections=(TextSection(text="\n".join(lines), refs=tuple(refs)), TextSection(text=footer)),
        buttons=tuple(buttons),
    )


def detail_reply(place: Place) -> Reply:
    """One place in full: each schedule's next and last post, pauses, and every silence."""
    where = "Your direct messages" if place.direct else "{0}"
    refs = () if place.direct else (Ref.channel(place.target),)
    access = (
        f"I can't post there: {place.cannot_post}"
        if place.cannot_post
        else "I can post there, as far as the platform says now."
    )
    sections: list[Section] = [TextSection(text=f"{where}. {access}", refs=refs)]
    for schedule in place.schedules:
        sections.append(_schedule_section(schedule, place.activity.get(schedule.id, Activity())))
    if not place.silences:
        sections.append(TextSection(text="Nothing missed or skipped in the last 14 days."))
    return Reply(
        title="Status in detail",
        sections=tuple(sections),
        buttons=(Button(action=PAGE_ACTION, label="Back to all", payload="0"),),
    )


def _schedule_section(schedule: Schedule, activity: Activity) -> TextSection:
    zone = schedule.recurrence.zone
    lines: list[str] = []
    if schedule.paused:
        lines.append(
            f"Paused: {schedule.pause_reason}. `/prep checkin HH:MM` starts it again."
            if schedule.kind.personal
            else f"Paused: {schedule.pause_reason}. Once fixed, `/prep resume {schedule.id}`."
        )
    elif schedule.next_fire_at is not None:
        lines.append(f"Next: {describe_instant(schedule.next_fire_at, zone)}")
    if activity.last is not None:
        last = activity.last
        lines.append(f"Last: {last.status.value}, {describe_instant(last.fire_at, zone)}")
    silent = activity.silent[-SILENCES_SHOWN:]
    if len(activity.silent) > len(silent):
        lines.append(f"{len(activity.silent) - len(silent)} earlier ones not listed.")
    lines.extend(f"• {_when(d.fire_at, schedule)}: {why(d)}" for d in silent)
    heading = f"#{schedule.id}: {KINDS[schedule.kind]} {schedule.describe()}"
    return TextSection(heading=heading, text="\n".join(lines) or "Not posted yet.")


def home_section(found: Sequence[Place]) -> TextSection | None:
    """For App Home: how many places, and the first that need attention."""
    if not found:
        return None
    troubled = [p for p in found if p.needs_attention][:3]
    lines = [f"{len(found)} place(s); {sum(p.needs_attention for p in found)} need attention."]
    refs: list[Ref] = []
    for place in troubled:
        name = "Your direct messages" if place.direct else f"{{{len(refs)}}}"
        if not place.direct:
            refs.append(Ref.channel(place.target))
        lines.append(f"• {name}: {_summary(place)}")
    lines.append("`/prep status` shows every channel.")
    return TextSection(heading="Status", text="\n".join(lines), refs=tuple(refs))
