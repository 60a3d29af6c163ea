"""The /prep subcommands, one spec entry each: channel schedules, check-ins, the profile and
plan, stats, forgetting, and weekly pairing."""

from __future__ import annotations

from core.commands.spec import Command, Form, Kind, Message, Param, Permission, Setting
from core.content.models import Category

CHANNEL = Param("channel", Kind.CHANNEL, "Where to post; this channel if left out")
NUMBER = Param(
    "number",
    Kind.NUMBER,
    "The schedule's number, from /prep schedules",
    required=True,
    noun="a schedule number",
    minimum=1,
)
ROLE = Param("role", Kind.ROLE, "Only questions for this role", anywhere=True)
CATEGORY = Param(
    "category",
    Kind.CATEGORY,
    "Only questions of this kind",
    anywhere=True,
    choices=tuple(c.value for c in Category),
)

SCHEDULE = Command(
    "schedule",
    "Post a practice question in a channel at a set local time.",
    "A practice question in a channel at a set local time; days: weekdays (the default), "
    "daily, weekends or a list like mon,wed,fri.",
    (
        "/prep schedule #study 9:00 Europe/London weekdays netflix-pm",
        "/prep schedule #study 8am daily amazon-pm leadership-principles",
    ),
    params=(
        CHANNEL,
        Param(
            "time",
            Kind.TIME,
            "Local time, like 09:00",
            required=True,
            missing=Message("At what time?", "For example `/prep schedule #study 09:00`."),
        ),
        Param("timezone", Kind.TIMEZONE, "An IANA timezone, like Europe/London", anywhere=True),
        Param(
            "days",
            Kind.DAYS,
            "weekdays, daily, weekends or a list like mon,wed,fri",
            anywhere=True,
            choices=("weekdays", "daily", "weekends", "mon,wed,fri"),
        ),
        ROLE,
        CATEGORY,
    ),
    permission=Permission.MANAGE_CHANNEL,
    refused=Message(
        "Scheduling questions in a channel needs the Manage Channels permission.",
        "Ask someone who can manage this channel to set it up.",
    ),
    empty=Message("Which channel, and at what time?"),
)

