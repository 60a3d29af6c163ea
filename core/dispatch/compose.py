"""What a scheduled delivery says: the question of the day (rotated per channel or member), a
check-in, a weekly summary, and the notice to an owner whose schedule was paused."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from core.coaching.checkin import checkin_reply, summary_reply
from core.coaching.profile import Profile
from core.content.loader import Content
from core.dispatch.policy import Job
from core.kernel.clock import Clock
from core.kernel.identity import UserKey
from core.kernel.reply import Ref, Reply, TextSection, Visibility
from core.ports import CardStore, DeliveryLedger, UserStore
from core.practice.bank import Rotation, pick, question_reply
from core.practice.progress import week
from core.questions.library import Library
from core.scheduling.deliveries import Target, Trouble
from core.scheduling.schedules import Schedule, ScheduleKind

CHECKIN_KINDS = (ScheduleKind.CHECKIN, ScheduleKind.SNOOZE)


class Composer:
    def __init__(
        self,
        content: Content,
        users: UserStore,
        ledger: DeliveryLedger,
        rng: random.Random,
        cards: CardStore,
        clock: Clock,
        library: Library,
    ) -> None:
        self.content = content
        self.users = users
        self.ledger = ledger
        self.rng = rng
        self.cards = cards
        self.clock = clock
        self.library = library

    async def profiles(self, schedules: list[Schedule]) -> dict[UserKey, Profile]:
        """The members that personal schedules go to, in one query."""
        return await self.users.users({s.owner_key for s in schedules if s.kind.personal})

    async def due_today(self, schedules: list[Schedule], now: datetime) -> dict[UserKey, int]:
        """Reviews each check-in's member has due by the end of their day: one count query
        per timezone among the check-ins (members absent have none due)."""
        by_end: dict[datetime, set[UserKey]] = {}
        for schedule in schedules:
            if schedule.kind in CHECKIN_KINDS:
                by_end.setdefault(end_of_day(now, schedule.recurrence.zone), set()).add(
                    schedule.owner_key
                )
        counts: dict[UserKey, int] = {}
        for end, keys in sorted(by_end.items()):
            counts.update(await self.cards.due_counts(keys, end))
        return counts

    async def questions_for(
        self, schedules: list[Schedule], profiles: dict[UserKey, Profile]
    ) -> dict[int, str]:
        """Today's question for each schedule, from where its channel (or member) is in its
        cycle through the pool: one query for the lot, and one to store where they move to.
        Schedules sharing a channel see each other's picks."""
        wanted = [s for s in schedules if s.kind in (ScheduleKind.CHANNEL, ScheduleKind.CHECKIN)]
        targets = {(s.platform, s.workspace, s.target) for s in wanted}
        states = await self.ledger.rotations(targets)
        new = targets - set(states)
        history = await self.ledger.questions_posted_many(new) if new else {}
        banks = await self.library.banks({(s.platform, s.workspace) for s in wanted})
        chosen: dict[int, str] = {}
        moved: dict[Target, Rotation] = {}
        for schedule in wanted:
            role = schedule.role
            if schedule.kind is ScheduleKind.CHECKIN:
                profile = profiles.get(schedule.owner_key)
                role = profile.target_role if profile else None
            bank = banks[(schedule.platform, schedule.workspace)]
            # The channel's pool: the shipped questions its workspace has not hidden, and the
            # workspace's own, rotated together.
            candidates = bank.pool(role, schedule.category)
            pool_ids = bank.pool_ids(role, schedule.category)
            target: Target = (schedule.platform, schedule.workspace, schedule.target)
            state = moved.get(target) or states.get(target)
            if state is None:  # stored before rotations were kept: read its history once
                state = Rotation.of(history.get(target, []), pool_ids)
            question = pick(candidates, state.seen(pool_ids), self.rng)
            if question is not None:
                chosen[schedule.id] = question.id
                moved[target] = state.after(question.id, pool_ids)
        await self.ledger.save_rotations(moved)
        return chosen

    async def troubles(self, jobs: list[Job]) -> dict[UserKey, list[Trouble]]:
        """For each check-in, the owner's channel posts that failed since the day before."""
        checkins = [j for j in jobs if j.schedule.kind is ScheduleKind.CHECKIN]
        if not checkins:
            return {}
        day_before = min(j.local_date for j in checkins) - timedelta(days=1)
        owners = {j.schedule.owner_key for j in checkins}
        return await self.ledger.troubles(owners, datetime.combine(day_before, time(), UTC))

    async def compose(
        self,
        job: Job,
        profile: Profile | None,
        due: int = 0,
        troubles: Sequence[Trouble] = (),
    ) -> Reply:
        schedule = job.schedule
        bank = await self.library.bank(schedule.platform, schedule.workspace)
        question = bank.get(job.question_id or "")
        if schedule.kind is ScheduleKind.CHANNEL:
            if question is None:
                return Reply(
                    title="No question today",
                    sections=(
                        TextSection(text="The question bank has none for this schedule's filters."),
                    ),
                )
            reply = question_reply(
                question,
                self.content.roles,
                schedule.role,
                "Question of the day",
                articles=self.content.articles,
            )
            return reply.model_copy(update={"visibility": Visibility.CHANNEL})
        if schedule.kind is ScheduleKind.SUMMARY:
            key = schedule.owner_key
            since = job.local_date - timedelta(days=6)
            now = self.clock()
            cards = await self.cards.cards(key)
            reviews = await self.cards.reviews(key)
            return summary_reply(
                profile, await self.users.done_since(key, since), week(reviews, cards, now)
            )
        return checkin_reply(profile, self.content, job.local_date, question, due, troubles)


def end_of_day(now: datetime, zone: ZoneInfo) -> datetime:
    """The first instant of the local day after the one `now` falls on in `zone`."""
    tomorrow = now.astimezone(zone).date() + timedelta(days=1)
    return datetime.combine(tomorrow, time(0), zone).astimezone(UTC)


def pause_notice(schedule: Schedule, reason: str) -> Reply:
    """Told once to the owner of a channel schedule that could not post."""
    return Reply(
        title=f"I paused schedule #{schedule.id}",
        sections=(
            TextSection(
                text=f"I couldn't post to {{0}}: {reason}.", refs=(Ref.channel(schedule.target),)
            ),
            TextSection(
                text="Invite me to the channel (or check it still exists), then "
                f"`/prep resume {schedule.id}`; or `/prep unschedule {schedule.id}`."
            ),
        ),
    )
