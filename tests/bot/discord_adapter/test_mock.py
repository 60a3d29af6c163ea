"""/mock on Discord through the gateway: every stage of the Amazon loop answered in the modal
(or with Done), its rubric picked in the select and graded, to the scorecard; times from the
injected clock."""

from __future__ import annotations

import copy

from bot.discord_adapter import DiscordAdapter
from core.content.loader import Content
from core.store.store import Store
from tests.bot.discord_adapter.fake_discord import FakeDiscord
from tests.bot.discord_adapter.payloads import (
    button_press,
    command,
    labelled,
    modal_submit,
    select_press,
    string_option,
)
from tests.bot.discord_adapter.test_practice_loop import ADA, MODAL, press, select_of
from tests.conftest import FakeClock


def title(message: object) -> str:
    return str(message["embeds"][0]["title"])  # type: ignore[index]


async def test_the_amazon_loop_runs_to_its_scorecard(
    adapter: DiscordAdapter, fake: FakeDiscord, store: Store, clock: FakeClock, content: Content
) -> None:
    stages = content.roles["amazon-pm"].interview[0].stages
    await fake.interact(command("mock", [string_option("role", "amazon-pm")]))
    for number, stage in enumerate(stages, 1):
        shown = fake.messages[-1]
        assert title(shown) == f"Mock stage {number} of {len(stages)}: {stage.name}"
        clock.advance(minutes=45 if number == 3 else 10)
        if number == 1:
            await press(fake, shown, "Done")
        else:
            opened = await press(fake, shown, "Write my answer")
            assert opened.body["type"] == MODAL
            form = opened.body["data"]
            await fake.interact(modal_submit(form["custom_id"], {"answer": "Data first."}))
        reveal = fake.messages[-1]
        late = "over the 30-minute time box" in str(reveal["embeds"])
        assert late is (number == 3)
        select = select_of(reveal)
        picked = [o["value"] for o in select["options"]][: 1 if number == 3 else None]
        await fake.interact(select_press(select["custom_id"], reveal, picked))
        suggested = next(
            label
            for label in labelled(fake.message(reveal["id"])["components"])
            if "suggested" in label
        )
        graded = await press(fake, reveal, suggested)
        if number < len(stages):
            await press(fake, fake.messages[-1], f"Start stage {number + 1}")
    card = graded.body["data"]["embeds"][0]
    assert card["title"] == "Mock Amazon Product Manager: scorecard"
    assert f"Weakest stage: {stages[2].name}" in str(graded.body["data"]["embeds"])
    assert len(await store.cards.reviews(ADA)) == len(stages)
    assert await store.mocks.get(ADA) is None


async def test_an_answer_button_of_a_stage_already_graded_says_so_before_any_typing(
    adapter: DiscordAdapter, fake: FakeDiscord
) -> None:
    await fake.interact(command("mock", [string_option("role", "amazon-pm")]))
    shown = copy.deepcopy(fake.messages[-1])  # as it was, before the reveal took its place
    write = labelled(shown.get("components", []))["Write my answer"]
    await press(fake, shown, "Done")
    reveal = fake.messages[-1]
    await press(fake, reveal, "Good")
    refused = await fake.interact(button_press(write, shown))
    assert refused.body["type"] != MODAL  # no form to type into
    assert "That button is not valid any more." in str(refused.body["data"]["embeds"])
