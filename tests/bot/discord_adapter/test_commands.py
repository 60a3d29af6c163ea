"""Every app command, from INTERACTION_CREATE on the gateway to the callback and followups."""

from __future__ import annotations

from typing import Any

import pytest

from bot.discord_adapter import DiscordAdapter
from core.kernel.platform import Platform
from core.roles.aspects import OVERVIEW, SHORT_TITLES, Aspect
from core.scheduling.schedules import ScheduleKind
from core.store.store import Store
from tests.bot.discord_adapter import payloads
from tests.bot.discord_adapter.fake_discord import FakeDiscord, Received
from tests.bot.discord_adapter.limits import assert_within_limits
from tests.bot.discord_adapter.payloads import (
    MANAGER_PERMISSIONS,
    channel_option,
    command,
    custom_ids,
    integer_option,
    resolved_channel,
    string_option,
    subcommand,
)

CHANNEL_MESSAGE = 4
NO_MENTIONS: dict[str, list[str]] = {"parse": []}

CASES: list[tuple[str, Any, str]] = [
    (
        "compare",
        command(
            "compare", [string_option("first", "netflix-pm"), string_option("second", "amzn pm")]
        ),
        "Netflix Product Manager vs Amazon Product Manager",
    ),
    (
        "compare one aspect",
        command(
            "compare",
            [
                string_option("first", "netflix product manager"),
                string_option("second", "netflix-pmm"),
                string_option("aspect", "comp"),
            ],
        ),
        "Netflix Product Manager vs Netflix Product Marketing Manager",
    ),
    ("role list", command("role"), "Roles"),
    (
        "role card",
        command("role", [string_option("role", "amazon-pm"), string_option("aspect", "interview")]),
        "Amazon Product Manager (amazon-pm)",
    ),
    ("fit", command("fit"), "Fit quiz: question 1 of 10"),
    ("practice", command("practice", [string_option("role", "amazon-pm")]), "Practice: "),
    ("help", command("help", [string_option("command", "compare")]), "/compare"),
    ("prep schedules", command("prep", [subcommand("schedules", [])]), "No schedules"),
    ("prep help", command("prep", [subcommand("help", [])]), "prepbot: what I can do"),
    (
        "prep checkin",
        command(
            "prep",
            [
                subcommand(
                    "checkin",
                    [string_option("time", "08:00"), string_option("timezone", "Europe/London")],
                )
            ],
        ),
        "Check-ins are on",
    ),
    (
        "prep profile",
        command(
            "prep",
            [
                subcommand(
                    "profile",
                    [string_option("role", "netflix-pm"), string_option("interview", "2027-01-15")],
                )
            ],
        ),
        "Your profile",
    ),
    (
        "prep plan",
        command(
            "prep",
            [
                subcommand(
                    "plan",
                    [string_option("role", "netflix-pm"), string_option("interview", "2026-12-20")],
                )
            ],
        ),
        "Your plan for netflix-pm",
    ),
    ("prep stats", command("prep", [subcommand("stats", [])]), "Your stats"),
    ("prep forget", command("prep", [subcommand("forget", [])]), "Delete everything about you?"),
    (
        "prep unschedule",
        command(
            "prep",
            [subcommand("unschedule", [integer_option("number", 99)])],
            permissions=MANAGER_PERMISSIONS,
        ),
        "Sorry, I couldn't do that",
    ),
    (
        "prep resume",
        command(
            "prep",
            [subcommand("resume", [integer_option("number", 99)])],
            permissions=MANAGER_PERMISSIONS,
        ),
        "Sorry, I couldn't do that",
    ),
]


def _sent(fake: FakeDiscord, interaction: Any) -> list[dict[str, Any]]:
    """What the user sees: the callback's message, then each followup."""
    [callback] = fake.callbacks(interaction)
    assert callback.body["type"] == CHANNEL_MESSAGE
    return [callback.body["data"], *(r.body for r in fake.followups(interaction))]


