"""/prep profile and /prep plan, and a member's overview (Slack's App Home)."""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

from core.coaching.checkin import trouble_section
from core.coaching.plan import build_plan, plan_reply
from core.coaching.profile import Profile
from core.commands.context import ActionRoute, CommandContext, Route
from core.commands.help import usage_hint
from core.commands.words import check_interview, find_role, parse_date, settings_in
from core.kernel.errors import UsageError
from core.kernel.identity import Caller
from core.kernel.reply import FieldsSection, KeyValue, Ref, Reply, TextSection
from core.kernel.safety import quoted
from core.kernel.words import plural
from core.practice.aim_commands import replan_reviews
from core.practice.bank import category_title
from core.practice.deadline import MAX_REVIEWS_A_DAY, REVIEWS_A_DAY
from core.practice.progress import due_by, retention_by_category, weakest
from core.roles.catalog import UnknownRole
from core.scheduling.recurrence import describe_instant
from core.scheduling.schedules import ScheduleKind
from core.scheduling.timezones import describe_zone_choice, parse_timezone

TROUBLES_SHOWN_FOR = timedelta(days=7)
EXAMPLE = "/prep profile role=netflix-pm interview=2027-01-15 tz=Europe/London"


class ProfileCommands:
    def __init__(self, context: CommandContext) -> None:
        self.context = context
        self.routes: dict[str, Route] = {"profile": self.profile, "plan": self.plan}
        self.actions: dict[str, ActionRoute] = {}

    async def profile(self, args: list[str], caller: Caller) -> Reply:
        key = caller.key
        if not args:
            return profile_reply(await self.context.users.user(key))
        role: str | None = None
        interview: date | None = None
        zone: ZoneInfo | None = None
        chosen: str | None = None
        keep: bool | None = None
        per_day: int | None = None
        for name, value in settings_in(args, EXAMPLE):
            if name == "role":
                role = self.context.catalog.resolve(value.replace("_", " ")).id
            elif name in ("interview", "date"):
                interview = parse_date(value)
            elif name in ("tz", "timezone"):
                zone = parse_timezone(value)
                chosen = describe_zone_choice(value, zone)
            elif name.replace("_", "-") == "keep-answers":
                keep = _yes_or_no(value)
            elif name.replace("_", "-") == "reviews-a-day":
                per_day = _reviews_a_day(value)
            else:
                raise UsageError(
                    f"I don't know the profile setting {quoted(name)}.",
                    "Settings: role, interview, tz, keep-answers, reviews-a-day.",
                )
        now = self.context.clock()
        if interview is not None:
            local_zone = zone or await self.context.zone(caller)
            check_interview(interview, now.astimezone(local_zone).date())
        profile = await self.context.users.update_profile(
            key,
            now,
            role=role,
            interview=interview,
            timezone=zone.key if zone else None,
            keep_answers=keep,
            reviews_a_day=per_day,
        )
        if interview is not None or per_day is not None or zone is not None:
            await replan_reviews(self.context, caller, profile, now)
        reply = profile_reply(profile)
        if chosen is None:
            return reply
        note = TextSection(text=f"Timezone: {chosen}.")
        return reply.model_copy(update={"sections": (*reply.sections, note)})

    async def plan(self, args: list[str], caller: Caller) -> Reply:
        catalog = self.context.catalog
        today = self.context.clock().astimezone(await self.context.zone(caller)).date()
        if args:
            found = find_role(catalog, args)
            if found is None:
                raise UnknownRole(args[0], catalog.suggest(args[0]))
            if len(found.rest) != 1:
                raise UsageError("`/prep plan` needs a role and a date.", usage_hint("prep plan"))
            role, interview = found.role, parse_date(found.rest[0])
        else:
            profile = await self.context.users.user(caller.key)
            if profile is None or profile.target_role is None or profile.interview_date is None:
                raise UsageError(
                    "I need your target role and interview date for a plan.",
                    "Set them with `/prep profile role=netflix-pm interview=2027-01-15`, "
                    "or ask `/prep plan netflix-pm 2027-01-15`.",
                )
            stored_role = catalog.content.roles.get(profile.target_role)
            if stored_role is None:
                raise UsageError(
                    f"Your target role {quoted(profile.target_role)} is no longer offered.",
                    "Pick another with `/prep profile role=ROLE`; `/role` lists them.",
                )
            role, interview = stored_role, profile.interview_date
        check_interview(interview, today)
        plan = build_plan(role, catalog.content.questions, today, interview)
        reply = plan_reply(role, plan, today)
        now = self.context.clock()
        cards = await self.context.cards.cards(caller.key)
        retention = retention_by_category(cards, now)
        weak = weakest(retention)
        due = len(due_by(cards, now))
        if weak is None:
            return reply
        advice = TextSection(
            heading="Next, from your reviews",
            text=f"Weakest: {category_title(weak)} ({retention[weak]:.0%} retention); "
            f"{due} review(s) due now. `/practice {weak}` works on it.",
        )
        return reply.model_copy(update={"sections": (advice, *reply.sections)})

    async def home(self, caller: Caller) -> Reply:
        """A member's overview: profile, streak, next check-in and the schedules they own."""
        profile = await self.context.users.user(caller.key)
        mine = await self.context.schedules.find(
            caller.platform,
            caller.workspace,
            owner=caller.user,
            kinds=(ScheduleKind.CHANNEL, ScheduleKind.CHECKIN),
        )
        checkin = next((s for s in mine if s.kind is ScheduleKind.CHECKIN), None)
        channels = [s for s in mine if s.kind is ScheduleKind.CHANNEL]
        next_checkin = (
            describe_instant(checkin.next_fire_at, checkin.recurrence.zone)
            if checkin and checkin.next_fire_at
            else "off (`/prep checkin 08:00`)"
        )
        since = self.context.clock() - TROUBLES_SHOWN_FOR
        troubles = (await self.context.deliveries.troubles([caller.key], since)).get(caller.key)
        owned = "\n".join(
            f"• #{s.id} in {{{i}}} {s.describe()}" + (" (paused)" if s.paused else "")
            for i, s in enumerate(channels)
        )
        return Reply(
            title="prepbot",
            sections=(
                *profile_reply(profile).sections,
                FieldsSection(fields=(KeyValue(name="Next check-in", value=next_checkin),)),
                TextSection(
                    heading="Schedules you own",
                    text=owned or "None yet.",
                    refs=tuple(Ref.channel(s.target) for s in channels),
                ),
                *((trouble_section(troubles),) if troubles else ()),
                TextSection(text="Try `/compare netflix-pm amazon-pm`, `/fit` or `/practice`."),
            ),
        )