SUBCOMMANDS = (
    SCHEDULE,
    Command(
        "schedules",
        "The daily questions set up in this channel, or in the one named.",
        "The daily questions set up in this channel, or in the one named.",
        ("/prep schedules", "/prep schedules #study"),
        params=(Param("channel", Kind.CHANNEL, "Whose schedules; this channel if left out"),),
    ),
    Command(
        "unschedule",
        "Stop a channel's daily questions.",
        "Remove a schedule; `/prep schedules` shows the IDs.",
        ("/prep unschedule 3",),
        params=(NUMBER,),
        permission=Permission.MANAGE_CHANNEL,
    ),
    Command(
        "resume",
        "Restart a schedule paused because the bot couldn't post.",
        "Restart a schedule I paused because I couldn't post.",
        ("/prep resume 3",),
        params=(NUMBER,),
        permission=Permission.MANAGE_CHANNEL,
    ),
    Command(
        "checkin",
        "A daily direct message counting down to your interview, or off.",
        "A direct message every day to count down to your interview, and a Sunday summary.",
        ("/prep checkin 8am America/New_York", "/prep checkin off"),
        params=(
            Param(
                "time",
                Kind.TIME,
                "Local time, like 08:00",
                required=True,
                missing=Message("When should I check in?", "For example `/prep checkin 08:00`."),
            ),
            Param("timezone", Kind.TIMEZONE, "Like Europe/London; your usual one if left out"),
        ),
        forms=(Form("off", aliases=("stop", "none")),),
    ),
    Command(
        "profile",
        "Your target role, interview date and timezone.",
        "What your plan and check-ins work from; on its own, shows it. keep-answers=yes keeps "
        "the practice answers you write (off unless you turn it on); ai-feedback=yes sends "
        "them to the grader for feedback, where one is set up. With an interview date, every "
        "review comes back before it; reviews-a-day caps a day's due reviews (20).",
        (
            "/prep profile role=amazon-pm interview=2027-01-15 tz=Europe/Berlin",
            "/prep profile keep-answers=yes",
        ),
        params=(
            Param(
                "settings",
                Kind.SETTINGS,
                "name=value pairs",
                settings=(
                    Setting("role", Kind.ROLE, "Your target role"),
                    Setting("interview", Kind.DATE, "Interview date, YYYY-MM-DD", ("date",)),
                    Setting("tz", Kind.TIMEZONE, "Like Asia/Tokyo", ("timezone",), "timezone"),
                    Setting(
                        "keep-answers",
                        Kind.SWITCH,
                        "Keep the practice answers you write (off unless you turn it on)",
                    ),
                    Setting(
                        "ai-feedback",
                        Kind.SWITCH,
                        "Send your answers to the grader for feedback (where one is set up)",
                    ),
                    Setting(
                        "reviews-a-day",
                        Kind.NUMBER,
                        "The most reviews due on one day (20 unless set)",
                    ),
                ),
            ),
        ),
    ),
    Command(
        "plan",
        "A day-by-day plan to your interview.",
        "A day-by-day plan to your interview, from your profile or the role and date given.",
        ("/prep plan", "/prep plan netflix-pm 2027-01-15"),
        params=(
            Param("role", Kind.ROLE, "Plan for this role", required=True),
            Param(
                "interview",
                Kind.DATE,
                "Interview date, YYYY-MM-DD (with a role)",
                required=True,
                missing=Message("`/prep plan` needs a role and a date."),
            ),
        ),
        together=True,
    ),
    Command(
        "stats",
        "Your streak and history; in a channel, its leaderboard.",
        "Your streak, reviews due this week, retention by category and two charts; in a "
        "channel, its leaderboard by days practised in the last 28.",
        ("/prep stats",),
    ),
    Command(
        "forget",
        "Delete everything stored about you.",
        "Delete everything stored about you (asks first).",
        ("/prep forget",),
    ),
    Command(
        "pair",
        "Weekly peer mock interviews in a channel: on, off, join, leave.",
        "Weekly peer mock interviews in a channel: at the set time, the members who opted in "
        "are paired (three together when their number is odd), and each group gets a "
        "conversation with who interviews first and questions for each one's target role. On "
        "its own, says whether it is on and how many are in.",
        ("/prep pair on #study fri 17:00 Europe/London", "/prep pair join", "/prep pair"),
        params=(Param("channel", Kind.CHANNEL, "The channel; this one if left out"),),
        forms=(
            Form(
                "on",
                (
                    Param("channel", Kind.CHANNEL, "The channel; this one if left out"),
                    Param(
                        "day",
                        Kind.DAY,
                        "With on: a day, like fri",
                        required=True,
                        missing=Message("On which day of the week?"),
                    ),
                    Param(
                        "time",
                        Kind.TIME,
                        "With on: a local time, like 17:00",
                        required=True,
                        missing=Message(
                            "At what time?", "For example `/prep pair on #study fri 17:00`."
                        ),
                    ),
                    Param("timezone", Kind.TIMEZONE, "With on: like Europe/London"),
                ),
                refused=Message(
                    "Turning pairing on in a channel needs the Manage Channels permission.",
                    "Ask someone who can manage this channel to set it up.",
                ),
            ),
            *(Form(word, (CHANNEL,)) for word in ("off", "join", "leave")),
        ),
    ),
    Command(
        "status",
        "For moderators: what the bot posts, and why not.",
        "For moderators: each channel's last and next post, what is paused and why, where I "
        "can't post and how to let me, and what was missed or skipped in 14 days, and why.",
        ("/prep status",),
        params=(Param("page", Kind.NUMBER, "Which page of channels", minimum=1),),
    ),
    Command(
        "questions",
        "Moderators: the group's own questions, or the shipped ones to hide.",
        "For moderators: the group's own questions a page at a time, to review what members "
        "suggested, retire or restore; with `shipped`, the shipped ones, to hide or show.",
        ("/prep questions", "/prep questions shipped"),
        forms=(Form("shipped"), Form("own")),
    ),
)
