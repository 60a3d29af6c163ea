"""A command added by one spec entry and one route answers in the console, in help and in
completion, with no adapter code of its own."""

from __future__ import annotations

from prompt_toolkit.completion import CompleteEvent
from prompt_toolkit.document import Document

from bot.console_adapter.ask import ask, exit_code
from bot.console_adapter.completion import CommandCompleter, vocabulary
from bot.console_adapter.identity import console_caller
from core.roles.catalog import Catalog
from core.store.store import Store
from tests.conftest import FakeClock
from tests.echo_command import echo_handler


async def test_the_console_answers_it_and_its_mistakes(
    catalog: Catalog, store: Store, clock: FakeClock
) -> None:
    handler = echo_handler(catalog, store, clock)
    [step] = await ask(handler, "/echo netflix product manager hello there")
    assert step.reply.title == "Echo: netflix-pm"
    assert "hello there" in step.reply.plain_text()
    [via_prep] = await ask(handler, "/prep echo amazon-pm")
    assert via_prep.reply.title == "Echo: amazon-pm"
    [wrong] = await ask(handler, "/echo")
    assert exit_code(wrong.reply) == 1
    assert "/echo ROLE [words]" in wrong.reply.plain_text()


async def test_help_and_completion_offer_it(
    catalog: Catalog, store: Store, clock: FakeClock
) -> None:
    handler = echo_handler(catalog, store, clock)
    assert "/echo ROLE [words]" in (await handler.handle("/help", console_caller())).plain_text()
    completer = CommandCompleter(vocabulary(handler))
    found = completer.get_completions(Document("/ec"), CompleteEvent(completion_requested=True))
    assert [c.text for c in found] == ["/echo"]
    roles = completer.get_completions(Document("/echo amaz"), CompleteEvent())
    assert [c.text for c in roles] == ["amazon-pm"]
