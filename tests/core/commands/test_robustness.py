"""Whatever is typed or pressed, a reply comes back and nothing pings a whole channel."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.commands.handler import CommandHandler
from core.kernel.identity import Caller
from core.kernel.reply import Reply
from core.kernel.safety import defang

COMMAND_WORDS = st.sampled_from(
    [
        "/compare",
        "/role",
        "/fit",
        "/practice",
        "/help",
        "/prep",
        "/prep schedule",
        "/prep profile",
        "/prep plan",
        "/prep checkin",
        "/prep unschedule",
        "netflix-pm",
        "amazon pm",
        "comp",
        "#x",
        "9am",
        "25:99",
        "Mars/Base",
        "role=",
        "interview=2020-02-30",
        "@everyone",
        "<!channel>",
        '"',
    ]
)
TEXT = st.one_of(
    st.text(max_size=300),
    st.lists(st.one_of(COMMAND_WORDS, st.text(max_size=20)), max_size=8).map(" ".join),
)
QUICK = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@QUICK
@given(text=TEXT)
async def test_any_text_gets_a_reply(handler: CommandHandler, caller: Caller, text: str) -> None:
    reply = await handler.handle(text, caller)
    assert isinstance(reply, Reply)
    assert reply.title
    assert "Something went wrong" not in reply.plain_text()


@QUICK
@given(
    action=st.sampled_from(
        [
            "fit.answer",
            "practice.reveal",
            "practice.next",
            "share",
            "checkin.done",
            "prep.forget",
            "nope",
        ]
    ),
    payload=st.text(max_size=60),
)
async def test_any_button_payload_gets_a_reply(
    handler: CommandHandler, caller: Caller, action: str, payload: str
) -> None:
    reply = await handler.press(action, payload, caller)
    assert "Something went wrong" not in reply.plain_text()


@pytest.mark.parametrize("typed", ["@everyone", "@here", "<!channel>", "<!here|here>", "<@&123>"])
@pytest.mark.parametrize(
    "command",
    [
        "/role {}",
        "/{}",
        "/help {}",
        "/practice {}",
        "/compare netflix-pm {}",
        "/role netflix-pm {}",
        "/prep {}",
        "/prep schedule {} 9am",
        "/prep schedule #study {}",
        "/prep schedule #study 9am {}",
        "/prep checkin {}",
        "/prep checkin 8am {}",
        "/prep profile tz={}",
        "/prep plan netflix-pm {}",
        "/prep schedules {}",
        "/prep stats {}",
    ],
)
async def test_echoed_text_never_mass_mentions(
    handler: CommandHandler, caller: Caller, command: str, typed: str
) -> None:
    reply = await handler.handle(command.format(typed), caller)
    text = reply.plain_text()
    for mention in ("@everyone", "@here", "<!channel>", "<!here", "<@&"):
        assert mention not in text


async def test_very_long_input_is_refused_politely(handler: CommandHandler, caller: Caller) -> None:
    reply = await handler.handle("/compare " + "x" * 5000, caller)
    assert "characters" in reply.plain_text()


@given(st.text())
def test_defang_output_is_short_and_safe(text: str) -> None:
    safe = defang(text)
    assert len(safe) <= 80
    assert "@everyone" not in safe
    assert "@here" not in safe
    assert "<" not in safe
