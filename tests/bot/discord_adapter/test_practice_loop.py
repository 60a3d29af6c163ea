"""The practice loop on Discord: the answer modal, the rubric as a multiple-choice select, the
suggested grade, an idempotent grade, the question back only when due, and /prep stats."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.discord_adapter import DiscordAdapter
from core.content.loader import Content
from core.kernel.identity import UserKey
from core.kernel.platform import Platform
from core.store.store import Store
from tests.bot.discord_adapter import payloads
from tests.bot.discord_adapter.fake_discord import FakeDiscord, Received
from tests.bot.discord_adapter.payloads import (
    button_press,
    command,
    labelled,
    modal_submit,
    select_press,
    string_option,
    subcommand,
)
from tests.conftest import FakeClock

ADA = UserKey(Platform.DISCORD, payloads.GUILD_ID, payloads.USER_ID)
MODAL, UPDATE_MESSAGE, CHANNEL_MESSAGE = 9, 7, 4
FILTER = [string_option("role", "amazon-pm"), string_option("category", "leadership-principles")]


async def practise(fake: FakeDiscord) -> tuple[dict[str, Any], str | None]:
    """Run /practice; the message, and the question it offers to answer."""
    await fake.interact(command("practice", FILTER))
    message: dict[str, Any] = dict(fake.messages[-1])
    answer = labelled(message.get("components", [])).get("Write my answer")
    return message, answer.rsplit(":", 1)[1] if answer else None


async def press(fake: FakeDiscord, message: Any, label: str) -> Received:
    source = fake.message(message["id"])
    custom_id = labelled(source.get("components", []))[label]
    return await fake.interact(button_press(custom_id, source))


def select_of(message: Any) -> dict[str, Any]:
    return next(
        item for row in message["components"] for item in row["components"] if item["type"] == 3
    )


async def test_answer_tick_grade_then_the_question_returns_only_when_due(
    adapter: DiscordAdapter, fake: FakeDiscord, store: Store, clock: FakeClock, content: Content
) -> None:
    question, question_id = await practise(fake)
    assert question_id is not None
    rubric = next(q.rubric for q in content.questions if q.id == question_id)

    opened = await press(fake, question, "Write my answer")
    assert opened.body["type"] == MODAL
    form = opened.body["data"]
    assert form["title"] == "Your answer"
    submit = modal_submit(form["custom_id"], {"answer": "Bias for action @everyone, then data."})
    revealed = await fake.interact(submit)
    assert revealed.body["type"] == CHANNEL_MESSAGE
    data = revealed.body["data"]
    assert data["flags"] & payloads.EPHEMERAL
    assert data["embeds"][0]["title"] == "What a strong answer covers"
    assert "Bias for action" in str(data["embeds"])
    assert "@everyone" not in str(data["embeds"])
    assert data["allowed_mentions"] == {"parse": []}
    select = select_of(data)
    # a select shows its options only when opened: the points are read in the embed, once
    assert all(str(data["embeds"]).count(point) == 1 for point in rubric)
    assert select["max_values"] == len(rubric)
    assert [o["value"] for o in select["options"]] == [str(i) for i in range(1, len(rubric) + 1)]

    reveal = fake.messages[-1]
    covered = [str(i) for i in range(1, len(rubric))]
    suggestion = await fake.interact(select_press(select["custom_id"], reveal, covered))
    assert suggestion.body["type"] == UPDATE_MESSAGE
    assert suggestion.body["data"]["embeds"][0]["title"].startswith("Suggested grade: ")
    suggested = next(label for label in labelled(reveal["components"]) if "suggested" in label)
    graded = await press(fake, reveal, suggested)
    title = "Graded: " + suggested.removesuffix(" (suggested)")
    assert graded.body["data"]["embeds"][0]["title"] == title

    # The same grade button again (an old message): it grades nothing.
    old = payloads.message(payloads.CHANNEL_ID, components=suggestion.body["data"]["components"])
    fake.messages.append(old)
    again = await press(fake, old, suggested)
    assert again.body["data"]["embeds"][0]["title"] == "Already graded"
    assert len(await store.cards.reviews(ADA)) == 1

    [card] = await store.cards.cards(ADA)
    for _ in range(6):
        assert (await practise(fake))[1] != question_id
    clock.now = card.due
    back, back_id = await practise(fake)
    assert back_id == question_id
    assert back["embeds"][0]["title"] == "Review: Leadership principles"


async def test_stats_attaches_the_two_charts(adapter: DiscordAdapter, fake: FakeDiscord) -> None:
    question, _ = await practise(fake)
    await press(fake, question, "What a strong answer covers")
    await press(fake, fake.messages[-1], "Easy")
    interaction = command("prep", [subcommand("stats", [])])
    stats = await fake.interact(interaction)
    if not stats.files:  # the charts took long enough that the answer was deferred
        stats = await fake.wait_for(lambda: next(iter(fake.edits(interaction)), None))
    assert sorted(stats.files) == ["practice-days.png", "retention.png"]
    message = stats.body.get("data", stats.body)  # a callback wraps it; an edit does not
    images = [e.get("image", {}).get("url") for e in message["embeds"]]
    assert "attachment://practice-days.png" in images
    assert "attachment://retention.png" in images


async def test_easy_four_days_before_the_interview_comes_back_before_it(
    adapter: DiscordAdapter, fake: FakeDiscord, store: Store, clock: FakeClock
) -> None:
    # Friday's interview, set on Monday.
    await fake.interact(
        command("prep", [subcommand("profile", [string_option("interview", "2026-11-27")])])
    )
    question, question_id = await practise(fake)
    await press(fake, question, "What a strong answer covers")
    reveal = fake.messages[-1]
    graded = await press(fake, reveal, "Easy")
    embed = graded.body["data"]["embeds"][0]
    assert embed["title"] == "Graded: Easy"
    assert "comes back on Thu 26 Nov (in 3 days), before your interview." in str(embed)
    [card] = await store.cards.cards(ADA)
    assert card.due.date() == date(2026, 11, 26)
    clock.now = card.due
    assert (await practise(fake))[1] == question_id
