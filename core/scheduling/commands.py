"""/prep schedule, schedules, unschedule and resume: a channel's daily question."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from core.commands.context import ActionRoute, CommandContext, Route
from core.commands.help import usage_hint
from core.commands.words import channel_named, find_role, time_and_rest
from core.content.models import Category, Role
from core.kernel.errors import UsageError
from core.kernel.identity import Caller
from core.kernel.reply import FieldsSection, KeyValue, Ref, Reply, TextSection
from core.kernel.safety import quoted
from core.practice.bank import parse_category
from core.scheduling.recurrence import WEEKDAYS, Recurrence, describe_instant, parse_days
from core.scheduling.schedules import Schedule, ScheduleKind, ScheduleOptions, new_schedule
from core.scheduling.timezones import describe_zone_choice, maybe_timezone, parse_timezone


class ScheduleCommands:
    def __init__(self, context: CommandContext) -> None:
        self.context = context
        self.routes: dict[str, Route] = {
            "schedule": self.schedule,
            "schedules": self.list_schedules,
            "unschedule": self.unschedule,
            "resume": self.resume,
        }
        self.actions: dict[str, ActionRoute] = {}

    async def schedule(self, args: list[str], caller: Caller) -> Reply:
        if not caller.can_manage_channel:
            raise UsageError(
                "Scheduling questions in a channel needs the Manage Channels permission.",
                "Ask someone who can manage this channel to set it up.",
            )
        if not args:
            raise UsageError("Which channel, and at what time?", usage_hint("prep schedule"))
        channel, words = _channel(args, caller)
        if not words:
            raise UsageError("At what time?", "For example `/prep schedule #study 09:00`.")
        at, words = time_and_rest(words)
        options = await self._options(words, caller)
        zone, role, category = options.zone, options.role, options.category
        chosen = describe_zone_choice(options.typed, zone) if options.typed else None
        await self._check_access(channel, caller, "nothing was scheduled")
        schedule = await self.context.schedules.add(
            new_schedule(
                caller.key,
                ScheduleKind.CHANNEL,
                channel,
                Recurrence(at, zone, options.days),
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

    async def _options(self, words: list[str], caller: Caller) -> ScheduleOptions:
        """The zone (and the words that named it, if any), days, role and category."""
        zone: ZoneInfo | None = None
        typed: str | None = None
        days: int | None = None
        role: Role | None = None
        category: Category | None = None
        catalog = self.context.catalog
        while words:
            word, rest = words[0], words[1:]
            # A role first: its name may hold a word that reads as a category on its own
            # ("netflix product manager").
            if role is None and (found_role := find_role(catalog, words)) is not None:
                role, rest = found_role.role, found_role.rest
            elif days is None and (parsed := parse_days(word)) is not None:
                days = parsed
            elif category is None and (found := parse_category(word)) is not None:
                category = found
            elif zone is None and "/" in word:
                zone, typed = parse_timezone(word), word
            elif zone is None and rest and (city := maybe_timezone(f"{word} {rest[0]}")):
                zone, typed, rest = city, f"{word} {rest[0]}", rest[1:]  # "new york"
            elif zone is None and (named_zone := maybe_timezone(word)) is not None:
                zone, typed = named_zone, word
            else:
                close = catalog.suggest(word)
                guess = f"Did you mean the role `{close[0]}`? " if close else ""
                raise UsageError(
                    f"I can't read {quoted(word)} as a timezone, days, a role or a category.",
                    guess + usage_hint("prep schedule"),
                )
            words = rest
        zone = zone or await self.context.zone(caller)
        return ScheduleOptions(zone, typed, days or WEEKDAYS, role, category)

    async def list_schedules(self, args: list[str], caller: Caller) -> Reply:
        channel = caller.channel if caller.channel is not None and not caller.is_direct else None
        if args:
            channel = channel_named(args[0]) if len(args) == 1 else None
            if channel is None:
                raise UsageError(
                    f"I can't read {quoted(' '.join(args))} as a channel.",
                    usage_hint("prep schedules"),
                )
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

    async def _owned(self, args: list[str], caller: Caller, command: str) -> Schedule:
        number = args[0].lstrip("#") if len(args) == 1 else ""
        if not (number.isascii() and number.isdigit()):
            raise UsageError(
                f"`/prep {command}` needs a schedule number.", usage_hint(f"prep {command}")
            )
        # A number past any id the database can hold is simply not one of its schedules.
        schedule = await self.context.schedules.get(int(number)) if len(number) <= 18 else None
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

    async def unschedule(self, args: list[str], caller: Caller) -> Reply:
        schedule = await self._owned(args, caller, "unschedule")
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

    async def resume(self, args: list[str], caller: Caller) -> Reply:
        schedule = await self._owned(args, caller, "resume")
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


def _channel(args: list[str], caller: Caller) -> tuple[str, list[str]]:
    first = args[0]
    named = channel_named(first)
    if named is not None:
        return named, args[1:]
    if first.lower() in ("here", "this"):
        args = args[1:]
    elif first.startswith(("#", "<#")) or (
        first[0].isalpha() and not first.lower().endswith(("am", "pm"))
    ):
        raise UsageError(
            f"I can't read {quoted(first)} as a channel.",
            "Name the channel like `#study`, or leave it out to use this one.",
        )
    if caller.channel is None or caller.is_direct:
        raise UsageError(
            "Name the channel to post in.", "For example `/prep schedule #study 09:00`."
        )
    return caller.channel, args


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
