"""Fixtures every adapter test may use: the fake OpenAI-compatible grader endpoint."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.bot.grader.fake_openai import FakeOpenAI


@pytest.fixture
async def fake_openai() -> AsyncIterator[FakeOpenAI]:
    fake = FakeOpenAI()
    await fake.start()
    yield fake
    await fake.stop()
