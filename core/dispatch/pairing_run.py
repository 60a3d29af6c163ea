"""A pairing week, sent as one scheduled delivery: draw the groups (or take the ones an
earlier attempt drew), open a conversation for each group not yet sent, then post the week in
the channel. Each group has its own guard key, so a retry sends none twice; a group the
platform refuses outright is passed over, and the week goes on."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace

from core.coaching.profile import Profile
from core.content.loader import Content
from core.dispatch.pairing_followup import PairingFollowup, Prove
from core.dispatch.policy import Job, LeaseLost
from core.dispatch.sender import Sender
from core.kernel.clock import Clock
from core.kernel.identity import UserKey
from core.messenger import PermanentError, Post
from core.pairing.need import Candidate
from core.pairing.replies import group_reply, week_post
from core.pairing.week import RECENT_WEEKS, TRIO_WEEKS, Week, pair_members
from core.ports import Stores
from core.practice.progress import retention_by_category
from core.questions.library import Library
from core.scheduling.schedules import ScheduleKind

log = logging.getLogger(__name__)
PAIRING_KINDS = (ScheduleKind.PAIRING, ScheduleKind.PAIR_FOLLOWUP)
UNREACHABLE = "unreachable"  # a group's outcome when the platform refused its conversation


class PairingRun:
    def __init__(
        self, content: Content, stores: Stores, sender: Sender, library: Library, clock: Clock
    ) -> None:
        self.content = content
        self.library = library
        self.users = stores.users
        self.pairs = stores.pairs
        self.cards = stores.cards
        self.sender = sender
        self.followup = PairingFollowup(stores.pairs, stores.schedules, sender, clock)

    async def send(self, job: Job, prove: Prove) -> str:
        """A pairing week, or the reminder that follows it."""
        if job.schedule.kind is ScheduleKind.PAIR_FOLLOWUP:
            return await self.followup.run(job, prove)
        return await self.run(job, prove)

    async def run(self, job: Job, prove: Prove) -> str:
        """Send the week; the channel post's message id."""
        schedule = job.schedule
        where = (schedule.platform, schedule.workspace, schedule.target)
        members = await self.pairs.members(*where)
        await self.followup.before_draw(job, members)
        history = await self.pairs.history(*where, job.local_date, TRIO_WEEKS)
        candidates, former = await self._candidates(job, members, history)
        roles = {member: candidate.role for member, candidate in candidates.items()}
        seed = f"{schedule.id}:{job.local_date.isoformat()}"
        pairing = pair_members(candidates, history, seed, job.local_date, former)
        groups = await self.pairs.save_week(*where, job.local_date, pairing.groups)
        bank = await self.library.bank(schedule.platform, schedule.workspace)
        for group in groups:
            if group.message_id is not None:
                continue
            if not await prove(job):
                raise LeaseLost(job.delivery_id)
            reply = group_reply(group, roles, bank.served, f"{group.id}")
            key = f"{job.guard_key}-{group.number}"
            opening = Post(schedule.workspace, schedule.target, reply, key, job.retry)
            try:
                message_id = await self.sender.send_group(schedule.platform, opening, group.members)
            except PermanentError as error:
                # One member gone or unreachable stops neither the other groups nor the week.
                log.warning("pairing group %s: %s", group.id, error.reason)
                message_id = UNREACHABLE
            await self.pairs.mark_sent(group.id, message_id)
        if not await prove(job):
            raise LeaseLost(job.delivery_id)
        await self.followup.plan(job)
        post = week_post(schedule.target, job.local_date, groups, pairing.sitting_out)
        return await self.sender.send(job, post)

    async def _candidates(
        self, job: Job, members: Sequence[str], history: Sequence[Week]
    ) -> tuple[dict[str, Candidate], dict[str, Candidate]]:
        """The opted-in members as the pairing sees them, and the partners of recent weeks
        who are no longer opted in, which tell what those weeks were like."""
        platform, workspace = job.schedule.platform, job.schedule.workspace
        partners = {m for week in history[-RECENT_WEEKS:] for group in week for m in group}
        profiles = await self.users.users(
            {UserKey(platform, workspace, m) for m in {*members, *partners}}
        )
        described = {user.user_id: _candidate(profile) for user, profile in profiles.items()}
        candidates = {m: described.get(m, Candidate()) for m in members}
        for user in profiles:
            if user.user_id in candidates:  # recall as of the occurrence: the same on a retry
                recall = retention_by_category(await self.cards.cards(user), job.fire_at)
                candidate = candidates[user.user_id]
                candidates[user.user_id] = replace(candidate, recall=tuple(recall.items()))
        former = {m: c for m, c in described.items() if m not in candidates}
        return candidates, former


def _candidate(profile: Profile) -> Candidate:
    return Candidate(
        role=profile.target_role,
        zone=profile.timezone,
        interview=profile.interview_date,
        weakest=profile.weakest_category,
    )
