"""/prep schedule, schedules, unschedule and resume: a channel's daily question."""

from __future__ import annotations

from core.commands.args import Args
from core.commands.context import ActionRoute, CommandContext, Route
from core.kernel.errors import UsageError
from core.kernel.identity import Caller
from core.kernel.reply import FieldsSection, KeyValue, Ref, Reply, TextSection
from core.scheduling.recurrence import WEEKDAYS, Recurrence, describe_instant
from core.scheduling.schedules import Schedule, ScheduleKind, new_schedule
from core.scheduling.timezones import describe_zone_choice


class ScheduleCommands:
    def __init__(self, context: CommandContext) -> None:
        self.context = context
        self.routes: dict[str, Route] = {
            "prep schedule": self.schedule,
            "prep schedules": self.list_schedules,
            "prep unschedule": self.unschedule,
            "prep resume": self.resume,
        }
        self.actions: dict[str, ActionRoute] = {}

    async def schedule(self, args: Args, caller: Caller) -> Reply:
        """A caller who may not manage the channel is refused by the spec (`refused`) first."""
        channel = _channel(args, caller)
        at = args.time()
        assert at is not None  # the spec requires it
        named = args.zone()
        zone = named.zone if named else await self.context.zone(caller)
        chosen = describe_zone_choice(named.typed, named.zone) if named else None
        days = args.days() or WEEKDAYS
        role, category = args.role(), args.category()
        await self._check_access(channel, caller, "nothing was scheduled")
        schedule = await self.context.schedules.add(
            new_schedule(
                caller.key,
                ScheduleKind.CHANNEL,
                channel,
                Recurrence(at, zone, days),
                self.context.clock(),
                role=role.id if role else None,
                category=category.value if category else None,
            )
        )
        assert schedule.next_fire_at is not None
        return Reply(
            title=f"Scheduled #{schedule.id}",
            sections=(
                TextSection(
                    text=f"A practice question in {{0}}, {schedule.describe()}.",
                    refs=(Ref.channel(channel),),
                ),
                TextSection(text=f"First one: {describe_instant(schedule.next_fire_at, zone)}."),
                *((TextSection(text=f"Timezone: {chosen}."),) if chosen else ()),
                TextSection(text=f"Remove it with `/prep unschedule {schedule.id}`."),
            ),
        )

    async def list_schedules(self, args: Args, caller: Caller) -> Reply:
        channel = args.channel()
        if channel is None and caller.channel is not None and not caller.is_direct:
            channel = caller.channel
        schedules = await self.context.schedules.find(
            caller.platform,
            caller.workspace,
            target=channel,
            owner=None if channel else caller.user,
        )
        where, refs = ("in {0}", (Ref.channel(channel),)) if channel else ("that you own", ())
        if not schedules:
            return Reply(
                title="No schedules",
                sections=(
                    TextSection(text=f"There are no daily questions set up {where}.", refs=refs),
                    TextSection(
                        text="Add one: `/prep schedule #study 09:00 weekdays`; "
                        "`/prep schedules #channel` lists another channel's."
                    ),
                ),
            )
        fields = tuple(_listed(s) for s in schedules)
        return Reply(
            title="Schedules",
            sections=(
                TextSection(text=f"Daily questions {where}:", refs=refs),
                FieldsSection(fields=fields),
            ),
        )

    async def _owned(self, args: Args, caller: Caller) -> Schedule:
        number = args.number()
        assert number is not None  # the spec requires it
        # A number past any id the database can hold is simply not one of its schedules.
        schedule = await self.context.schedules.get(number) if number < 10**18 else None
        if (
            schedule is None
            or schedule.kind not in (ScheduleKind.CHANNEL, ScheduleKind.PAIRING)
            or (schedule.platform, schedule.workspace) != (caller.platform, caller.workspace)
        ):
            raise UsageError(
                f"There is no schedule #{number} here.", "`/prep schedules` lists them."
            )
        if not caller.can_manage_channel or (schedule.owner != caller.user and not caller.is_admin):
            raise UsageError(
                f"Only the person who created schedule #{schedule.id} or an admin can change it.",
                "Ask them, or an admin, to do it.",
            )
        return schedule

    async def unschedule(self, args: Args, caller: Caller) -> Reply:
        schedule = await self._owned(args, caller)
        await self.context.schedules.remove(schedule.id)
        return Reply(
            title=f"Removed schedule #{schedule.id}",
            sections=(
                TextSection(
                    text=f"No more {_what(schedule)} from it in {{0}}.",
                    refs=(Ref.channel(schedule.target),),
                ),
            ),
        )

    async def resume(self, args: Args, caller: Caller) -> Reply:
        schedule = await self._owned(args, caller)
        if not schedule.paused:
            return Reply(title=f"Schedule #{schedule.id} is running", sections=())
        await self._check_access(schedule.target, caller, "it stays paused")
        upcoming = schedule.recurrence.next_after(self.context.clock())
        await self.context.schedules.set_paused(schedule.id, None, upcoming.fire_at)
        zone = schedule.recurrence.zone
        return Reply(
            title=f"Resumed schedule #{schedule.id}",
            sections=(TextSection(text=f"Next: {describe_instant(upcoming.fire_at, zone)}."),),
        )

    async def _check_access(self, channel: str, caller: Caller, outcome: str) -> None:
        """Refuse at once, saying what to do, when the platform says the bot cannot post."""
        reason = await self.context.channels.can_post(caller.workspace, channel)
        if reason is not None:
            where = "this channel" if channel == caller.channel else "that channel"
            raise UsageError(f"I can't post in {where}, so {outcome}.", reason)


def _channel(args: Args, caller: Caller) -> str:
    """The channel named, else the one the command came from."""
    named = args.channel()
    if named is not None:
        return named
    if caller.channel is None or caller.is_direct:
        raise UsageError(
            "Name the channel to post in.", "For example `/prep schedule #study 09:00`."
        )
    return caller.channel


def _listed(schedule: Schedule) -> KeyValue:
    paused = f"\nPaused: {schedule.pause_reason}" if schedule.paused else ""
    upcoming = (
        describe_instant(schedule.next_fire_at, schedule.recurrence.zone)
        if schedule.next_fire_at
        else "none"
    )
    return KeyValue(
        name=f"#{schedule.id}" + (" (paused)" if schedule.paused else ""),
        value=f"{{0}} {schedule.describe()}; next {upcoming}{paused}",
        refs=(Ref.channel(schedule.target),),
    )


def _what(schedule: Schedule) -> str:
    return "pairs" if schedule.kind is ScheduleKind.PAIRING else "daily questions"
