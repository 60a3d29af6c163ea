"""What follows a pairing week, on the dispatcher's machinery: its reminder planned as a
one-off three days later; when that fires, a direct message to each member of a group yet to
meet; and before a week is drawn, a private question to whoever missed two weeks running.
Each message has its own guard key, so a retry sends none twice; nothing goes to the channel."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence

from core.dispatch.policy import Job, LeaseLost
from core.dispatch.sender import Sender
from core.kernel.clock import Clock
from core.kernel.reply import Reply
from core.messenger import PermanentError
from core.pairing.noshow import ASK_AFTER_MISSED, followup, to_ask_to_stay, to_remind
from core.pairing.noshow_replies import reminder, stay_in
from core.pairing.ports import PairStore
from core.pairing.week import FORGOTTEN
from core.ports import ScheduleStore
from core.scheduling.schedules import ScheduleKind

log = logging.getLogger(__name__)
Prove = Callable[[Job], Awaitable[bool]]  # whether the worker still holds the job's claim


class PairingFollowup:
    def __init__(
        self, pairs: PairStore, schedules: ScheduleStore, sender: Sender, clock: Clock
    ) -> None:
        self.pairs = pairs
        self.schedules = schedules
        self.sender = sender
        self.clock = clock

    async def before_draw(self, job: Job, members: Sequence[str]) -> None:
        """Ask, privately, each member who missed the last two weeks whether to stay in."""
        schedule = job.schedule
        where = (schedule.platform, schedule.workspace, schedule.target)
        weeks = await self.pairs.weeks(*where, job.local_date, ASK_AFTER_MISSED + 1)
        for member in to_ask_to_stay(members, weeks):
            await self._tell(job, member, stay_in(schedule.target), f"stay-{member}")

    async def plan(self, job: Job) -> None:
        """The week's reminder, in place of any earlier one of the channel."""
        schedule = job.schedule
        earlier = await self.schedules.find(
            schedule.platform,
            schedule.workspace,
            target=schedule.target,
            kinds=(ScheduleKind.PAIR_FOLLOWUP,),
        )
        for old in earlier:
            await self.schedules.remove(old.id)
        await self.schedules.add(followup(schedule, job.fire_at, self.clock()))

    async def run(self, job: Job, prove: Prove) -> str:
        """Remind each group of the week that has not met; how many were reminded."""
        schedule = job.schedule
        where = (schedule.platform, schedule.workspace, schedule.target)
        day = await self.pairs.latest_day(*where, job.local_date)
        groups = await self.pairs.week(*where, day) if day is not None else []
        reminded = 0
        for group in to_remind(groups):
            if not await prove(job):
                raise LeaseLost(job.delivery_id)
            for member in group.members:
                partners = [m for m in group.members if m not in (member, FORGOTTEN)]
                if member != FORGOTTEN and partners:
                    await self._tell(job, member, reminder(group, partners), f"{group.number}")
            reminded += await self.pairs.mark_reminded(group.id)
        return f"reminded {reminded} group(s)"

    async def _tell(self, job: Job, member: str, reply: Reply, what: str) -> None:
        schedule = job.schedule
        key = f"{job.guard_key}-{what}-{member}"
        try:
            await self.sender.send_direct(schedule, member, reply, key, job.retry)
        except PermanentError as error:
            # One member's closed DMs stop nobody else's message.
            log.warning("pairing follow-up to %s: %s", member, error.reason)
