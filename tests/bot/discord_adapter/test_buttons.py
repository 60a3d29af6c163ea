"""Buttons: the fit quiz answered press by press, a restart in the middle, sharing a reply."""

from __future__ import annotations

from typing import Any

from bot.discord_adapter import DiscordAdapter
from bot.settings import Settings
from core.commands.handler import CommandHandler
from core.content.loader import Content
from core.dispatch.dispatcher import Dispatcher
from core.kernel.identity import UserKey
from core.kernel.platform import Platform
from core.store.store import Store
from tests.bot.discord_adapter import payloads
from tests.bot.discord_adapter.fake_discord import FakeDiscord
from tests.bot.discord_adapter.payloads import (
    button_press,
    button_row,
    command,
    custom_ids,
    string_option,
    subcommand,
)
from tests.conftest import FakeClock

UPDATE_MESSAGE = 7
CHANNEL_MESSAGE = 4


async def _press(fake: FakeDiscord, message_id: str | int, index: int = 0) -> dict[str, Any]:
    """Press a button of a message the bot sent; the callback's body."""
    source = fake.message(message_id)
    custom_id = custom_ids(source.get("components", []))[index]
    callback = await fake.interact(button_press(custom_id, source))
    body: dict[str, Any] = callback.body
    return body


async def _start_quiz(fake: FakeDiscord) -> str | int:
    await fake.interact(command("fit"))
    quiz = fake.messages[-1]
    assert quiz["flags"] & payloads.EPHEMERAL
    assert all(c.startswith("pb:fit.answer:") for c in custom_ids(quiz.get("components", [])))
    return quiz["id"]


async def test_pressing_answers_completes_the_fit_quiz_in_one_message(
    adapter: DiscordAdapter, fake: FakeDiscord, store: Store
) -> None:
    quiz = await _start_quiz(fake)
    for question in range(2, 11):
        answer = await _press(fake, quiz)
        assert answer["type"] == UPDATE_MESSAGE
        assert answer["data"]["embeds"][0]["title"] == f"Fit quiz: question {question} of 10"
    result = await _press(fake, quiz)
    assert result["type"] == UPDATE_MESSAGE
    assert result["data"]["embeds"][0]["title"] == "Your fit quiz result"
    assert result["data"]["components"] == []
    assert result["data"]["allowed_mentions"] == {"parse": []}
    stats = await store.users.stats(UserKey(Platform.DISCORD, payloads.GUILD_ID, payloads.USER_ID))
    assert stats is not None
    assert stats.fits == 1


async def test_a_quiz_keeps_working_after_the_bot_restarts(
    adapter: DiscordAdapter, fake: FakeDiscord, handler: CommandHandler, settings: Settings
) -> None:
    quiz = await _start_quiz(fake)
    await _press(fake, quiz, index=1)
    await adapter.stop()
    restarted = DiscordAdapter(handler, settings, guild_ready_timeout=0.01)
    await restarted.start()
    try:
        await fake.wait_for(lambda: len(fake.identified) == 2)
        answer = await _press(fake, quiz, index=2)
    finally:
        await restarted.stop()
    assert answer["type"] == UPDATE_MESSAGE
    assert answer["data"]["embeds"][0]["title"] == "Fit quiz: question 3 of 10"
    assert custom_ids(answer["data"]["components"])[0].endswith(":120")


async def test_share_posts_the_comparison_for_the_whole_channel(
    adapter: DiscordAdapter, fake: FakeDiscord
) -> None:
    options = [
        string_option("first", "netflix-pm"),
        string_option("second", "amazon-pm"),
        string_option("aspect", "comp"),
    ]
    await fake.interact(command("compare", options))
    mine = fake.messages[-1]
    share = next(i for i, c in enumerate(custom_ids(mine["components"])) if "share" in c)
    shared = await _press(fake, mine["id"], share)
    assert shared["type"] == CHANNEL_MESSAGE
    assert not shared["data"].get("flags", 0) & payloads.EPHEMERAL
    assert shared["data"]["embeds"][0]["title"].endswith("vs Amazon Product Manager")
    assert shared["data"]["allowed_mentions"] == {"parse": []}


async def test_a_personal_answer_to_a_channel_post_does_not_touch_the_post(
    adapter: DiscordAdapter, fake: FakeDiscord
) -> None:
    post = payloads.message(
        payloads.CHANNEL_ID,
        embeds=[{"title": "Question of the day"}],
        components=[button_row("pb:practice.reveal:amzn-pm-ex-02", "What a strong answer covers")],
    )
    fake.messages.append(post)
    rubric = await _press(fake, post["id"])
    assert rubric["type"] == CHANNEL_MESSAGE
    assert rubric["data"]["flags"] & payloads.EPHEMERAL
    assert rubric["data"]["embeds"][0]["title"] == "What a strong answer covers"
    assert fake.message(post["id"])["embeds"] == [{"title": "Question of the day"}]


async def test_a_corrupt_button_gets_a_polite_refusal(
    adapter: DiscordAdapter, fake: FakeDiscord
) -> None:
    post = payloads.message(
        payloads.CHANNEL_ID,
        components=[button_row("pz:x:@@", "Old")],
    )
    fake.messages.append(post)
    answer = await _press(fake, post["id"])
    assert answer["type"] == CHANNEL_MESSAGE
    assert answer["data"]["flags"] & payloads.EPHEMERAL
    assert "no longer works" in answer["data"]["embeds"][0]["description"]


async def test_a_checkin_answered_in_direct_messages_counts_for_the_server_it_was_set_up_in(
    adapter: DiscordAdapter, fake: FakeDiscord, store: Store, content: Content, clock: FakeClock
) -> None:
    checkin = [string_option("time", "08:30"), string_option("timezone", "UTC")]
    await fake.interact(command("prep", [subcommand("checkin", checkin)]))
    clock.advance(minutes=31)
    report = await Dispatcher(store, content, {Platform.DISCORD: adapter.messenger}, clock).tick()
    assert report.sent == 1
    direct = fake.messages[-1]
    assert direct["channel_id"] == fake.dm_channels[payloads.USER_ID]
    done = custom_ids(direct["components"])[0]
    # A press in direct messages carries no server; the button says which one it belongs to.
    callback = await fake.interact(button_press(done, direct, direct=True))
    assert callback.body["data"]["embeds"][0]["title"] == "Nice work"
    stats = await store.users.stats(UserKey(Platform.DISCORD, payloads.GUILD_ID, payloads.USER_ID))
    assert stats is not None
    assert (stats.streak, stats.done) == (1, 1)
    assert await store.users.user(UserKey(Platform.DISCORD, "dm", payloads.USER_ID)) is None
