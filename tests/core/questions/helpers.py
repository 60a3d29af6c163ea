"""Suggesting and approving a group's question through the command handler, for the tests."""

from __future__ import annotations

import json

from core.commands.handler import CommandHandler
from core.kernel.identity import Caller
from core.kernel.reply import Reply, answered

RUBRIC = "Names the customer first\nPicks one metric and says why\nSays what would change it"


def fields(
    prompt: str, category: str = "execution", roles: str = "netflix-pm", rubric: str = RUBRIC
) -> str:
    """The payload of the suggestion form's submission."""
    return answered("", json.dumps([prompt, category, roles, rubric]))


async def suggest(handler: CommandHandler, who: Caller, prompt: str, **options: str) -> Reply:
    return await handler.press("questions.suggest", fields(prompt, **options), who)


async def add_question(
    handler: CommandHandler, moderator: Caller, prompt: str, **options: str
) -> str:
    """A question suggested and approved by a moderator; its id."""
    reply = await suggest(handler, moderator, prompt, **options)
    approve = next(b for b in reply.buttons if b.action == "questions.approve")
    decided = await handler.press(approve.action, approve.payload, moderator)
    assert "is approved" in decided.plain_text(), decided.plain_text()
    return f"ws-{approve.payload}"
