"""/prep stats (a member's progress, a channel's leaderboard) and /prep forget."""

from __future__ import annotations

from core.commands.context import ActionRoute, CommandContext, Route
from core.commands.words import no_arguments
from core.identity import Caller
from core.reply import (
    Button,
    ButtonStyle,
    FieldsSection,
    KeyValue,
    Ref,
    Reply,
    Section,
    TextSection,
)
from core.words import plural

FORGET_ACTION = "prep.forget"


class StatsCommands:
    def __init__(self, context: CommandContext) -> None:
        self.context = context
        self.routes: dict[str, Route] = {"stats": self.stats, "forget": self.forget}
        self.actions: dict[str, ActionRoute] = {FORGET_ACTION: self.forget_confirmed}

    async def stats(self, args: list[str], caller: Caller) -> Reply:
        no_arguments(args, "stats")
        users = self.context.users
        stats = await users.stats(caller.key)
        sections: list[Section] = []
        if stats is None:
            sections.append(
                TextSection(text="Nothing yet: try `/practice` or `/prep checkin 08:00`.")
            )
        else:
            streak = f"{plural(stats.streak, 'day')} (best {stats.best_streak})"
            sections.append(
                FieldsSection(
                    fields=(
                        KeyValue(name="Streak", value=streak),
                        KeyValue(name="Check-ins done", value=str(stats.done)),
                        KeyValue(name="Days skipped", value=str(stats.skipped)),
                        KeyValue(name="Practice questions", value=str(stats.practised)),
                        KeyValue(name="Fit quizzes", value=str(stats.fits)),
                    )
                )
            )
        if caller.channel and not caller.is_direct:
            leaders = await users.leaderboard(caller.platform, caller.workspace)
            board = "\n".join(
                f"{i}. {{{i - 1}}}: {plural(p.streak, 'day')}" for i, p in enumerate(leaders, 1)
            )
            sections.append(
                TextSection(
                    heading="Leaderboard",
                    text=board or "No streaks yet.",
                    refs=tuple(Ref.user(p.key.user_id) for p in leaders),
                )
            )
        return Reply(title="Your stats", sections=tuple(sections))

    async def forget(self, args: list[str], caller: Caller) -> Reply:
        no_arguments(args, "forget")
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

    async def forget_confirmed(self, payload: str, caller: Caller) -> Reply:
        had_user, schedules = await self.context.users.forget(caller.key)
        if not had_user and not schedules:
            return Reply(
                title="Nothing to delete",
                sections=(TextSection(text="I had nothing stored about you."),),
            )
        text = "Everything I stored about you is gone"
        text += f", including {plural(schedules, 'schedule')}." if schedules else "."
        return Reply(title="Deleted", sections=(TextSection(text=text),))
