"""The app commands. Each one turns its options into the core's command text and answers it.

Discord applies a command's default permissions only to top-level commands, so the /prep
subcommands that change a channel's schedule carry a check instead (and the core refuses
them too); server admins can also restrict /prep under Server Settings → Integrations.
"""

from __future__ import annotations

import shlex
from collections.abc import Callable
from typing import Any, TypeVar

import discord
from discord import app_commands
from discord.app_commands import Choice

from bot.discord_adapter.caller import can_manage
from bot.discord_adapter.choices import (
    ASPECTS,
    CATEGORIES,
    COMPARED_ASPECTS,
    TOPICS,
    day_choices,
    role_choices,
    zone_choices,
)
from bot.discord_adapter.respond import responder_of

AppCommand = app_commands.Command[Any, ..., Any] | app_commands.Group
T = TypeVar("T")


class NeedsManageChannels(app_commands.CheckFailure):
    """The caller may not change the schedules of the channel concerned."""


class TextChannelOption(app_commands.Transformer):
    """A text or announcement channel, as resolved in the interaction (no cache needed)."""

    @property
    def type(self) -> discord.AppCommandOptionType:
        return discord.AppCommandOptionType.channel

    @property
    def channel_types(self) -> list[discord.ChannelType]:
        return [discord.ChannelType.text, discord.ChannelType.news]

    async def transform(
        self, interaction: discord.Interaction[Any], value: Any, /
    ) -> app_commands.AppCommandChannel:
        if not isinstance(value, app_commands.AppCommandChannel):
            raise app_commands.TransformerError(value, self.type, self)
        return value


TextChannel = app_commands.Transform[app_commands.AppCommandChannel, TextChannelOption]


def command_text(*words: str | int | None) -> str:
    """The core's command line: the words given, each quoted as the core's tokenizer reads."""
    parts = [str(w).strip() for w in words if w is not None]
    return " ".join(shlex.quote(p) if i else p for i, p in enumerate(parts) if p)


def manages_channel() -> Callable[[T], T]:
    """Only callers with Manage Channels where the schedule lives get past this check."""

    async def predicate(interaction: discord.Interaction[Any]) -> bool:
        target = getattr(interaction.namespace, "channel", None)
        named = target if isinstance(target, app_commands.AppCommandChannel) else None
        if can_manage(interaction, named):
            return True
        raise NeedsManageChannels()

    return app_commands.check(predicate)


def _value(choice: Choice[str] | None) -> str | None:
    return choice.value if choice is not None else None


def build_commands() -> list[AppCommand]:
    """Fresh command objects for one command tree."""
    return [*_top_level(), _prep()]


def _top_level() -> list[AppCommand]:
    @app_commands.command(name="compare", description="Two roles side by side.")
    @app_commands.describe(first="A role", second="Another role", aspect="Only this aspect")
    @app_commands.choices(aspect=COMPARED_ASPECTS)
    @app_commands.autocomplete(first=role_choices, second=role_choices)
    async def compare(
        interaction: discord.Interaction[Any],
        first: str,
        second: str,
        aspect: Choice[str] | None = None,
    ) -> None:
        text = command_text("/compare", first, second, _value(aspect))
        await responder_of(interaction).command(interaction, text)

    @app_commands.command(name="role", description="A role's card, or the list of roles.")
    @app_commands.describe(role="A role; leave out for the list", aspect="Only this aspect")
    @app_commands.choices(aspect=ASPECTS)
    @app_commands.autocomplete(role=role_choices)
    async def role(
        interaction: discord.Interaction[Any],
        role: str | None = None,
        aspect: Choice[str] | None = None,
    ) -> None:
        text = command_text("/role", role, _value(aspect))
        await responder_of(interaction).command(interaction, text)

    @app_commands.command(name="fit", description="A short quiz that recommends a role.")
    async def fit(interaction: discord.Interaction[Any]) -> None:
        await responder_of(interaction).command(interaction, "/fit")

    @app_commands.command(name="practice", description="A practice question.")
    @app_commands.describe(role="Questions for this role", category="Questions of this kind")
    @app_commands.choices(category=CATEGORIES)
    @app_commands.autocomplete(role=role_choices)
    async def practice(
        interaction: discord.Interaction[Any],
        role: str | None = None,
        category: Choice[str] | None = None,
    ) -> None:
        text = command_text("/practice", role, _value(category))
        await responder_of(interaction).command(interaction, text)

    @app_commands.command(name="mock", description="A timed mock of a role's interview loop.")
    @app_commands.describe(
        role="A role, or resume, pause or abandon", stage="Only this stage: its number or name"
    )
    @app_commands.autocomplete(role=role_choices)
    async def mock(
        interaction: discord.Interaction[Any], role: str | None = None, stage: str | None = None
    ) -> None:
        text = command_text("/mock", role, stage)
        await responder_of(interaction).command(interaction, text)

    @app_commands.command(name="help", description="What the bot can do, with examples.")
    @app_commands.describe(command="Show one command's usage")
    @app_commands.choices(command=TOPICS)
    async def help_(
        interaction: discord.Interaction[Any], command: Choice[str] | None = None
    ) -> None:
        text = command_text("/help", _value(command))
        await responder_of(interaction).command(interaction, text)

    return [compare, role, fit, practice, mock, help_]


