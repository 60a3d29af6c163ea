"""What the app commands offer to choose from: fixed choices and autocomplete, all taken from
the core's vocabulary."""

from __future__ import annotations

from typing import Any

import discord
from discord.app_commands import Choice

from bot.discord_adapter.respond import responder_of
from core.commands import vocabulary
from core.kernel.fitting import clip

CHOICES_LIMIT = 25
CHOICE_NAME_LIMIT = 100
ASPECTS = [Choice(name=c.title, value=c.value) for c in vocabulary.aspects()]
COMPARED_ASPECTS = [Choice(name=c.title, value=c.value) for c in vocabulary.aspects(True)]
CATEGORIES = [Choice(name=c.title, value=c.value) for c in vocabulary.categories()]
TOPICS = [Choice(name=f"/{c.value}", value=c.value) for c in vocabulary.commands()]


async def role_choices(interaction: discord.Interaction[Any], current: str) -> list[Choice[str]]:
    found = responder_of(interaction).handler.vocabulary.roles(current, limit=CHOICES_LIMIT)
    return [Choice(name=clip(c.title, CHOICE_NAME_LIMIT), value=c.value) for c in found]


async def zone_choices(interaction: discord.Interaction[Any], current: str) -> list[Choice[str]]:
    return [Choice(name=z, value=z) for z in vocabulary.timezones(current, CHOICES_LIMIT)]


async def day_choices(interaction: discord.Interaction[Any], current: str) -> list[Choice[str]]:
    found = vocabulary.day_patterns(current)[:CHOICES_LIMIT]
    return [Choice(name=clip(d, CHOICE_NAME_LIMIT), value=d) for d in found]
