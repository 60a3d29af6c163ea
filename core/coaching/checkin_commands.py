"""/prep checkin and the check-in buttons: daily direct messages, the streak, snoozing."""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

from core.coaching.checkin import answer_reply
from core.coaching.countdown import (
    CHECKINS_OFF_ACTION,
    OUTCOME_ACTION,
    OUTCOMES,
    outcome_reply_text,
)
from core.coaching.profile import DONE, SKIP, SNOOZE, Answered
from core.commands.args import Args
from core.commands.context import ActionRoute, CommandContext, Route
from core.kernel.errors import UsageError
from core.kernel.identity import Caller
from core.kernel.reply import Reply, TextSection
from core.scheduling.recurrence import ALL_DAYS, Recurrence, describe_instant
from core.scheduling.schedules import PERSONAL_KINDS, ScheduleKind, personal_schedules, snooze
from core.scheduling.timezones import describe_zone_choice

CHECKIN_ACTIONS = tuple(f"checkin.{answer}" for answer in (DONE, SKIP, SNOOZE))
SNOOZE_FOR = timedelta(hours=1)


class CheckinCommands:
    def __init__(self, context: CommandContext) -> None:
        self.context = context
        self.routes: dict[str, Route] = {"prep checkin": self.checkin}
        self.actions: dict[str, ActionRoute] = {
            f"checkin.{DONE}": self.done,
            f"checkin.{SKIP}": self.skip,
            f"checkin.{SNOOZE}": self.snooze,
            OUTCOME_ACTION: self.outcome,
            CHECKINS_OFF_ACTION: self.off,
        }

    async def checkin(self, args: Args, caller: Caller) -> Reply:
        key = caller.key
        schedules = self.context.schedules
        if args.keyword == "off":
            removed = await schedules.replace_personal(key, PERSONAL_KINDS, [])
            text = "Check-ins are off." if removed else "You had no check-ins."
            return Reply(title="Check-ins", sections=(TextSection(text=text),))
        at = args.time()
        assert at is not None  # the spec requires it
        now = self.context.clock()
        profile = await self.context.users.user(key)
        usual = await self.context.zone(caller)
        notes: list[TextSection] = []
        if (named := args.zone()) is not None:
            # The check-in's own zone: the profile's changes only through /prep profile.
            zone = named.zone
            chosen = describe_zone_choice(named.typed, zone)
            if chosen is not None:
                notes.append(TextSection(text=f"Timezone: {chosen}."))
        else:
            # Changing only the time keeps the check-ins' own zone.
            zone = await self._checkin_zone(caller)
        if zone.key != usual.key:
            notes.append(
                TextSection(
                    text=f"Only your check-ins use {zone.key}; your other times stay "
                    f"in {usual.key}. To move everything, use `/prep profile tz={zone.key}`."
                )
            )
        recurrence = Recurrence(at, zone, ALL_DAYS)
        await schedules.replace_personal(
            key, PERSONAL_KINDS, personal_schedules(key, recurrence, self.context.summary_at, now)
        )
        first = recurrence.next_after(now)
        if profile is None or profile.interview_date is None:
            notes.append(
                TextSection(
                    text="Set your interview date so I can count down: "
                    "`/prep profile interview=YYYY-MM-DD role=ROLE`."
                )
            )
        return Reply(
            title="Check-ins are on",
            sections=(
                TextSection(
                    text=f"I'll message you every day at {at:%H:%M} {zone.key}, starting "
                    f"{describe_instant(first.fire_at, zone)}, and send a summary on Sunday "
                    "evenings."
                ),
                *notes,
            ),
        )

    async def outcome(self, payload: str, caller: Caller) -> Reply:
        """The day after the interview: how it went, kept on the profile."""
        outcome, _, _ = payload.partition("|")
        if outcome not in OUTCOMES:
            raise UsageError("That button is not valid.", "Wait for the next check-in.")
        await self.context.users.record_outcome(caller.key, outcome, self.context.clock())
        return Reply(
            title=OUTCOMES[outcome],
            sections=(
                TextSection(text=outcome_reply_text(outcome)),
                TextSection(
                    text="Next interview? `/prep profile interview=YYYY-MM-DD`. "
                    "Done for now? `/prep checkin off`."
                ),
            ),
        )

    async def off(self, payload: str, caller: Caller) -> Reply:
        return await self.checkin(Args(keyword="off"), caller)

    async def done(self, payload: str, caller: Caller) -> Reply:
        return await self._answer(DONE, payload, caller)

    async def skip(self, payload: str, caller: Caller) -> Reply:
        return await self._answer(SKIP, payload, caller)

    async def snooze(self, payload: str, caller: Caller) -> Reply:
        await self._day(payload, caller)
        now = self.context.clock()
        zone = await self._checkin_zone(caller)
        one_off = snooze(caller.key, now + SNOOZE_FOR, zone, now)
        await self.context.schedules.replace_personal(caller.key, (ScheduleKind.SNOOZE,), [one_off])
        return answer_reply(SNOOZE, None, Answered.RECORDED)

    async def _answer(self, answer: str, payload: str, caller: Caller) -> Reply:
        local_date, today = await self._day(payload, caller)
        # A misrecorded answer can be put right while its day lasts, not afterwards.
        profile, outcome = await self.context.users.answer_checkin(
            caller.key, local_date, answer, self.context.clock(), changeable=local_date == today
        )
        return answer_reply(answer, profile.streak, outcome)

    async def _day(self, payload: str, caller: Caller) -> tuple[date, date]:
        """The day a check-in button is for, and the caller's today; refused if the payload is
        not a day or the day has not yet come."""
        try:
            local_date = date.fromisoformat(payload)
        except ValueError:
            raise UsageError(
                "That check-in button is not valid.", "Wait for the next one."
            ) from None
        today = self.context.clock().astimezone(await self._checkin_zone(caller)).date()
        if local_date > today:
            raise UsageError(
                "That check-in is for a day that hasn't come yet.",
                "Answer the check-in I send on the day.",
            )
        return local_date, today

    async def _checkin_zone(self, caller: Caller) -> ZoneInfo:
        """The zone the caller's check-ins run in (their days are its days); else theirs."""
        key = caller.key
        checkins = await self.context.schedules.find(
            key.platform, key.workspace, target=key.user_id, kinds=(ScheduleKind.CHECKIN,)
        )
        return checkins[0].recurrence.zone if checkins else await self.context.zone(caller)
