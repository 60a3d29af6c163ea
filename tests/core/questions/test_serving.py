"""A group's questions are served and rotated exactly like shipped ones: in `/practice`, in the
channel's daily question beside the shipped pool, never twice until all were asked; a retired
one never reaches a channel again while cards for it stay reviewable; hidden shipped ones
are left out. And none of it is ever seen from another workspace."""

from __future__ import annotations

import itertools
import random
from datetime import UTC, datetime, timedelta

from core.commands.handler import CommandHandler
from core.content.loader import Content
from core.dispatch.dispatcher import Dispatcher
from core.kernel.identity import Caller
from core.kernel.platform import Platform
from core.store.store import Store
from tests.conftest import FakeClock
from tests.core.questions.helpers import add_question, fields
from tests.fakes import FakeMessenger, channel_schedule

NINE = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
ADA = Caller(platform=Platform.CONSOLE, workspace="local", user="ada", channel="study")
STRANGER = Caller(platform=Platform.CONSOLE, workspace="elsewhere", user="cy", channel="study")


def culture(content: Content) -> set[str]:
    return {
        q.id
        for q in content.questions
        if "netflix-pmm" in q.roles and q.category.value == "culture"
    }


async def test_a_channel_rotates_through_shipped_and_own_questions_alike(
    handler: CommandHandler, store: Store, clock: FakeClock, content: Content
) -> None:
    own = {
        await add_question(
            handler,
            ADA,
            f"Culture question {n} of our own?",
            category="culture",
            roles="netflix-pmm",
        )
        for n in range(3)
    }
    shipped = sorted(culture(content))
    hide = await handler.press("questions.hide", f"{shipped[0]}|0", ADA)
    assert "1 of " in hide.plain_text()
    assert (await store.questions.load(Platform.CONSOLE, "local")).hidden == {shipped[0]}
    allowed = (set(shipped) - {shipped[0]}) | own
    size = len(allowed)
    await store.schedules.add(
        channel_schedule(clock.now, role="netflix-pmm", category="culture", target="study")
    )
    messenger = FakeMessenger()
    dispatcher = Dispatcher(
        store, content, {Platform.CONSOLE: messenger}, clock, rng=random.Random(5)
    )
    for day in range(2 * size):
        clock.now = NINE + timedelta(days=day, seconds=10)
        await dispatcher.tick()
    asked = [p.reply.buttons[0].payload for p in messenger.channel_posts]
    assert len(asked) == 2 * size
    assert set(asked[:size]) == allowed
    assert set(asked[size:]) == allowed
    assert all(a != b for a, b in itertools.pairwise(asked))
    # retired: never again in the channel
    retired = sorted(own)[0]
    await handler.press("questions.retire", retired.removeprefix("ws-"), ADA)
    for day in range(2 * size, 4 * size):
        clock.now = NINE + timedelta(days=day, seconds=10)
        await dispatcher.tick()
    later = [p.reply.buttons[0].payload for p in messenger.channel_posts][2 * size :]
    assert retired not in later
    assert set(later) == allowed - {retired}


async def test_own_questions_are_served_by_practice_and_a_retired_card_stays_reviewable(
    handler: CommandHandler, clock: FakeClock, content: Content
) -> None:
    question_id = await add_question(
        handler, ADA, "Our own culture question?", category="culture", roles="netflix-pmm"
    )
    served = set()
    for _ in range(len(culture(content)) + 1):
        reply = await handler.handle("/practice netflix-pmm culture", ADA)
        served |= {b.payload for b in reply.buttons if b.action == "practice.reveal"}
    assert question_id in served
    revealed = await handler.press("practice.reveal", question_id, ADA)
    again = next(b for b in revealed.buttons if b.label == "Again")
    assert (await handler.press(again.action, again.payload, ADA)).title == "Graded: Again"
    await handler.press("questions.retire", question_id.removeprefix("ws-"), ADA)
    clock.advance(days=2)
    review = await handler.handle("/practice netflix-pmm culture", ADA)
    assert review.title.startswith("Review: ")
    assert review.buttons[0].payload == question_id
    restored = await handler.press("questions.restore", question_id.removeprefix("ws-"), ADA)
    assert "is approved" in restored.plain_text()


async def test_another_workspace_sees_nothing_of_a_groups_questions_through_any_command(
    handler: CommandHandler, store: Store, clock: FakeClock, content: Content
) -> None:
    secret = "SECRET our own product question?"
    question_id = await add_question(handler, ADA, secret, roles="netflix-pm amazon-pm")
    number = question_id.removeprefix("ws-")
    await handler.press("questions.hide", f"{sorted(culture(content))[0]}|0", ADA)
    before = await store.questions.load(Platform.CONSOLE, "local")
    seen: list[str] = []
    for command in ("/practice", "/practice netflix-pm execution", "/prep questions",
                    "/prep questions shipped", "/mock amazon-pm", "/prep stats"):  # fmt: skip
        for _ in range(3):
            seen.append((await handler.handle(command, STRANGER)).plain_text())
    theirs = fields("A question of the strangers?")
    payloads = [
        question_id,
        number,
        f"{number}|0",
        f"|{number}",
        theirs,
        f"{number}{theirs}",
        f"{question_id}:0|1,2,3",
        f"{question_id}|0|good|3|3",
    ]
    for action in sorted(handler.actions):
        if action == "prep.forget":
            continue
        for payload in payloads:
            seen.append((await handler.press(action, payload, STRANGER)).plain_text())
    assert not [text for text in seen if "SECRET" in text]
    after = await store.questions.load(Platform.CONSOLE, "local")
    assert after == before  # nothing decided, retired or hidden from elsewhere
    elsewhere = await store.questions.load(Platform.CONSOLE, "elsewhere")
    assert all("SECRET" not in g.question.prompt for g in elsewhere.questions)
    # nor in the other workspace's channel
    await store.schedules.add(
        channel_schedule(clock.now, role="netflix-pm", category="execution", workspace="elsewhere")
    )
    messenger = FakeMessenger()
    dispatcher = Dispatcher(
        store, content, {Platform.CONSOLE: messenger}, clock, rng=random.Random(2)
    )
    for day in range(30):
        clock.now = NINE + timedelta(days=day, seconds=10)
        await dispatcher.tick()
    assert messenger.channel_posts
    assert all("SECRET" not in p.reply.plain_text() for p in messenger.channel_posts)