def profile_reply(profile: Profile | None) -> Reply:
    if profile is None:
        return Reply(
            title="Your profile",
            sections=(
                TextSection(text="Nothing set yet."),
                TextSection(text=f"`{EXAMPLE}`"),
            ),
        )
    interview = profile.interview_date
    fields = (
        KeyValue(name="Target role", value=profile.target_role or "not set"),
        KeyValue(name="Interview", value=f"{interview:%A %d %B %Y}" if interview else "not set"),
        KeyValue(name="Timezone", value=profile.timezone or "not set (UTC)"),
        KeyValue(name="Streak", value=f"{profile.streak} day(s)"),
        KeyValue(
            name="Answers kept",
            value="yes (`keep-answers=no` to stop)" if profile.keep_answers else "no",
        ),
        KeyValue(name="Streak", value=plural(profile.streak, "day")),
        KeyValue(
            name="Reviews a day",
            value=f"at most {profile.reviews_a_day}"
            if profile.reviews_a_day
            else f"at most {REVIEWS_A_DAY} (the default; `reviews-a-day=N` to change)",
        ),
    )
    return Reply(title="Your profile", sections=(FieldsSection(fields=fields),))


def _reviews_a_day(value: str) -> int:
    number = value.strip()
    if not (number.isascii() and number.isdigit()) or not 1 <= int(number) <= MAX_REVIEWS_A_DAY:
        raise UsageError(
            f"reviews-a-day takes a number from 1 to {MAX_REVIEWS_A_DAY}, not {quoted(value)}.",
            "For example `/prep profile reviews-a-day=15`.",
        )
    return int(number)


def _yes_or_no(value: str) -> bool:
    word = value.strip().lower()
    if word in ("yes", "y", "on", "true", "1"):
        return True
    if word in ("no", "n", "off", "false", "0"):
        return False
    raise UsageError(
        f"keep-answers takes yes or no, not {quoted(value)}.",
        "For example `/prep profile keep-answers=yes`.",
    )
