from __future__ import annotations

import itertools

from core.commands.handler import CommandHandler
from core.fit.quiz import ANSWER_ACTION, FitEngine
from core.kernel.identity import Caller
from core.roles.catalog import Catalog
from core.store.store import Store


async def test_quiz_completes_through_button_payloads(
    handler: CommandHandler, caller: Caller, store: Store
) -> None:
    reply = await handler.handle("/fit", caller)
    steps = 0
    while reply.buttons and reply.buttons[0].action == ANSWER_ACTION:
        reply = await handler.press(ANSWER_ACTION, reply.buttons[0].payload, caller)
        steps += 1
    assert steps == len(FitEngine(handler.catalog).quiz.questions)
    result = FitEngine(handler.catalog).score("0" * steps)
    assert result.best in reply.plain_text()
    assert "What pushed you toward" in reply.plain_text()
    stats = await store.users.stats(caller.key)
    assert stats is not None
    assert stats.fits == 1


async def test_a_fresh_engine_continues_a_quiz_from_its_payload(catalog: Catalog) -> None:
    """The payload holds all the state, so a restart mid-quiz loses nothing."""
    first = FitEngine(catalog)
    payload = first.start().buttons[1].payload
    second = FitEngine(catalog)
    assert second.parse_payload(payload) == "1"
    assert second.question_reply("1").title.startswith("Fit quiz: question 2")


async def test_a_stale_payload_gets_a_clear_message(
    handler: CommandHandler, caller: Caller
) -> None:
    reply = await handler.press(ANSWER_ACTION, "deadbeef:01", caller)
    assert "/fit" in reply.plain_text()


def test_reasons_name_the_answers_that_pushed_the_winner(catalog: Catalog) -> None:
    engine = FitEngine(catalog)
    result = engine.score("0" * len(engine.quiz.questions))
    pushing = [r for r in result.reasons if result.best in r.pushed]
    assert pushing
    reply = engine.result_reply(result).plain_text()
    assert all(r.answer in reply for r in pushing)


def test_every_role_can_win(catalog: Catalog) -> None:
    engine = FitEngine(catalog)
    counts = [len(q.options) for q in engine.quiz.questions]
    winners = set()
    for answers in itertools.islice(itertools.product(*(range(n) for n in counts)), 0, None, 97):
        winners.add(engine.score("".join(map(str, answers))).best)
    assert winners == set(catalog.content.roles)


async def test_a_payload_with_digits_of_another_script_is_stale_not_a_crash(
    handler: CommandHandler, caller: Caller
) -> None:
    for answers in ("²", "\u0661", "1²"):  # superscript two, Arabic-Indic one
        reply = await handler.press(
            ANSWER_ACTION, f"{FitEngine(handler.catalog).fingerprint}:{answers}", caller
        )
        assert "The quiz has changed" in reply.plain_text(), answers
