"""'We can't make it: rematch me': another partner this week from the standby pool (others who
asked, and members who joined after the week was drawn), or a place on standby for a day."""

from __future__ import annotations

from core.commands.context import ActionRoute, CommandContext
from core.kernel.errors import UsageError
from core.kernel.identity import Caller, UserKey
from core.kernel.reply import Reply
from core.pairing.noshow import REMATCH_WITHIN, Standby, partner_for
from core.pairing.noshow_replies import REMATCH, already_met, new_partner, standby
from core.pairing.replies import group_reply
from core.pairing.week import PairGroup
from core.scheduling.recurrence import describe_instant


class RematchCommands:
    def __init__(self, context: CommandContext) -> None:
        self.context = context
        self.actions: dict[str, ActionRoute] = {REMATCH: self.rematch}

    async def rematch(self, payload: str, caller: Caller) -> Reply:
        pairs = self.context.pairs
        group = await pairs.group(int(payload)) if payload.isdigit() else None
        if group is None or caller.user not in group.members:
            raise UsageError("That button is not for a group you are in.", "Ask your partner.")
        if group.met:
            return already_met()
        now = self.context.clock()
        await pairs.ask_rematch(group.id, caller.user, now)
        where = (caller.platform, caller.workspace, group.channel)
        for _ in range(2):  # a second try when another press took the partner first
            waiting = await pairs.standby(*where, group.local_date, now - REMATCH_WITHIN)
            mine = [s for s in waiting if s.user_id == caller.user]
            if not mine:
                raise UsageError("You were paired again already.", "Look in your messages.")
            partner = partner_for(caller.user, group, waiting, await self._late(group, caller))
            if partner is None:
                zone = await self.context.zone(caller)
                return standby(describe_instant(mine[0].asked_at + REMATCH_WITHIN, zone))
            other = partner.user_id if isinstance(partner, Standby) else partner
            settled = [*mine, partner] if isinstance(partner, Standby) else mine
            fresh = await pairs.rematch(*where, group.local_date, (other, caller.user), settled)
            if fresh is not None:
                return await self._introduce(fresh, other, caller)
        raise UsageError("Someone else was paired first.", "Press the button again.")

    async def _late(self, group: PairGroup, caller: Caller) -> list[str]:
        """Members who opted in after the week was drawn."""
        where = (caller.platform, caller.workspace, group.channel)
        placed = {
            m for g in await self.context.pairs.week(*where, group.local_date) for m in g.members
        }
        return [m for m in await self.context.pairs.members(*where) if m not in placed]

    async def _introduce(self, fresh: PairGroup, other: str, caller: Caller) -> Reply:
        keys = [UserKey(caller.platform, caller.workspace, m) for m in fresh.members]
        profiles = await self.context.users.users(keys)
        roles = {key.user_id: profile.target_role for key, profile in profiles.items()}
        bank = await self.context.library.bank(caller.platform, caller.workspace)
        opening = new_partner(group_reply(fresh, roles, bank.served, f"{fresh.id}"))
        await self.context.notices.tell(caller, other, opening, key=f"rematch-{fresh.id}")
        return opening
