"""/prep profile and /prep plan, and a member's overview (Slack's App Home)."""

from __future__ import annotations

from datetime import timedelta

from core.coaching.checkin import trouble_section
from core.coaching.plan import build_plan
from core.coaching.plan_views import (
    WEEK_ACTION,
    WEEKS_ACTION,
    PlanView,
    parse_page,
    week_reply,
    weeks_reply,
)
from core.coaching.profile import Consent, Profile
from core.commands.args import Args
from core.commands.context import ActionRoute, CommandContext, Route
from core.commands.words import check_interview
from core.kernel.errors import UsageError
from core.kernel.identity import Caller
from core.kernel.reply import FieldsSection, KeyValue, Ref, Reply, TextSection, error_reply
from core.kernel.safety import quoted
from core.kernel.words import plural
from core.practice.aim_commands import replan_reviews
from core.practice.bank import category_title
from core.practice.deadline import MAX_REVIEWS_A_DAY, REVIEWS_A_DAY
from core.practice.progress import due_by, retention_by_category, weakest
from core.scheduling.recurrence import describe_instant
from core.scheduling.schedules import ScheduleKind
from core.scheduling.timezones import describe_zone_choice, parse_timezone

TROUBLES_SHOWN_FOR = timedelta(days=7)
EXAMPLE = "/prep profile role=netflix-pm interview=2027-01-15 tz=Europe/London"


class ProfileCommands:
    def __init__(self, context: CommandContext) -> None:
        self.context = context
        self.routes: dict[str, Route] = {"prep profile": self.profile, "prep plan": self.plan}
        self.actions: dict[str, ActionRoute] = {
            WEEK_ACTION: self.plan_week,
            WEEKS_ACTION: self.plan_weeks,
        }

    async def profile(self, args: Args, caller: Caller) -> Reply:
        key = caller.key
        if not args:
            return profile_reply(await self.context.users.user(key), caller)
        role = args.role()
        interview = args.date("interview")
        named = args.zone("tz")
        zone = named.zone if named else None
        chosen = describe_zone_choice(named.typed, named.zone) if named else None
        keep = args.switch("keep-answers")
        consent = args.switch("ai-feedback")
        feedback = None if consent is None else Consent.YES if consent else Consent.NO
        per_day = _reviews_a_day(args.number("reviews-a-day"))
        now = self.context.clock()
        if interview is not None:
            local_zone = zone or await self.context.zone(caller)
            check_interview(interview, now.astimezone(local_zone).date())
        profile = await self.context.users.update_profile(
            key,
            now,
            role=role.id if role else None,
            interview=interview,
            timezone=zone.key if zone else None,
            keep_answers=keep,
            ai_feedback=feedback,
            reviews_a_day=per_day,
        )
        if interview is not None or per_day is not None or zone is not None:
            await replan_reviews(self.context, caller, profile, now)
        reply = profile_reply(profile, caller)
        if chosen is None:
            return reply
        note = TextSection(text=f"Timezone: {chosen}.")
        return reply.model_copy(update={"sections": (*reply.sections, note)})

    async def plan(self, args: Args, caller: Caller) -> Reply:
        catalog = self.context.catalog
        today = self.context.clock().astimezone(await self.context.zone(caller)).date()
        given, on = args.role(), args.date("interview")
        if given is not None and on is not None:
            role, interview = given, on
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
        reply = week_reply(role, plan, today)
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

    async def plan_week(self, payload: str, caller: Caller) -> Reply:
        """A plan's button: the week it names, day by day, in place of the view it was on."""
        return await self._plan_page(payload, caller, week_reply)

    async def plan_weeks(self, payload: str, caller: Caller) -> Reply:
        """A plan's button: the whole plan a line a week, from the week it names."""
        return await self._plan_page(payload, caller, weeks_reply)

    async def _plan_page(self, payload: str, caller: Caller, view: PlanView) -> Reply:
        page = parse_page(payload)
        role = self.context.catalog.content.roles.get(page.role) if page else None
        if page is None or role is None:
            return error_reply(
                "That button belongs to a plan that no longer exists.", "Run `/prep plan` again."
            )
        today = self.context.clock().astimezone(await self.context.zone(caller)).date()
        check_interview(page.interview, today)
        plan = build_plan(role, self.context.catalog.content.questions, today, page.interview)
        return view(role, plan, today, page.start).model_copy(update={"replaces": True})

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
                *profile_reply(profile, caller).sections,
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


def profile_reply(profile: Profile | None, caller: Caller | None = None) -> Reply:
    if profile is None:
        return Reply(
            title="Your profile",
            sections=(
                TextSection(text="Nothing set yet."),
                TextSection(text=f"`{EXAMPLE}`"),
            ),
        )
    interview = profile.interview_date
    fields: tuple[KeyValue, ...] = (
        KeyValue(name="Target role", value=profile.target_role or "not set"),
        KeyValue(name="Interview", value=f"{interview:%A %d %B %Y}" if interview else "not set"),
        KeyValue(name="Timezone", value=profile.timezone or _platform_zone(caller)),
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
    if profile.ai_feedback in (Consent.YES, Consent.NO):
        yes = profile.ai_feedback is Consent.YES
        value = "yes (`ai-feedback=no` to stop)" if yes else "no (`ai-feedback=yes` to start)"
        fields = (*fields, KeyValue(name="Answers sent for feedback", value=value))
    return Reply(title="Your profile", sections=(FieldsSection(fields=fields),))


def _reviews_a_day(number: int | None) -> int | None:
    if number is not None and not 1 <= number <= MAX_REVIEWS_A_DAY:
        raise UsageError(
            f"reviews-a-day takes a number from 1 to {MAX_REVIEWS_A_DAY}, not {number}.",
            "For example `/prep profile reviews-a-day=15`.",
        )
    return number


def _platform_zone(caller: Caller | None) -> str:
    """The zone used when the profile names none: the platform's, as `zone()` picks it."""
    if caller is None or caller.timezone is None:
        return "not set (UTC)"
    try:
        parse_timezone(caller.timezone)
    except UsageError:
        return "not set (UTC)"
    return f"{caller.timezone} (from {caller.platform.value.title()}; `tz=` sets your own)"
