"""Suggesting a question: the limits, the moderators told by direct message, Approve taken
once, the proposer told the outcome, mass mentions defanged wherever the question shows."""

from __future__ import annotations

import pytest

from core.commands.handler import CommandHandler
from core.content.loader import Content
from core.kernel.identity import Caller
from core.kernel.platform import Platform
from core.questions.bank import MAX_SHOWN, Status
from core.questions.library import Library
from core.questions.limits import MAX_POINT, MAX_PROMPT
from core.store.store import Store
from tests.conftest import FakeClock
from tests.core.questions.helpers import RUBRIC, add_question, suggest
from tests.fakes import FakeMessenger, channel_schedule

MEMBER = Caller(
    platform=Platform.CONSOLE,
    workspace="local",
    user="bo",
    channel="study",
    can_manage_channel=False,
)
MODERATOR = Caller(platform=Platform.CONSOLE, workspace="local", user="ada", channel="study")


@pytest.fixture
def messenger(handler: CommandHandler) -> FakeMessenger:
    messenger = FakeMessenger()
    handler.connect_channels(messenger)
    return messenger


async def test_practice_suggest_offers_the_form_with_its_four_fields(
    handler: CommandHandler,
) -> None:
    reply = await handler.handle("/practice suggest", MEMBER)
    (button,) = reply.buttons
    form = handler.form(button.action)
    assert form is not None
    assert [f.label for f in form.fields][:3] == ["Question", "Category", "Roles"]
    assert (await handler.handle("/prep practice suggest", MEMBER)).buttons == reply.buttons


async def test_a_suggestion_reaches_the_moderators_and_approve_counts_once(
    handler: CommandHandler, store: Store, clock: FakeClock, messenger: FakeMessenger
) -> None:
    await store.schedules.add(channel_schedule(clock.now, owner="ada"))
    sent = await suggest(handler, MEMBER, "How would you pick one metric for a new row?")
    assert "sent it to 1 moderator" in sent.plain_text()
    (notice,) = messenger.direct_posts
    assert notice.target == "ada"
    approve = next(b for b in notice.reply.buttons if b.action == "questions.approve")
    # a member cannot decide
    refused = await handler.press(approve.action, approve.payload, MEMBER)
    assert refused.problem is not None
    first = await handler.press(approve.action, approve.payload, MODERATOR)
    second = await handler.press(approve.action, approve.payload, MODERATOR)
    assert "is approved" in first.plain_text()
    assert "Already decided" in second.plain_text()
    told = [c for c in messenger.direct_posts if c.target == "bo"]
    assert len(told) == 1
    assert "was approved" in told[0].reply.plain_text()
    bank = await store.questions.load(Platform.CONSOLE, "local")
    assert [(q.status.value, q.proposer) for q in bank.questions] == [("active", "bo")]


async def test_a_rejected_suggestion_is_never_served_and_its_proposer_hears(
    handler: CommandHandler,
    store: Store,
    clock: FakeClock,
    messenger: FakeMessenger,
    content: Content,
) -> None:
    await store.schedules.add(channel_schedule(clock.now, owner="ada"))
    await suggest(handler, MEMBER, "A question the moderators turn down?")
    reject = next(
        b for b in messenger.direct_posts[0].reply.buttons if b.action == "questions.reject"
    )
    assert (
        "was rejected"
        in (await handler.press(reject.action, reject.payload, MODERATOR)).plain_text()
    )
    approve_after = await handler.press("questions.approve", reject.payload, MODERATOR)
    assert "Already decided" in approve_after.plain_text()
    assert "not taken" in messenger.direct_posts[-1].reply.plain_text()
    bank = await Library(content.questions, store.questions).bank(Platform.CONSOLE, "local")
    assert [g.status for g in bank.own] == [Status.REJECTED]
    assert all(not q.id.startswith("ws-") for q in bank.served)


@pytest.mark.parametrize(
    ("prompt", "options", "said"),
    [
        ("x" * (MAX_PROMPT + 1), {}, f"the limit is {MAX_PROMPT}"),
        ("Fine prompt?", {"rubric": "one\ntwo"}, "at least 3 are needed"),
        (
            "Fine prompt?",
            {"rubric": RUBRIC + "\n" + "y" * (MAX_POINT + 1)},
            f"limit is {MAX_POINT}",
        ),
        ("Fine prompt?", {"roles": "netflix-p"}, "did you mean netflix-pm"),
        ("Fine prompt?", {"category": "vibes"}, "unknown category 'vibes'"),
        ("", {}, "no prompt"),
    ],
)
async def test_a_suggestion_beyond_the_limits_is_refused_naming_the_limit(
    prompt: str, options: dict[str, str], said: str, handler: CommandHandler, store: Store
) -> None:
    reply = await suggest(handler, MEMBER, prompt, **options)
    assert reply.problem is not None
    assert said in reply.plain_text()
    assert (await store.questions.load(Platform.CONSOLE, "local")).questions == []


async def test_mass_mentions_are_defanged_wherever_the_question_shows(
    handler: CommandHandler, store: Store
) -> None:
    loud = "@everyone <!channel> <@&123> how would you launch this?"
    shown = await suggest(handler, MODERATOR, loud, rubric=RUBRIC + "\n@here point")
    question_id = await add_question(handler, MODERATOR, loud + " again")
    asked = await handler.press("practice.reveal", question_id, MODERATOR)
    for reply in (shown, asked):
        text = reply.plain_text()
        for loud_part in ("@everyone", "<!channel>", "<@&"):
            assert loud_part not in text
    assert "@here" not in shown.plain_text()
    assert MAX_SHOWN >= MAX_PROMPT  # defanging never cuts what the limits let in