@pytest.mark.parametrize(
    ("interaction", "title"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
async def test_each_command_answers_with_embeds_only_the_caller_sees(
    adapter: DiscordAdapter, fake: FakeDiscord, interaction: Any, title: str
) -> None:
    await fake.interact(interaction)
    messages = _sent(fake, interaction)
    assert messages[0]["embeds"][0]["title"].startswith(title)
    for message in messages:
        assert message["flags"] & payloads.EPHEMERAL
        assert message["allowed_mentions"] == NO_MENTIONS
        assert_within_limits(message)


async def test_the_default_comparison_is_one_message_with_a_button_per_aspect(
    adapter: DiscordAdapter, fake: FakeDiscord
) -> None:
    interaction = CASES[0][1]
    await fake.interact(interaction)
    [message] = _sent(fake, interaction)
    assert not fake.followups(interaction)
    assert_within_limits(message)
    [embed] = message["embeds"]
    assert [f["name"].split(" ⚑")[0] for f in embed["fields"]] == [
        SHORT_TITLES[a] for a in OVERVIEW
    ]
    assert embed["footer"]["text"].startswith("¹ ")
    ids = custom_ids(message["components"])
    opened = [i.removeprefix("pb:open:compare netflix-pm amazon-pm ") for i in ids[:-1]]
    assert opened == [a.value for a in Aspect]
    assert ids[-1] == "pb:share:/compare netflix-pm amazon-pm"


async def test_prep_schedule_translates_its_options_into_the_core_command(
    adapter: DiscordAdapter, fake: FakeDiscord, store: Store
) -> None:
    interaction = command(
        "prep",
        [
            subcommand(
                "schedule",
                [
                    string_option("time", "09:30"),
                    channel_option("channel", payloads.OTHER_CHANNEL_ID),
                    string_option("timezone", "Europe/London"),
                    string_option("days", "mon,wed,fri"),
                    string_option("role", "netflix pm"),
                    string_option("category", "product-sense"),
                ],
            )
        ],
        resolved=resolved_channel(payloads.OTHER_CHANNEL_ID, MANAGER_PERMISSIONS),
    )
    await fake.interact(interaction)
    assert _sent(fake, interaction)[0]["embeds"][0]["title"].startswith("Scheduled #")
    [schedule] = await store.schedules.find(
        Platform.DISCORD, payloads.GUILD_ID, kinds=(ScheduleKind.CHANNEL,)
    )
    assert (schedule.target, schedule.owner) == (payloads.OTHER_CHANNEL_ID, payloads.USER_ID)
    assert (
        schedule.recurrence.at.hour,
        schedule.recurrence.at.minute,
        schedule.recurrence.zone.key,
    ) == (9, 30, "Europe/London")
    assert (schedule.recurrence.weekdays, schedule.role, schedule.category) == (
        0b10101,
        "netflix-pm",
        "product-sense",
    )


async def test_a_slow_core_is_deferred_then_the_reply_replaces_the_thinking_message(
    adapter: DiscordAdapter, fake: FakeDiscord, monkeypatch: pytest.MonkeyPatch
) -> None:
    adapter.client.responder.defer_after = 0.01
    handler = adapter.client.responder.handler
    answer = handler.answer

    async def slow(path: str, given: Any, caller: Any) -> Any:
        await fake.wait_for(lambda: fake.callbacks(interaction))
        return await answer(path, given, caller)

    monkeypatch.setattr(handler, "answer", slow)
    interaction = command("role")
    [deferred] = [await fake.interact(interaction)]
    assert deferred.body == {"type": 5, "data": {"flags": payloads.EPHEMERAL}}
    edit: Received = await fake.wait_for(lambda: next(iter(fake.edits(interaction)), None))
    assert edit.body["embeds"][0]["title"] == "Roles"
    assert edit.body["allowed_mentions"] == NO_MENTIONS


async def test_a_compensation_chart_is_uploaded_and_shown_in_an_embed(
    adapter: DiscordAdapter, fake: FakeDiscord
) -> None:
    options = [
        string_option("first", "netflix-pm"),
        string_option("second", "amazon-pm"),
        string_option("aspect", "comp"),
    ]
    callback = await fake.interact(command("compare", options))
    [filename] = callback.files
    assert filename.endswith(".png")
    images = [e["image"]["url"] for e in callback.body["data"]["embeds"] if "image" in e]
    assert images == [f"attachment://{filename}"]
