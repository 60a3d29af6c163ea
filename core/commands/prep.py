"""The /prep commands: channel schedules, check-ins, profile, plan, stats and forgetting."""

from __future__ import annotations

import difflib
import random
import re
from collections.abc import Awaitable, Callable
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from core.catalog import Catalog, UnknownRole
from core.checkin import SNOOZE, answer_reply
from core.commands.errors import UsageError
from core.commands.help import usage_hint
from core.content.models import Category, Role
from core.identity import Caller
from core.plan import MAX_DAYS_AHEAD, build_plan, plan_reply
from core.practice import parse_category
from core.reply import (
    Button,
    ButtonStyle,
    FieldsSection,
    KeyValue,
    Reply,
    Section,
    TextSection,
)
from core.safety import defang, quoted
from core.schedule_time import (
    ALL_DAYS,
    WEEKDAYS,
    describe_days,
    maybe_timezone,
    next_occurrence,
    parse_days,
    parse_time,
    parse_timezone,
)
from core.store.repository import Store
from core.store.tables import Schedule, ScheduleKind, User

if TYPE_CHECKING:
    from core.commands.handler import RoleWords

FORGET_ACTION = "prep.forget"
CHECKIN_ACTIONS = ("checkin.done", "checkin.skip", "checkin.snooze")
SUNDAY = 1 << 6
_CHANNEL = re.compile(r"^<#([A-Za-z0-9]+)(?:\|[^>]*)?>$|^#([\w-]{1,80})$")
Clock = Callable[[], datetime]
SubRoute = Callable[[list[str], Caller], Awaitable[Reply]]


