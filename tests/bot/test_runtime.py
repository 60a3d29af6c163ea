"""The composition root wires store, core, dispatcher and adapter, in the right order."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from rich.console import Console

from bot import runtime
from bot.runtime import Services, open_services, run
from bot.settings import Settings
from core.identity import Caller
from core.messenger import Messenger
from core.reply import Reply


class RecordingAdapter(Messenger):
    """An adapter and its messenger in one: records the order things happen in."""

    platform = "console"

    def __init__(self) -> None:
        self.events: list[str] = []
        self.posted = asyncio.Event()

    @property
    def messenger(self) -> Messenger:
        return self

    async def start(self) -> None:
        self.events.append("start")

    async def wait_closed(self) -> None:
        await asyncio.wait_for(self.posted.wait(), timeout=10)

    async def stop(self) -> None:
        self.events.append("stop")

    async def post_to_channel(
        self, workspace: str, channel: str, reply: Reply, *, delivery_key: str, retry: bool = False
    ) -> str:
        self.events.append(f"post {channel}")
        self.posted.set()
        return "m1"

    async def send_direct(
        self, workspace: str, user: str, reply: Reply, *, delivery_key: str, retry: bool = False
    ) -> str:
        raise AssertionError("no direct message expected")


async def test_run_starts_the_adapter_before_the_first_tick_and_stops_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = Settings(data_dir=tmp_path, _env_file=None)
    async with open_services(settings) as services:
        caller = Caller(platform="console", workspace="local", user="ada", channel="console")
        now = datetime.now(UTC)
        at = (now + timedelta(minutes=2)).strftime("%H:%M")
        reply = await services.handler.handle(f"/prep schedule #study {at} UTC daily", caller)
        assert reply.title.startswith("Scheduled")
        (schedule,) = await services.store.all_schedules()
        # Pretend the occurrence came due a minute ago.
        async with services.store.sessions.begin() as session:
            stored = await session.get(type(schedule), schedule.id)
            assert stored is not None
            stored.next_fire_at = now - timedelta(minutes=1)

    adapter = RecordingAdapter()

    def fake_adapter(services: Services, console: Console) -> RecordingAdapter:
        return adapter

    real_start = AsyncIOScheduler.start

    def start_the_clock(scheduler: AsyncIOScheduler, *args: Any, **kwargs: Any) -> None:
        adapter.events.append("clock")
        real_start(scheduler, *args, **kwargs)

    monkeypatch.setattr(runtime, "build_adapter", fake_adapter)
    monkeypatch.setattr(AsyncIOScheduler, "start", start_the_clock)
    await run(settings, Console(file=None))
    # The clock starts only once the adapter is ready, so no tick can send before it is.
    assert adapter.events == ["start", "clock", "post study", "stop"]