def _prep() -> app_commands.Group:
    prep = app_commands.Group(
        name="prep", description="Daily questions, check-ins, your profile and plan."
    )

    @prep.command(name="schedule", description="Post a practice question in a channel daily.")
    @app_commands.describe(
        time="Local time, like 09:00",
        channel="Where to post; this channel if left out",
        timezone="An IANA timezone, like Europe/London",
        days="weekdays, daily, weekends or a list like mon,wed,fri",
        role="Only questions for this role",
        category="Only questions of this kind",
    )
    @app_commands.choices(category=CATEGORIES)
    @app_commands.autocomplete(timezone=zone_choices, days=day_choices, role=role_choices)
    @manages_channel()
    async def schedule(
        interaction: discord.Interaction[Any],
        time: str,
        channel: TextChannel | None = None,
        timezone: str | None = None,
        days: str | None = None,
        role: str | None = None,
        category: Choice[str] | None = None,
    ) -> None:
        where = f"<#{channel.id}>" if channel is not None else None
        text = command_text("/prep schedule", where, time, timezone, days, role, _value(category))
        await responder_of(interaction).command(interaction, text, channel)

    @prep.command(name="schedules", description="The daily questions set up in this channel.")
    async def schedules(interaction: discord.Interaction[Any]) -> None:
        await responder_of(interaction).command(interaction, "/prep schedules")

    @prep.command(name="unschedule", description="Stop a channel's daily questions.")
    @app_commands.describe(number="The schedule's number, from /prep schedules")
    @manages_channel()
    async def unschedule(
        interaction: discord.Interaction[Any], number: app_commands.Range[int, 1]
    ) -> None:
        text = command_text("/prep unschedule", number)
        await responder_of(interaction).command(interaction, text)

    @prep.command(name="resume", description="Restart a paused schedule.")
    @app_commands.describe(number="The schedule's number, from /prep schedules")
    @manages_channel()
    async def resume(
        interaction: discord.Interaction[Any], number: app_commands.Range[int, 1]
    ) -> None:
        text = command_text("/prep resume", number)
        await responder_of(interaction).command(interaction, text)

    @prep.command(name="checkin", description="A daily direct message: HH:MM, or off.")
    @app_commands.describe(time="Local time like 08:00, or off", timezone="Like Europe/London")
    @app_commands.autocomplete(timezone=zone_choices)
    async def checkin(
        interaction: discord.Interaction[Any], time: str, timezone: str | None = None
    ) -> None:
        text = command_text("/prep checkin", time, timezone)
        await responder_of(interaction).command(interaction, text)

    @prep.command(name="profile", description="Your target role, interview date and timezone.")
    @app_commands.describe(
        role="Your target role",
        interview="Interview date, YYYY-MM-DD",
        timezone="Like Asia/Tokyo",
        keep_answers="Keep the practice answers you write (off unless you turn it on)",
        reviews_a_day="The most reviews due on one day (20 unless set)",
    )
    @app_commands.autocomplete(role=role_choices, timezone=zone_choices)
    async def profile(
        interaction: discord.Interaction[Any],
        role: str | None = None,
        interview: str | None = None,
        timezone: str | None = None,
        keep_answers: bool | None = None,
        reviews_a_day: app_commands.Range[int, 1, 500] | None = None,
    ) -> None:
        settings = [
            f"{name}={value.strip()}"
            for name, value in (("role", role), ("interview", interview), ("tz", timezone))
            if value and value.strip()
        ]
        if keep_answers is not None:
            settings.append(f"keep-answers={'yes' if keep_answers else 'no'}")
        if reviews_a_day is not None:
            settings.append(f"reviews-a-day={reviews_a_day}")
        text = command_text("/prep profile", *settings)
        await responder_of(interaction).command(interaction, text)

    @prep.command(name="plan", description="A day-by-day plan to your interview.")
    @app_commands.describe(
        role="Plan for this role", interview="Interview date, YYYY-MM-DD (with a role)"
    )
    @app_commands.autocomplete(role=role_choices)
    async def plan(
        interaction: discord.Interaction[Any],
        role: str | None = None,
        interview: str | None = None,
    ) -> None:
        text = command_text("/prep plan", role, interview)
        await responder_of(interaction).command(interaction, text)

    @prep.command(name="stats", description="Your streak and history; the channel's leaders.")
    async def stats(interaction: discord.Interaction[Any]) -> None:
        await responder_of(interaction).command(interaction, "/prep stats")

    @prep.command(name="forget", description="Delete everything stored about you.")
    async def forget(interaction: discord.Interaction[Any]) -> None:
        await responder_of(interaction).command(interaction, "/prep forget")

    @prep.command(name="pair", description="Weekly peer mock interviews: on, off, join, leave.")
    @app_commands.describe(
        action="Nothing shows the state", day="With on: a day, like fri", time="With on: 17:00"
    )
    @app_commands.choices(action=[Choice(name=a, value=a) for a in ("on", "off", "join", "leave")])
    @app_commands.autocomplete(timezone=zone_choices)
    async def pair(
        interaction: discord.Interaction[Any],
        action: Choice[str] | None = None,
        channel: TextChannel | None = None,
        day: str | None = None,
        time: str | None = None,
        timezone: str | None = None,
    ) -> None:
        where = f"<#{channel.id}>" if channel is not None else None
        text = command_text("/prep pair", _value(action), where, day, time, timezone)
        await responder_of(interaction).command(interaction, text, channel)

    @prep.command(name="status", description="For moderators: what the bot posts, and why not.")
    async def status(interaction: discord.Interaction[Any]) -> None:
        await responder_of(interaction).command(interaction, "/prep status")

    # The core's hints say `/prep help`, which is the form that works on every platform.
    @prep.command(name="help", description="What the bot can do, with examples.")
    @app_commands.describe(command="Show one command's usage")
    @app_commands.choices(command=TOPICS)
    async def help_(
        interaction: discord.Interaction[Any], command: Choice[str] | None = None
    ) -> None:
        await responder_of(interaction).command(interaction, command_text("/help", _value(command)))

    return prep
