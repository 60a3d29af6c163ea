"""/prep pair: weekly peer mock interviews in a channel. Turn it on or off, opt in or out
(also with the buttons on the weekly post), see its state, and press "We met"."""

from __future__ import annotations

from datetime import date, datetime

from core.coaching.profile import DONE
from core.commands.args import Args
from core.commands.context import ActionRoute, CommandContext, Route
from core.commands.help import usage_hint
from core.kernel.errors import UsageError
from core.kernel.identity import Caller, UserKey
from core.kernel.reply import Ref, Reply, TextSection
from core.pairing.feedback_commands import PeerFeedbackCommands
from core.pairing.rematch_commands import RematchCommands
from core.pairing.replies import JOIN, LEAVE, MET, opt_buttons
from core.scheduling.recurrence import Recurrence, describe_instant
from core.scheduling.schedules import Schedule, ScheduleKind, new_schedule
from core.scheduling.timezones import parse_timezone

_DM = UsageError(
    "Pairing happens in a channel, not in direct messages.",
    "Run it in the study channel, or name one: `/prep pair join #study`.",
)


class PairCommands:
    def __init__(self, context: CommandContext) -> None:
        self.context = context
        self.pairs = context.pairs
        self.feedback = PeerFeedbackCommands(context)
        self.routes: dict[str, Route] = {"prep pair": self.pair}
        self.actions: dict[str, ActionRoute] = {
            JOIN: self._join_pressed,
            LEAVE: self._leave_pressed,
            MET: self.met,
            **self.feedback.actions,
            **RematchCommands(context).actions,
        }
        self.forms = self.feedback.forms

    async def pair(self, args: Args, caller: Caller) -> Reply:
        channel = _channel(args, caller)
        if args.keyword == "on":
            return await self.on(args, channel, caller)
        if args.keyword == "off":
            return await self.off(channel, caller)
        if args.keyword in ("join", "leave"):
            return await (self.join if args.keyword == "join" else self.leave)(channel, caller)
        return await self.state(channel, caller)

    async def on(self, args: Args, channel: str, caller: Caller) -> Reply:
        """A caller who may not manage the channel is refused by the spec (`refused`) first."""
        day, at = args.days("day"), args.time()
        assert day is not None  # the spec requires it
        assert at is not None
        named = args.zone()
        zone = named.zone if named else await self.context.zone(caller)
        reason = await self.context.channels.can_post(
            caller.workspace, channel, private_threads=True
        )
        if reason is not None:
            raise UsageError("I can't post in that channel, so pairing stays off.", reason)
        existing = await self._schedules(caller, channel)
        for schedule in existing:
            await self.context.schedules.remove(schedule.id)
        now = self.context.clock()
        schedule = await self.context.schedules.add(
            new_schedule(caller.key, ScheduleKind.PAIRING, channel, Recurrence(at, zone, day), now)
        )
        assert schedule.next_fire_at is not None
        return Reply(
            title="Weekly pairing is on",
            sections=(
                TextSection(
                    text="Mock interview pairs in {0}, weekly at "
                    f"{schedule.recurrence.describe()}.",
                    refs=(Ref.channel(channel),),
                ),
                TextSection(text=f"First: {describe_instant(schedule.next_fire_at, zone)}."),
                TextSection(text="Members opt in with the button or `/prep pair join`."),
            ),
            buttons=opt_buttons(channel),
        )

    async def off(self, channel: str, caller: Caller) -> Reply:
        found = await self._schedules(caller, channel)
        if not found:
            raise UsageError("Pairing is not on in that channel.", usage_hint("prep pair"))
        if not caller.can_manage_channel or not (
            caller.is_admin or all(s.owner == caller.user for s in found)
        ):
            raise UsageError(
                "Only the person who turned pairing on or an admin can turn it off.",
                "Ask them, or an admin, to do it.",
            )
        reminders = await self.context.schedules.find(
            caller.platform, caller.workspace, target=channel, kinds=(ScheduleKind.PAIR_FOLLOWUP,)
        )
        for schedule in [*found, *reminders]:
            await self.context.schedules.remove(schedule.id)
        return Reply(
            title="Weekly pairing is off",
            sections=(TextSection(text="No more pairs in {0}.", refs=(Ref.channel(channel),)),),
        )

    async def join(self, channel: str, caller: Caller) -> Reply:
        new = await self.pairs.join(caller.key, channel, self.context.clock())
        running = bool(await self._schedules(caller, channel))
        note = "" if running else " Pairing is not on there yet: `/prep pair on` starts it."
        title = "You're in" if new else "You were already in"
        return Reply(
            title=title,
            sections=(
                TextSection(
                    text="You'll be paired for mock interviews in {0} each week." + note,
                    refs=(Ref.channel(channel),),
                ),
            ),
        )

    async def leave(self, channel: str, caller: Caller) -> Reply:
        gone = await self.pairs.leave(caller.key, channel)
        return Reply(
            title="You're out" if gone else "You weren't in",
            sections=(
                TextSection(
                    text="No more pairing for you in {0}; `/prep pair join` to come back.",
                    refs=(Ref.channel(channel),),
                ),
            ),
        )

    async def state(self, channel: str, caller: Caller) -> Reply:
        found = await self._schedules(caller, channel)
        members = await self.pairs.members(caller.platform, caller.workspace, channel)
        you = "You're in." if caller.user in members else "You're not in: `/prep pair join`."
        if not found:
            when = "Pairing is off in {0}. Turn it on: `/prep pair on #study fri 17:00`."
        else:
            when = f"Pairs in {{0}}, weekly at {found[0].recurrence.describe()}" + (
                f" (paused: {found[0].pause_reason})." if found[0].paused else "."
            )
        count = len(members)
        return Reply(
            title="Weekly pairing",
            sections=(
                TextSection(text=when, refs=(Ref.channel(channel),)),
                TextSection(text=f"{count} member{'s' if count != 1 else ''} opted in. {you}"),
            ),
            buttons=opt_buttons(channel),
        )

    async def met(self, payload: str, caller: Caller) -> Reply:
        group = await self.pairs.group(int(payload)) if payload.isdigit() else None
        if group is None or caller.user not in group.members:
            raise UsageError("That button is not for a group you are in.", "Ask your partner.")
        keys = [UserKey(caller.platform, caller.workspace, m) for m in group.members]
        profiles = await self.context.users.users(keys)
        now = self.context.clock()
        for key in keys:  # each member's day, in their own zone; recording twice changes nothing
            profile = profiles.get(key)
            today = _today(now, profile.timezone if profile else None)
            await self.context.users.answer_checkin(key, today, DONE, now, changeable=True)
        first = await self.pairs.mark_met(group.id)
        if first:
            roles = {key.user_id: profile.target_role for key, profile in profiles.items()}
            await self.feedback.invite(group, roles, caller)
        text = "Your meeting counts towards everyone's streak in the group."
        if first:
            text += " Each interviewer has a short form in their direct messages for their partner."
        return Reply(
            title="Nice work" if first else "Already counted", sections=(TextSection(text=text),)
        )

    async def _join_pressed(self, payload: str, caller: Caller) -> Reply:
        return await self.join(_pressed_channel(payload), caller)

    async def _leave_pressed(self, payload: str, caller: Caller) -> Reply:
        return await self.leave(_pressed_channel(payload), caller)

    async def _schedules(self, caller: Caller, channel: str) -> list[Schedule]:
        return await self.context.schedules.find(
            caller.platform, caller.workspace, target=channel, kinds=(ScheduleKind.PAIRING,)
        )


def _channel(args: Args, caller: Caller) -> str:
    """The channel named, else the one the command came from."""
    if (named := args.channel()) is not None:
        return named
    if caller.channel is None or caller.is_direct:
        raise _DM
    return caller.channel


def _pressed_channel(payload: str) -> str:
    if not payload:
        raise UsageError("That button has lost its channel.", "Use `/prep pair join` instead.")
    return payload


def _today(now: datetime, zone: str | None) -> date:
    try:
        return now.astimezone(parse_timezone(zone or "UTC")).date()
    except UsageError:
        return now.date()
