"""LOG_FORMAT=json: one JSON object a line, the delivery key and workspace on the dispatcher's
lines about a delivery, and never a token."""

from __future__ import annotations

import io
import json
import logging
import random
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest

from bot import logs
from core.content.loader import Content
from core.dispatch.dispatcher import Dispatcher
from core.dispatch.policy import DispatchPolicy
from core.kernel.platform import Platform
from core.store.store import Store
from tests.conftest import FakeClock
from tests.fakes import FakeMessenger, RecordingSleep, channel_schedule

SLACK_TOKEN = "xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOpQrStUvWx"
DISCORD_TOKEN = "MTA5ODc2NTQzMjEwOTg3NjU0.GaBcDe.abcdefghijklmnopqrstuvwxyz0123456789AB"


@pytest.fixture
def lines() -> Iterator[io.StringIO]:
    """What the root logger writes, as configured for LOG_FORMAT=json."""
    root = logging.getLogger()
    saved = (list(root.handlers), root.level)
    logs.configure("INFO", "json")
    stream = io.StringIO()
    handler = root.handlers[0]
    assert isinstance(handler, logging.StreamHandler)
    handler.setStream(stream)
    yield stream
    root.handlers[:] = saved[0]
    root.setLevel(saved[1])


def entries(stream: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


async def test_a_failed_delivery_logs_its_key_and_workspace(
    lines: io.StringIO, store: Store, content: Content, clock: FakeClock
) -> None:
    at = clock() + timedelta(minutes=1)
    schedule = channel_schedule(clock(), at=at.time(), workspace="T0STUDY")
    await store.schedules.add(schedule)
    messenger = FakeMessenger()
    messenger.permanent("channel_not_found")
    clock.advance(minutes=1)
    dispatcher = Dispatcher(
        store,
        content,
        {Platform.CONSOLE: messenger},
        clock,
        policy=DispatchPolicy(),
        sleep=RecordingSleep(),
        rng=random.Random(1),
    )
    assert (await dispatcher.tick()).failed == 1
    failed = [e for e in entries(lines) if e["message"].startswith("delivery ")]
    assert failed, "the failure was logged"
    key = messenger.calls[0].delivery_key
    for entry in failed:
        assert entry["delivery_key"] == key
        assert entry["workspace"] == "T0STUDY"
        assert entry["platform"] == "console"
        assert entry["logger"].startswith("core.dispatch")
    assert any(e["level"] == "WARNING" and "channel_not_found" in e["message"] for e in failed)


def test_tokens_never_reach_a_line(lines: io.StringIO) -> None:
    log = logging.getLogger("bot.test")
    log.warning("calling with %s", SLACK_TOKEN, extra={"header": f"Bot {DISCORD_TOKEN}"})
    try:
        raise RuntimeError(f"refused: Authorization: Bearer {SLACK_TOKEN}")
    except RuntimeError:
        log.exception("request failed")
    text = lines.getvalue()
    assert SLACK_TOKEN not in text
    assert DISCORD_TOKEN not in text
    first, second = entries(lines)
    assert first["message"] == f"calling with {logs.MASK}"
    assert first["header"] == f"Bot {logs.MASK}"
    assert "RuntimeError" in second["exception"]


def test_text_lines_are_masked_too() -> None:
    record = logging.LogRecord("x", logging.INFO, "", 0, "token %s", (SLACK_TOKEN,), None)
    assert logs.TextFormatter(logs.TEXT_FORMAT).format(record) == f"INFO x: token {logs.MASK}"
