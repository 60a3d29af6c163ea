"""/prep stats (a member's progress and its charts, how their grades compare with the grader's
and their partners', a channel's leaderboard) and /prep forget."""

from __future__ import annotations

from datetime import timedelta

from core.commands.args import Args
from core.commands.context import ActionRoute, CommandContext, Route
from core.kernel.identity import Caller
from core.kernel.reply import (
    Button,
    ButtonStyle,
    Chart,
    FieldsSection,
    KeyValue,
    Ref,
    Reply,
    Section,
    TextSection,
)
from core.kernel.words import plural
from core.practice.bank import category_title
from core.practice.calibration import calibration_lines
from core.practice.progress import (
    CONSISTENCY_DAYS,
    due_by,
    graded_by,
    graded_by_line,
    practice_days,
    retention_by_category,
    weakest,
)
from core.practice.progress_chart import WEEKS

FORGET_ACTION = "prep.forget"
HEATMAP_DAYS = 7 * WEEKS


class StatsCommands:
    def __init__(self, context: CommandContext) -> None:
        self.context = context
        self.routes: dict[str, Route] = {"prep stats": self.stats, "prep forget": self.forget}
        self.actions: dict[str, ActionRoute] = {FORGET_ACTION: self.forget_confirmed}

    async def stats(self, args: Args, caller: Caller) -> Reply:
        users = self.context.users
        stats = await users.stats(caller.key)
        sections: list[Section] = []
        charts: tuple[Chart, ...] = ()
        now = self.context.clock()
        today = now.astimezone(await self.context.zone(caller)).date()
        if stats is None:
            sections.append(
                TextSection(text="Nothing yet: try `/practice` or `/prep checkin 08:00`.")
            )
        else:
            cards = await self.context.cards.cards(caller.key)
            retention = retention_by_category(cards, now)
            streak = f"{plural(stats.streak, 'day')} (best {stats.best_streak})"
            due_week = len(due_by(cards, now + timedelta(days=7)))
            sections.append(
                FieldsSection(
                    fields=(
                        KeyValue(name="Streak", value=streak),
                        KeyValue(name="Reviews due this week", value=str(due_week)),
                        KeyValue(name="Questions graded", value=str(len(cards))),
                        KeyValue(name="Check-ins done", value=str(stats.done)),
                        KeyValue(name="Days skipped", value=str(stats.skipped)),
                        KeyValue(name="Practice questions", value=str(stats.practised)),
                        KeyValue(name="Fit quizzes", value=str(stats.fits)),
                    )
                )
            )
            if retention:
                lines = "\n".join(
                    f"{category_title(c)}: {v:.0%}"
                    + (" (weakest)" if c == weakest(retention) else "")
                    for c, v in sorted(retention.items(), key=lambda item: item[1])
                )
                sections.append(TextSection(heading="Retention by category", text=lines))
            history = await self.context.cards.reviews(caller.key)
            if history:
                sections.append(
                    TextSection(
                        heading="Who chose the grades",
                        text=f"Of {plural(len(history), 'review')}: "
                        + graded_by_line(graded_by(history))
                        + ".",
                    )
                )
            compared = calibration_lines(history)
            if compared:
                sections.append(
                    TextSection(heading="How your grades compare", text="\n".join(compared))
                )
            since = today - timedelta(days=HEATMAP_DAYS)
            reviews = [
                r for r in history if r.reviewed_at >= now - timedelta(days=HEATMAP_DAYS + 1)
            ]
            done = await self.context.cards.done_days(caller.key, since)
            days = practice_days(reviews, done)
            charts = await self.context.charts.progress(days, retention, today)
        if caller.channel and not caller.is_direct:
            since = today - timedelta(days=CONSISTENCY_DAYS - 1)
            leaders = await self.context.cards.consistency(caller.platform, caller.workspace, since)
            board = "\n".join(
                f"{i}. {{{i - 1}}}: {days} of the last {CONSISTENCY_DAYS} days (streak {p.streak})"
                for i, (p, days) in enumerate(leaders, 1)
            )
            sections.append(
                TextSection(
                    heading=f"Leaderboard: days practised in the last {CONSISTENCY_DAYS}",
                    text=board or "Nobody has practised here yet.",
                    refs=tuple(Ref.user(p.key.user_id) for p, _ in leaders),
                )
            )
        return Reply(title="Your stats", sections=tuple(sections), charts=charts)

    async def forget(self, args: Args, caller: Caller) -> Reply:
        return Reply(
            title="Delete everything about you?",
            sections=(
                TextSection(
                    text="This removes your profile, streak, history, check-ins, practice cards, "
                    "reviews, kept answers, your answer-feedback choice and pairing opt-ins, and "
                    "the channel schedules you "
                    "created (in past pairs, your partners keep only an anonymous mark). It "
                    "cannot be undone."
                ),
            ),
            buttons=(
                Button(action=FORGET_ACTION, label="Yes, delete it all", style=ButtonStyle.DANGER),
            ),
        )

    async def forget_confirmed(self, payload: str, caller: Caller) -> Reply:
        had_user, schedules = await self.context.users.forget(caller.key)
        had_user = bool(await self.context.pairs.forget(caller.key)) or had_user
        had_user = bool(await self.context.library.store.forget(caller.key)) or had_user
        if not had_user and not schedules:
            return Reply(
                title="Nothing to delete",
                sections=(TextSection(text="I had nothing stored about you."),),
            )
        text = "Everything I stored about you is gone"
        text += f", including {plural(schedules, 'schedule')}." if schedules else "."
        return Reply(title="Deleted", sections=(TextSection(text=text),))
