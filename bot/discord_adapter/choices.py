"""What an option offers to choose from, by the kind of its parameter: fixed choices (aspects,
categories, a form's keywords, help topics) and autocomplete (roles, timezones, days), all
taken from the core's spec and vocabulary."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any

import discord
from discord.app_commands import Choice

from core.commands import vocabulary
from core.commands.spec import Kind, Param
from core.kernel.fitting import clip

if TYPE_CHECKING:
    from bot.discord_adapter.respond import Responder

CHOICES_LIMIT = 25
CHOICE_NAME_LIMIT = 100
Complete = Callable[[discord.Interaction[Any], str], Coroutine[Any, Any, list[Choice[str]]]]


def _titles(kind: Kind) -> dict[str, str]:
    if kind is Kind.ASPECT:
        return {c.value: c.title for c in vocabulary.aspects()}
    if kind is Kind.CATEGORY:
        return {c.value: c.title for c in vocabulary.categories()}
    return {}


def choices_for(param: Param) -> list[Choice[str]]:
    """The fixed choices of a parameter that offers a few (at most Discord's 25), titled."""
    if not param.choices or param.kind in (Kind.DAYS, Kind.ROLE, Kind.TIMEZONE):
        return []  # these autocomplete, so that anything readable can be typed
    titles = _titles(param.kind)
    shown = [
        Choice(
            name=clip(
                titles.get(value, f"/{value}" if param.kind is Kind.COMMAND else value),
                CHOICE_NAME_LIMIT,
            ),
            value=value,
        )
        for value in param.choices
    ]
    return shown[:CHOICES_LIMIT]


def autocomplete_for(param: Param, responder: Callable[[], Responder]) -> Complete | None:
    """Suggestions as the member types, for kinds whose words are many or open."""
    if param.kind is Kind.ROLE:

        async def roles(interaction: discord.Interaction[Any], current: str) -> list[Choice[str]]:
            found = responder().handler.vocabulary.roles(current, limit=CHOICES_LIMIT)
            return [Choice(name=clip(c.title, CHOICE_NAME_LIMIT), value=c.value) for c in found]

        return roles
    if param.kind is Kind.TIMEZONE:
        return zone_choices
    if param.kind is Kind.DAYS:
        return day_choices
    if param.kind is Kind.DAY:
        return weekday_choices
    return None


async def zone_choices(interaction: discord.Interaction[Any], current: str) -> list[Choice[str]]:
    return [Choice(name=z, value=z) for z in vocabulary.timezones(current, CHOICES_LIMIT)]


async def day_choices(interaction: discord.Interaction[Any], current: str) -> list[Choice[str]]:
    found = vocabulary.day_patterns(current)[:CHOICES_LIMIT]
    return [Choice(name=clip(d, CHOICE_NAME_LIMIT), value=d) for d in found]


async def weekday_choices(interaction: discord.Interaction[Any], current: str) -> list[Choice[str]]:
    typed = current.strip().lower()
    return [
        Choice(name=d.title, value=d.value)
        for d in vocabulary.weekdays()
        if d.value.startswith(typed) or d.title.lower().startswith(typed)
    ]
