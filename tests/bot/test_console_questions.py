"""A group's question in the terminal: `/practice suggest` asks for each field in turn, the
moderator approves it, and it is served by `/practice` and in the channel's morning post."""

from __future__ import annotations

import io
import random
from datetime import UTC, datetime, timedelta

from rich.console import Console

from bot.console_adapter.repl import ConsoleAdapter
from core.commands.handler import CommandHandler
from core.content.loader import Content
from core.dispatch.dispatcher import Dispatcher
from core.kernel.platform import Platform
from core.store.store import Store
from tests.conftest import FakeClock

PROMPT = "How would our study group pick a launch metric @everyone?"


def press(adapter: ConsoleAdapter, label: str) -> str:
    labels = [b.label for b in adapter.board.buttons]
    return str(labels.index(label) + 1)


async def test_suggest_approve_then_served_in_practice_and_the_morning_post(
    handler: CommandHandler, store: Store, clock: FakeClock, content: Content
) -> None:
    out = io.StringIO()
    adapter = ConsoleAdapter(handler, Console(file=out, width=200, color_system=None))
    handler.connect_channels(adapter.messenger)
    await adapter.answer("/practice suggest")
    await adapter.answer(press(adapter, "Suggest a question"))
    assert "(1 of 4): Question" in out.getvalue()
    await adapter.answer(PROMPT)
    assert "(2 of 4): Category" in out.getvalue()
    await adapter.answer("culture")
    await adapter.answer("netflix-pmm")
    await adapter.answer("Names the metric | Says why it moves | Says what would change the plan")
    shown = out.getvalue()
    assert "Suggested question ws-1" in shown
    assert "@everyone" not in shown
    await adapter.answer(press(adapter, "Approve"))
    assert "ws-1 is approved" in out.getvalue()

    served = set()
    pool = [
        q for q in content.questions if "netflix-pmm" in q.roles and q.category.value == "culture"
    ]
    for _ in range(len(pool) + 1):
        await adapter.answer("/practice netflix-pmm culture")
        served |= {b.payload for b in adapter.board.buttons if b.action == "practice.reveal"}
    assert "ws-1" in served

    await adapter.answer("/prep schedule #console 09:00 UTC daily netflix-pmm culture")
    dispatcher = Dispatcher(
        store, content, {Platform.CONSOLE: adapter.messenger}, clock, rng=random.Random(1)
    )
    mark = len(out.getvalue())
    nine = datetime(2026, 11, 24, 9, 0, 10, tzinfo=UTC)
    for day in range(len(pool) + 1):
        clock.now = nine + timedelta(days=day)
        await dispatcher.tick()
    posted = out.getvalue()[mark:]
    assert posted.count("Question of the day") == len(pool) + 1
    assert "How would our study group pick a launch metric" in posted