class PrepCommands:
    def __init__(
        self,
        catalog: Catalog,
        store: Store,
        clock: Clock,
        rng: random.Random,
        find_role: Callable[[list[str]], RoleWords | None],
        summary_hour: int = 18,
    ) -> None:
        self.catalog = catalog
        self.store = store
        self.clock = clock
        self.rng = rng
        self.find_role = find_role
        self.summary_hour = summary_hour
        self.routes: dict[str, SubRoute] = {
            "schedule": self.schedule,
            "schedules": self.list_schedules,
            "unschedule": self.unschedule,
            "resume": self.resume,
            "checkin": self.checkin,
            "profile": self.profile,
            "plan": self.plan,
            "stats": self.stats,
            "forget": self.forget,
        }
        self.actions: dict[str, Callable[[str, Caller], Awaitable[Reply]]] = {
            FORGET_ACTION: self._forget_confirmed,
            **{action: self._make_answer(action) for action in CHECKIN_ACTIONS},
        }

    async def handle(self, args: list[str], caller: Caller) -> Reply:
        subcommands = "Subcommands: " + ", ".join(self.routes) + ". `/help prep` has examples."
        if not args:
            raise UsageError("`/prep` needs a subcommand.", subcommands)
        route = self.routes.get(args[0].lower())
        if route is None:
            close = difflib.get_close_matches(args[0].lower(), self.routes, n=1)
            guess = f"Did you mean `/prep {close[0]}`? " if close else ""
            raise UsageError(f"I don't know `/prep {defang(args[0])}`.", guess + subcommands)
        return await route(args[1:], caller)

    # channel schedules -------------------------------------------------------------------

    async def schedule(self, args: list[str], caller: Caller) -> Reply:
        if not caller.can_manage_channel:
            raise UsageError(
                "Scheduling questions in a channel needs the Manage Channels permission.",
                "Ask someone who can manage this channel to set it up.",
            )
        if not args:
            raise UsageError("Which channel, and at what time?", usage_hint("prep schedule"))
        channel, words = self._channel(args, caller)
        if not words:
            raise UsageError("At what time?", "For example `/prep schedule #study 09:00`.")
        at, words = _time_and_rest(words)
        zone, days, role, category = await self._schedule_options(words, caller)
        schedule = await self.store.add_schedule(
            new_schedule(
                caller,
                ScheduleKind.CHANNEL,
                channel,
                (at, zone, days),
                self.clock(),
                role=role.id if role else None,
                category=category.value if category else None,
            )
        )
        return Reply(
            title=f"Scheduled #{schedule.id}",
            sections=(
                TextSection(text=f"A practice question in <#{channel}>, {describe(schedule)}."),
                TextSection(text=f"First one: {_when(schedule.next_fire_at, zone)}."),
                TextSection(text=f"Remove it with `/prep unschedule {schedule.id}`."),
            ),
        )

    def _channel(self, args: list[str], caller: Caller) -> tuple[str, list[str]]:
        first = args[0]
        named = _channel_named(first)
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

    async def _schedule_options(
        self, words: list[str], caller: Caller
    ) -> tuple[ZoneInfo, int, Role | None, Category | None]:
        zone: ZoneInfo | None = None
        days: int | None = None
        role: Role | None = None
        category: Category | None = None
        while words:
            word, rest = words[0], words[1:]
            # A role first: its name may hold a word that reads as a category on its own
            # ("netflix product manager").
            if role is None and (found_role := self.find_role(words)) is not None:
                role, rest = found_role.role, found_role.rest
            elif days is None and (parsed := parse_days(word)) is not None:
                days = parsed
            elif category is None and (found := parse_category(word)) is not None:
                category = found
            elif zone is None and "/" in word:
                zone = parse_timezone(word)
            elif zone is None and rest and (city := maybe_timezone(f"{word} {rest[0]}")):
                zone, rest = city, rest[1:]  # a city of two words: "new york"
            elif zone is None and (named_zone := maybe_timezone(word)) is not None:
                zone = named_zone
            else:
                close = self.catalog.suggest(word)
                guess = f"Did you mean the role `{close[0]}`? " if close else ""
                raise UsageError(
                    f"I can't read {quoted(word)} as a timezone, days, a role or a category.",
                    guess + usage_hint("prep schedule"),
                )
            words = rest
        return zone or await self._zone(caller), days or WEEKDAYS, role, category

    async def _zone(self, caller: Caller) -> ZoneInfo:
        user = await self.store.user(caller.key)
        name = (user.timezone if user else None) or caller.timezone or "UTC"
        try:
            return parse_timezone(name)
        except UsageError:
            return ZoneInfo("UTC")

    async def list_schedules(self, args: list[str], caller: Caller) -> Reply:
        channel = caller.channel if caller.channel is not None and not caller.is_direct else None
        if args:
            channel = _channel_named(args[0]) if len(args) == 1 else None
            if channel is None:
                raise UsageError(
                    f"I can't read {quoted(' '.join(args))} as a channel.",
                    usage_hint("prep schedules"),
                )
        schedules = await self.store.schedules(
            caller.platform,
            caller.workspace,
            target=channel,
            owner=None if channel else caller.user,
        )
        where = f"in <#{channel}>" if channel else "that you own"
        if not schedules:
            return Reply(
                title="No schedules",
                sections=(
                    TextSection(text=f"There are no daily questions set up {where}."),
                    TextSection(
                        text="Add one: `/prep schedule #study 09:00 weekdays`; "
                        "`/prep schedules #channel` lists another channel's."
                    ),
                ),
            )
        fields = tuple(
            KeyValue(
                name=f"#{s.id}" + (" (paused)" if s.paused else ""),
                value=f"<#{s.target}> {describe(s)}; "
                f"next {_when(s.next_fire_at, ZoneInfo(s.timezone))}"
                + (f"\nPaused: {s.pause_reason}" if s.paused else ""),
            )
            for s in schedules
        )
        return Reply(
            title="Schedules",
            sections=(TextSection(text=f"Daily questions {where}:"), FieldsSection(fields=fields)),
        )

    async def _owned(self, args: list[str], caller: Caller, command: str) -> Schedule:
        number = args[0].lstrip("#") if len(args) == 1 else ""
        if not (number.isascii() and number.isdigit()):
            raise UsageError(
                f"`/prep {command}` needs a schedule number.", usage_hint(f"prep {command}")
            )
        # A number past any id the database can hold is simply not one of its schedules.
        schedule = await self.store.schedule(int(number)) if len(number) <= 18 else None
        if (
            schedule is None
            or schedule.kind is not ScheduleKind.CHANNEL
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
        await self.store.remove_schedule(schedule.id)
        return Reply(
            title=f"Removed schedule #{schedule.id}",
            sections=(
                TextSection(text=f"No more daily questions from it in <#{schedule.target}>."),
            ),
        )

    async def resume(self, args: list[str], caller: Caller) -> Reply:
        schedule = await self._owned(args, caller, "resume")
        if not schedule.paused:
            return Reply(title=f"Schedule #{schedule.id} is running", sections=())
        upcoming = next_occurrence(
            time(schedule.hour, schedule.minute),
            ZoneInfo(schedule.timezone),
            schedule.weekdays,
            self.clock(),
        )
        await self.store.set_paused(schedule.id, None, upcoming.fire_at)
        return Reply(
            title=f"Resumed schedule #{schedule.id}",
            sections=(
                TextSection(text=f"Next: {_when(upcoming.fire_at, ZoneInfo(schedule.timezone))}."),
            ),
        )

    # check-ins ---------------------------------------------------------------------------

    async def checkin(self, args: list[str], caller: Caller) -> Reply:
        if not args:
            raise UsageError("When should I check in?", "For example `/prep checkin 08:00`.")
        key = caller.key
        if args[0].lower() in ("off", "stop", "none"):
            if len(args) > 1:
                raise UsageError(
                    f"`/prep checkin {args[0].lower()}` takes nothing after it.",
                    "Type `/prep checkin off`.",
                )
            removed = await self.store.remove_personal(key)
            text = "Check-ins are off." if removed else "You had no check-ins."
            return Reply(title="Check-ins", sections=(TextSection(text=text),))
        at, rest = _time_and_rest(args)
        now = self.clock()
        # The rest is a timezone, possibly a city of several words ("new york").
        if rest:
            zone = parse_timezone(" ".join(rest))
            await self.store.update_profile(key, now, timezone=zone.key)
        else:
            # Not stored: a fallback saved now would hide a timezone the platform gives later.
            zone = await self._zone(caller)
        await self.store.remove_personal(key)
        summary_at = time(self.summary_hour, 0)
        await self.store.add_schedules(
            [
                new_schedule(caller, ScheduleKind.CHECKIN, caller.user, (at, zone, ALL_DAYS), now),
                new_schedule(
                    caller, ScheduleKind.SUMMARY, caller.user, (summary_at, zone, SUNDAY), now
                ),
            ]
        )
        first = next_occurrence(at, zone, ALL_DAYS, now)
        return Reply(
            title="Check-ins are on",
            sections=(
                TextSection(
                    text=f"I'll message you every day at {at:%H:%M} {zone.key}, "
                    f"starting {_when(first.fire_at, zone)}, and send a summary on Sunday evenings."
                ),
                TextSection(
                    text="Set your interview date so I can count down: "
                    "`/prep profile interview=YYYY-MM-DD role=ROLE`."
                ),
            ),
        )

    def _make_answer(self, action: str) -> Callable[[str, Caller], Awaitable[Reply]]:
        answer = action.split(".", 1)[1]

        async def record(payload: str, caller: Caller) -> Reply:
            try:
                local_date = date.fromisoformat(payload)
            except ValueError:
                raise UsageError(
                    "That check-in button is not valid.", "Wait for the next one."
                ) from None
            now = self.clock()
            if local_date > now.astimezone(await self._zone(caller)).date():
                raise UsageError(
                    "That check-in is for a day that hasn't come yet.",
                    "Answer the check-in I send on the day.",
                )
            if answer == SNOOZE:
                await self.store.snooze(caller.key, now + timedelta(hours=1), now)
                return answer_reply(answer, None, True)
            user, recorded = await self.store.answer_checkin(caller.key, local_date, answer, now)
            return answer_reply(answer, user.streak, recorded)

        return record

    # profile, plan, stats ----------------------------------------------------------------

    async def profile(self, args: list[str], caller: Caller) -> Reply:
        key = caller.key
        if not args:
            return profile_reply(await self.store.user(key))
        role: str | None = None
        interview: date | None = None
        zone: str | None = None
        for arg in args:
            name, sep, value = arg.partition("=")
            name = name.lower()
            if not sep or not value:
                raise UsageError(
                    f"I can't read {quoted(arg)}.",
                    "Use `name=value`, e.g. "
                    "`/prep profile role=netflix-pm interview=2027-01-15 tz=Europe/London`.",
                )
            if name == "role":
                role = self.catalog.resolve(value.replace("_", " ")).id
            elif name in ("interview", "date"):
                interview = _date(value)
            elif name in ("tz", "timezone"):
                zone = parse_timezone(value).key
            else:
                raise UsageError(
                    f"I don't know the profile setting {quoted(name)}.",
                    "Settings: role, interview, tz.",
                )
        if interview is not None:
            today = (
                self.clock()
                .astimezone(parse_timezone(zone) if zone else await self._zone(caller))
                .date()
            )
            _check_interview(interview, today)
        user = await self.store.update_profile(
            key, self.clock(), role=role, interview=interview, timezone=zone
        )
        return profile_reply(user)

    async def home(self, caller: Caller) -> Reply:
        """A user's overview: profile, streak, next check-in and the schedules they own."""
        user = await self.store.user(caller.key)
        mine = await self.store.schedules(
            caller.platform,
            caller.workspace,
            owner=caller.user,
            kinds=(ScheduleKind.CHANNEL, ScheduleKind.CHECKIN),
        )
        checkin = next((s for s in mine if s.kind is ScheduleKind.CHECKIN), None)
        channels = [s for s in mine if s.kind is ScheduleKind.CHANNEL]
        next_checkin = (
            _when(checkin.next_fire_at, ZoneInfo(checkin.timezone))
            if checkin
            else "off (`/prep checkin 08:00`)"
        )
        owned = "\n".join(
            f"• #{s.id} in <#{s.target}> {describe(s)}" + (" (paused)" if s.paused else "")
            for s in channels
        )
        profile = profile_reply(user)
        return Reply(
            title="prepbot",
            sections=(
                *profile.sections,
                FieldsSection(fields=(KeyValue(name="Next check-in", value=next_checkin),)),
                TextSection(heading="Schedules you own", text=owned or "None yet."),
                TextSection(text="Try `/compare netflix-pm amazon-pm`, `/fit` or `/practice`."),
            ),
        )

    async def plan(self, args: list[str], caller: Caller) -> Reply:
        zone = await self._zone(caller)
        today = self.clock().astimezone(zone).date()
        if args:
            found = self.find_role(args)
            if found is None:
                raise UnknownRole(args[0], self.catalog.suggest(args[0]))
            if len(found.rest) != 1:
                raise UsageError("`/prep plan` needs a role and a date.", usage_hint("prep plan"))
            role, interview = found.role, _date(found.rest[0])
        else:
            user = await self.store.user(caller.key)
            if user is None or user.target_role is None or user.interview_date is None:
                raise UsageError(
                    "I need your target role and interview date for a plan.",
                    "Set them with `/prep profile role=netflix-pm interview=2027-01-15`, "
                    "or ask `/prep plan netflix-pm 2027-01-15`.",
                )
            stored_role = self.catalog.content.roles.get(user.target_role)
            if stored_role is None:
                raise UsageError(
                    f"Your target role {quoted(user.target_role)} is no longer offered.",
                    "Pick another with `/prep profile role=ROLE`; `/role` lists them.",
                )
            role, interview = stored_role, user.interview_date
        _check_interview(interview, today)
        plan = build_plan(role, self.catalog.content.questions, today, interview)
        return plan_reply(role, plan, today)

    async def stats(self, args: list[str], caller: Caller) -> Reply:
        _no_arguments(args, "stats")
        stats = await self.store.stats(caller.key)
        sections: list[Section] = []
        if stats is None:
            sections.append(
                TextSection(text="Nothing yet: try `/practice` or `/prep checkin 08:00`.")
            )
        else:
            sections.append(
                FieldsSection(
                    fields=(
                        KeyValue(
                            name="Streak", value=f"{stats.streak} day(s) (best {stats.best_streak})"
                        ),
                        KeyValue(name="Check-ins done", value=str(stats.done)),
                        KeyValue(name="Days skipped", value=str(stats.skipped)),
                        KeyValue(name="Practice questions", value=str(stats.practised)),
                        KeyValue(name="Fit quizzes", value=str(stats.fits)),
                    )
                )
            )
        if caller.channel and not caller.is_direct:
            leaders = await self.store.leaderboard(caller.platform, caller.workspace)
            board = "\n".join(
                f"{i}. <@{u.user_id}>: {u.streak} day(s)" for i, u in enumerate(leaders, 1)
            )
            sections.append(TextSection(heading="Leaderboard", text=board or "No streaks yet."))
        return Reply(title="Your stats", sections=tuple(sections))

    async def forget(self, args: list[str], caller: Caller) -> Reply:
        _no_arguments(args, "forget")
        return Reply(
            title="Delete everything about you?",
            sections=(
                TextSection(
                    text="This removes your profile, streak, history, check-ins and the channel "
                    "schedules you created. It cannot be undone."
                ),
            ),
            buttons=(
                Button(action=FORGET_ACTION, label="Yes, delete it all", style=ButtonStyle.DANGER),
            ),
        )

    async def _forget_confirmed(self, payload: str, caller: Caller) -> Reply:
        had_user, schedules = await self.store.forget(caller.key)
        if not had_user and not schedules:
            return Reply(
                title="Nothing to delete",
                sections=(TextSection(text="I had nothing stored about you."),),
            )
        text = "Everything I stored about you is gone"
        text += f", including {schedules} schedule(s)." if schedules else "."
        return Reply(title="Deleted", sections=(TextSection(text=text),))


def new_schedule(
    caller: Caller,
    kind: ScheduleKind,
    target: str,
    when: tuple[time, ZoneInfo, int],
    now: datetime,
    *,
    role: str | None = None,
    category: str | None = None,
) -> Schedule:
    """A schedule owned by the caller, due at its first occurrence after `now`."""
    at, zone, days = when
    return Schedule(
        platform=caller.platform,
        workspace=caller.workspace,
        kind=kind,
        target=target,
        owner=caller.user,
        hour=at.hour,
        minute=at.minute,
        timezone=zone.key,
        weekdays=days,
        role=role,
        category=category,
        paused=False,
        next_fire_at=next_occurrence(at, zone, days, now).fire_at,
        created_at=now,
    )


def describe(schedule: Schedule) -> str:
    what = " ".join(p for p in (schedule.role, schedule.category) if p)
    filters = f" ({what})" if what else ""
    return (
        f"at {schedule.hour:02d}:{schedule.minute:02d} {schedule.timezone} "
        f"{describe_days(schedule.weekdays)}{filters}"
    )


def profile_reply(user: User | None) -> Reply:
    if user is None:
        return Reply(
            title="Your profile",
            sections=(
                TextSection(text="Nothing set yet."),
                TextSection(
                    text="`/prep profile role=netflix-pm interview=2027-01-15 tz=Europe/London`"
                ),
            ),
        )
    fields = (
        KeyValue(name="Target role", value=user.target_role or "not set"),
        KeyValue(
            name="Interview",
            value=f"{user.interview_date:%A %d %B %Y}" if user.interview_date else "not set",
        ),
        KeyValue(name="Timezone", value=user.timezone or "not set (UTC)"),
        KeyValue(name="Streak", value=f"{user.streak} day(s)"),
    )
    return Reply(title="Your profile", sections=(FieldsSection(fields=fields),))


def _channel_named(word: str) -> str | None:
    """The channel in `#study` or Slack's `<#C123|study>`; None for any other word."""
    match = _CHANNEL.match(word)
    return (match.group(1) or match.group(2)) if match else None


def _time_and_rest(words: list[str]) -> tuple[time, list[str]]:
    """The time of day the words start with (`9`, `9am`, or `9 am`) and the words after it."""
    if len(words) > 1 and words[1].lower() in ("am", "pm"):
        return parse_time(words[0] + words[1]), words[2:]
    return parse_time(words[0]), words[1:]


def _no_arguments(args: list[str], command: str) -> None:
    if args:
        raise UsageError(
            f"`/prep {command}` takes nothing after it; I got {quoted(' '.join(args))}.",
            f"Type `/prep {command}` on its own.",
        )


def _check_interview(interview: date, today: date) -> None:
    """An interview date a plan can be built to: not past, and within MAX_DAYS_AHEAD."""
    if interview < today:
        raise UsageError(
            f"{interview:%d %B %Y} is in the past.",
            "Give your interview date as YYYY-MM-DD, today or later.",
        )
    if (interview - today).days > MAX_DAYS_AHEAD:
        raise UsageError(
            f"{interview:%d %B %Y} is more than {MAX_DAYS_AHEAD} days away.",
            f"Give a date up to {today + timedelta(days=MAX_DAYS_AHEAD):%Y-%m-%d}; "
            "set the exact one once it is nearer.",
        )


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(
            f"I can't read {quoted(text)} as a date.", "Use YYYY-MM-DD, like 2027-01-15."
        ) from None


def _when(instant: datetime, zone: ZoneInfo) -> str:
    local = instant.astimezone(zone)
    utc = "" if zone.key == "UTC" else f" ({instant:%H:%M} UTC)"
    return f"{local:%a %d %b %H:%M} {zone.key}{utc}"
