"""What a check-in and the weekly summary say, and the reply to a check-in button."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from core.coaching.countdown import countdown
from core.coaching.plan import focus_for
from core.coaching.profile import DONE, SKIP, SNOOZE, Answered, Profile
from core.content.loader import Content
from core.content.models import PracticeQuestion
from core.kernel.reply import (
    Button,
    ButtonStyle,
    FieldsSection,
    KeyValue,
    Ref,
    Reply,
    Section,
    TextSection,
)
from core.kernel.words import plural
from core.practice.bank import START_ACTION, category_title, source_line
from core.practice.progress import Week, graded_by_line
from core.scheduling.deliveries import DeliveryStatus, Trouble


def checkin_reply(
    user: Profile | None,
    content: Content,
    today: date,
    question: PracticeQuestion | None,
    due: int = 0,
    troubles: Sequence[Trouble] = (),
) -> Reply:
    sections: list[Section] = []
    role = content.roles.get(user.target_role) if user and user.target_role else None
    interview = user.interview_date if user else None
    near = countdown(role, today, interview)
    if interview is not None and interview >= today:
        days = (interview - today).days
        sections.append(
            TextSection(
                text="Your interview is today. Good luck!"
                if days == 0
                else f"{plural(days, 'day')} to your interview."
            )
        )
        if role is not None:
            focus = focus_for(role, content.questions, today, interview)
            if focus is not None:
                sections.append(
                    TextSection(heading=f"Today's focus: {focus.focus}", text=focus.detail)
                )
    elif not near.sections:
        sections.append(
            TextSection(
                text="Set your interview date to get a countdown and a plan: "
                "`/prep profile interview=YYYY-MM-DD role=ROLE`."
            )
        )
    sections.extend(near.sections)
    weak = user.weakest_category if user else None
    if due or weak:
        sections.append(TextSection(heading="Reviews", text=_reviews_line(due, weak)))
    if question is not None and near.new_question:
        sections.append(
            TextSection(
                heading="Question of the day",
                text=f"{question.prompt}\n{source_line(question, content.articles)}",
            )
        )
    sections.append(
        TextSection(
            text=f"Current streak: {plural(user.streak if user else 0, 'day')}. "
            "Did you practise today?"
        )
    )
    if troubles:
        sections.append(trouble_section(troubles))
    stamp = today.isoformat()
    start = (Button(action=START_ACTION, label=f"Start {due} review(s)"),) if due else ()
    return Reply(
        title="Daily check-in",
        sections=tuple(sections),
        buttons=(
            Button(
                action=f"checkin.{DONE}", label="Done", payload=stamp, style=ButtonStyle.PRIMARY
            ),
            Button(action=f"checkin.{SKIP}", label="Skip today", payload=stamp),
            Button(action=f"checkin.{SNOOZE}", label="Snooze an hour", payload=stamp),
            *start,
            *near.buttons,
        ),
    )


def _reviews_line(due: int, weak: str | None) -> str:
    count = f"{due} due today" if due else "Nothing due today"
    if weak is None:
        return f"{count}."
    return (
        f"{count}. Your {category_title(weak).lower()} answers are the shakiest lately: "
        f"`/practice {weak}`."
    )


def answer_reply(answer: str, streak: int | None, outcome: Answered) -> Reply:
    if answer == SNOOZE:
        return Reply(title="Snoozed", sections=(TextSection(text="I'll remind you in an hour."),))
    said = "done" if answer == DONE else "a rest day"
    if outcome is Answered.UNCHANGED:
        return Reply(
            title="Already noted", sections=(TextSection(text=f"You've marked that day {said}."),)
        )
    if outcome is Answered.SETTLED:
        return Reply(
            title="Already noted",
            sections=(
                TextSection(
                    text="You've answered that day's check-in; "
                    "an answer can be changed only on its own day."
                ),
            ),
        )
    streak_text = f"Streak: {plural(streak or 0, 'day')}."
    if outcome is Answered.CHANGED:
        return Reply(
            title=f"Changed to {said}",
            sections=(TextSection(text=f"I've changed today's answer. {streak_text}"),),
        )
    if answer == DONE:
        return Reply(title="Nice work", sections=(TextSection(text=streak_text),))
    return Reply(title="Rest day noted", sections=(TextSection(text="See you tomorrow."),))


def summary_reply(user: Profile | None, done_this_week: int, week: Week | None = None) -> Reply:
    streak = user.streak if user else 0
    best = user.best_streak if user else 0
    sections: list[Section] = [
        TextSection(
            text=f"You practised on {plural(done_this_week, 'day')} this week. "
            f"Streak: {plural(streak, 'day')}; best: {best}."
        )
    ]
    if week is not None and (week.reviews or week.due_next_week):
        fields = [
            KeyValue(name="Reviews done", value=str(week.reviews)),
            KeyValue(name="Retention", value=_retention(week)),
            KeyValue(name="Due next week", value=str(week.due_next_week)),
        ]
        if week.graded_by:
            fields.append(KeyValue(name="Graded", value=graded_by_line(week.graded_by)))
        if week.weakest:
            fields.append(KeyValue(name="Weakest category", value=category_title(week.weakest)))
        sections.append(FieldsSection(heading="Reviews", fields=tuple(fields)))
    return Reply(title="Your week", sections=tuple(sections))


def _retention(week: Week) -> str:
    if week.retention is None:
        return "not yet measured"
    now = f"{week.retention:.0%}"
    change = week.change
    if change is None:
        return f"{now} (new this week)"
    points = round(change * 100)
    return f"{now} ({points:+d} points on a week ago)"


def trouble_section(troubles: Sequence[Trouble]) -> TextSection:
    """What went wrong with the channel posts a member set up (at most a few lines)."""
    shown = troubles[-5:]
    lines = [
        f"• #{t.schedule_id} in {{{i}}}, {t.fire_at:%a %d %b %H:%M} UTC: "
        + ("gave up after retrying" if t.status is DeliveryStatus.MISSED else "could not post")
        + (f" ({t.reason})" if t.reason else "")
        for i, t in enumerate(shown)
    ]
    return TextSection(
        heading="Posts I could not make",
        text="\n".join(lines),
        refs=tuple(Ref.channel(t.channel) for t in shown),
    )
