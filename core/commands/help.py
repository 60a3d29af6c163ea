"""Usage and examples for every command, shown by /help and in error hints."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from core.kernel.reply import FieldsSection, KeyValue, Reply, TextSection
from core.kernel.safety import quoted


@dataclass(frozen=True)
class CommandHelp:
    """How to type a command; its first example is the one error hints show."""

    usage: str
    summary: str
    examples: tuple[str, ...]


PREP_SUBCOMMANDS: dict[str, CommandHelp] = {
    "schedule": CommandHelp(
        "/prep schedule [#channel] HH:MM [timezone] [days] [ROLE] [category]",
        "A practice question in a channel at a set local time; days: weekdays (the default), "
        "daily, weekends or a list like mon,wed,fri.",
        (
            "/prep schedule #study 9:00 Europe/London weekdays netflix-pm",
            "/prep schedule #study 8am daily amazon-pm leadership-principles",
        ),
    ),
    "schedules": CommandHelp(
        "/prep schedules [#channel]",
        "The daily questions set up in this channel, or in the one named.",
        ("/prep schedules", "/prep schedules #study"),
    ),
    "unschedule": CommandHelp(
        "/prep unschedule ID",
        "Remove a schedule; `/prep schedules` shows the IDs.",
        ("/prep unschedule 3",),
    ),
    "resume": CommandHelp(
        "/prep resume ID",
        "Restart a schedule I paused because I couldn't post.",
        ("/prep resume 3",),
    ),
    "checkin": CommandHelp(
        "/prep checkin HH:MM [timezone] | off",
        "A direct message every day to count down to your interview, and a Sunday summary.",
        ("/prep checkin 8am America/New_York", "/prep checkin off"),
    ),
    "profile": CommandHelp(
        "/prep profile [role=ROLE] [interview=YYYY-MM-DD] [tz=TIMEZONE] [keep-answers=yes|no] "
        "[reviews-a-day=N]",
        "What your plan and check-ins work from; on its own, shows it. keep-answers=yes keeps "
        "the practice answers you write (off unless you turn it on). With an interview date, "
        "every review comes back before it; reviews-a-day caps a day's due reviews (20).",
        (
            "/prep profile role=amazon-pm interview=2027-01-15 tz=Europe/Berlin",
            "/prep profile keep-answers=yes",
        ),
    ),
    "plan": CommandHelp(
        "/prep plan [ROLE YYYY-MM-DD]",
        "A day-by-day plan to your interview, from your profile or the role and date given.",
        ("/prep plan", "/prep plan netflix-pm 2027-01-15"),
    ),
    "stats": CommandHelp(
        "/prep stats",
        "Your streak, reviews due this week, retention by category and two charts; in a "
        "channel, its leaderboard by days practised in the last 28.",
        ("/prep stats",),
    ),
    "forget": CommandHelp(
        "/prep forget", "Delete everything stored about you (asks first).", ("/prep forget",)
    ),
    "pair": CommandHelp(
        "/prep pair [on [#channel] DAY HH:MM [timezone] | off | join | leave] [#channel]",
        "Weekly peer mock interviews in a channel: at the set time, the members who opted in "
        "are paired (three together when their number is odd), and each group gets a "
        "conversation with who interviews first and questions for each one's target role. On "
        "its own, says whether it is on and how many are in.",
        ("/prep pair on #study fri 17:00 Europe/London", "/prep pair join", "/prep pair"),
    ),
    "status": CommandHelp(
        "/prep status",
        "For moderators: each channel's last and next post, what is paused and why, where I "
        "can't post and how to let me, and what was missed or skipped in 14 days, and why.",
        ("/prep status",),
    ),
}

COMMANDS: dict[str, CommandHelp] = {
    "compare": CommandHelp(
        "/compare ROLE ROLE [aspect]",
        "Two roles on one screen, a row per aspect; with an aspect, that one side by side: "
        "scope, interview, comp, career, culture, skills, metrics, fit, mistakes, checklist, faq.",
        ("/compare netflix-pm amazon-pm", "/compare netflix-pm netflix-pmm comp"),
    ),
    "role": CommandHelp(
        "/role [ROLE] [aspect]",
        "A role's card, or the list of roles.",
        ("/role amazon-pm", "/role", "/role netflix pmm interview"),
    ),
    "fit": CommandHelp("/fit", "A short quiz that recommends a role and says why.", ("/fit",)),
    "practice": CommandHelp(
        "/practice [ROLE] [category]",
        "Your due reviews first, then a new question; write an answer, tick the rubric points "
        "you covered and grade it, and it comes back when you are about to forget it. "
        "Categories: product-sense, execution, leadership-principles, market-strategy, "
        "behavioural, culture.",
        ("/practice amazon-pm leadership-principles", "/practice", "/practice execution"),
    ),
    "mock": CommandHelp(
        "/mock ROLE [stage] | resume | pause | abandon",
        "A timed mock of the role's interview loop, stage by stage: what the stage tests, a "
        "question, a time box; answer or press Done, then grade it as in practice. Ends with a "
        "scorecard and your weakest stage. A stage is named by number or by a word of its name.",
        ("/mock amazon-pm", "/mock netflix-pm execution", "/mock resume", "/mock abandon"),
    ),
    "prep": CommandHelp(
        "/prep SUBCOMMAND …",
        "Daily questions in a channel, direct-message check-ins, your profile and plan; "
        "subcommands: " + ", ".join(PREP_SUBCOMMANDS) + ".",
        tuple(e for entry in PREP_SUBCOMMANDS.values() for e in entry.examples),
    ),
    "help": CommandHelp(
        "/help [command]",
        "This help, or one command's.",
        ("/help compare", "/prep help compare", "/help prep plan"),
    ),
}


PREP_FORMS = (
    "Every command also works after `/prep`: "
    + ", ".join(f"`/prep {name}`" for name in COMMANDS if name != "prep")
    + ". Use that form where another app has taken a command's name."
)


def help_reply(topic: str | None = None) -> Reply:
    """All commands; one command's (`compare`, `/prep`); or one /prep subcommand's."""
    words = (topic or "").lower().replace("/", " ").split()
    if not words:
        return _overview()
    if words[0] == "prep" and len(words) > 1:
        words = words[1:]
    name = words[0]
    if name == "prep":
        return _prep_overview()
    if name in COMMANDS and len(words) == 1:
        return _one(f"/{name}", COMMANDS[name], also_prep=name != "prep")
    if name in PREP_SUBCOMMANDS and len(words) == 1:
        return _one(f"/prep {name}", PREP_SUBCOMMANDS[name])
    overview = _overview()
    return overview.model_copy(
        update={
            "sections": (
                TextSection(text=f"There is no help on {quoted(topic or '')}; here is the list."),
                *overview.sections,
            )
        }
    )


def usage_hint(name: str) -> str:
    """The usage and first example of a command (`compare`) or /prep subcommand (`prep plan`)."""
    command, _, sub = name.partition(" ")
    entry = PREP_SUBCOMMANDS[sub] if sub else COMMANDS[command]
    return f"Usage: `{entry.usage}`, for example `{entry.examples[0]}`."


def _one(title: str, entry: CommandHelp, also_prep: bool = False) -> Reply:
    usage = f"`{entry.usage}`" + (f" or `{as_prep(entry.usage)}`" if also_prep else "")
    return Reply(
        title=title,
        sections=(
            TextSection(text=f"{usage}\n{entry.summary}"),
            TextSection(heading="Examples", text="\n".join(f"`{e}`" for e in entry.examples)),
        ),
    )


def as_prep(command: str) -> str:
    """The `/prep` form of a command: `/compare a b` → `/prep compare a b`."""
    return command if command.startswith("/prep") else "/prep " + command.removeprefix("/")


def _overview() -> Reply:
    return Reply(
        title="prepbot: what I can do",
        sections=(
            _fields(COMMANDS.values()),
            TextSection(text=PREP_FORMS),
            TextSection(
                text="`/prep help COMMAND` shows more examples, e.g. `/prep help compare` or "
                "`/prep help schedule`."
            ),
        ),
    )


def _prep_overview() -> Reply:
    return Reply(
        title="/prep",
        sections=(
            TextSection(text=COMMANDS["prep"].summary),
            _fields(PREP_SUBCOMMANDS.values()),
            TextSection(text=PREP_FORMS),
            TextSection(text="`/prep help SUBCOMMAND` shows more examples."),
        ),
    )


def _fields(entries: Iterable[CommandHelp]) -> FieldsSection:
    return FieldsSection(
        fields=tuple(
            KeyValue(name=entry.usage, value=f"{entry.summary}\ne.g. `{entry.examples[0]}`")
            for entry in entries
        )
    )
