"""A pairing week in the terminal: the group's message, "We met", the invitation in the
console user's direct messages, their form for their partner, and what reaches the partner's
direct messages and card."""

from __future__ import annotations

import random

from bot.console_adapter.repl import ConsoleAdapter
from core.commands.handler import CommandHandler
from core.content.loader import Content
from core.dispatch.dispatcher import Dispatcher
from core.kernel.identity import UserKey
from core.kernel.platform import Platform
from core.pairing.feedback_replies import PICK
from core.practice.srs import GradedBy
from core.store.store import Store
from tests.bot.test_console_practice import make_console
from tests.conftest import FakeClock
from tests.fakes import person


def letter_of(adapter: ConsoleAdapter, action: str, payload_start: str = "") -> str:
    """The letter of the latest message that arrived with a button for `action`."""
    return next(
        letter
        for letter, buttons in reversed(adapter.board.posted.items())
        if any(b.action == action and b.payload.startswith(payload_start) for b in buttons)
    )


async def test_my_form_for_my_partner_reaches_their_direct_messages_and_card(
    handler: CommandHandler, store: Store, content: Content, clock: FakeClock
) -> None:
    console, out = make_console()
    adapter = ConsoleAdapter(handler, console)
    handler.connect_channels(adapter.messenger)
    me = adapter.caller.user
    await adapter.answer("/prep pair on #console fri 17:00 UTC")
    await adapter.answer("/prep pair join")
    await handler.handle("/prep pair join #console", person("bob"))
    dispatcher = Dispatcher(
        store, content, {Platform.CONSOLE: adapter.messenger}, clock, rng=random.Random(1)
    )
    clock.now = clock.now.replace(day=27, hour=17, minute=1)
    await dispatcher.tick()
    assert "group message to " in out.getvalue()

    await adapter.answer(letter_of(adapter, "pair_met") + "1")
    assert "Nice work" in out.getvalue()
    assert f"direct message to {me}" in out.getvalue()
    assert "direct message to bob" in out.getvalue()
    # the invitation in my own direct messages is the one I answer
    mine = letter_of(adapter, PICK)
    assert f"direct message to {me}" in out.getvalue().split(f"[{mine}1]")[1]
    await adapter.answer(mine + "1")
    assert "What did your partner cover?" in out.getvalue()
    await adapter.answer(key_of(adapter, mine, "Next"))
    await adapter.answer("1 2")
    await adapter.answer(key_of(adapter, mine, "Add a note"))
    await adapter.answer("Say the metric first @everyone")
    shown = out.getvalue()
    assert "Feedback sent" in shown
    # what reaches bob: the feedback in his direct messages, a peer's review on his card
    received = shown.split("Your partner's feedback: 2 of")[1]
    assert "direct message to bob" in received
    assert "Say the metric first" in received
    assert "@everyone" not in shown
    [review] = await store.cards.reviews(UserKey(Platform.CONSOLE, "local", "bob"))
    assert review.graded_by is GradedBy.PEER


def key_of(adapter: ConsoleAdapter, letter: str, label: str) -> str:
    """What to type for the button `label` of the message with that letter."""
    labels = [b.label for b in adapter.board.posted[letter]]
    return f"{letter}{next(i for i, text in enumerate(labels, 1) if text.startswith(label))}"
