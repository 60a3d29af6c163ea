"""The composition root wires store, core, dispatcher and adapter, in the right order."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from rich.console import Console

from bot.runtime import Services, open_services, run
from bot.settings import Settings
from core.kernel.identity import Caller
from core.kernel.platform import Platform
from core.kernel.reply import Reply
from core.messenger import Messenger
from tests.conftest import FakeClock
from tests.fakes import all_schedules


class RecordingAdapter(Messenger):
    """An adapter and its messenger in one: records the order things happen in."""

    platform = Platform.CONSOLE

    def __init__(self) -> None:
        self.events: list[str] = []
        self.posted = asyncio.Event()

    @property
    def messenger(self) -> Messenger:
        return self

    def ready(self) -> bool:
        return True

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


async def test_run_starts_the_adapter_before_the_first_tick_and_stops_it(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, _env_file=None)
    clock = FakeClock(datetime(2026, 11, 23, 8, 0, tzinfo=UTC))
    async with open_services(settings, clock) as services:
        caller = Caller(platform=Platform.CONSOLE, workspace="local", user="ada", channel="console")
        at = (clock() + timedelta(minutes=2)).strftime("%H:%M")
        reply = await services.handler.handle(f"/prep schedule #study {at} UTC daily", caller)
        assert reply.title.startswith("Scheduled")
        assert len(await all_schedules(await services.store.open())) == 1

    adapter = RecordingAdapter()

    def fake_adapter(services: Services, console: Console | None) -> RecordingAdapter:
        return adapter

    class RecordingScheduler(AsyncIOScheduler):  # type: ignore[misc]
        def start(self, *args: Any, **kwargs: Any) -> None:
            adapter.events.append("clock")
            super().start(*args, **kwargs)

    clock.advance(minutes=3)  # the occurrence came due a minute ago
    await run(
        settings,
        Console(file=None),
        clock=clock,
        scheduler_factory=lambda: RecordingScheduler(timezone=UTC),
        adapter_factory=fake_adapter,
    )
    # The clock starts only once the adapter is ready, so no tick can send before it is.
    assert adapter.events == ["start", "clock", "post study", "stop"]


async def test_run_gives_the_handler_the_platforms_answer_on_where_the_bot_can_post(
    tmp_path: Path,
) -> None:
    settings = Settings(data_dir=tmp_path, _env_file=None)
    caller = Caller(platform=Platform.CONSOLE, workspace="local", user="ada", channel="console")
    answers: list[Reply] = []

    class GatedAdapter(RecordingAdapter):
        def __init__(self, services: Services) -> None:
            super().__init__()
            self.services = services

        async def can_post(
            self, workspace: str, channel: str, *, private_threads: bool = False
        ) -> str | None:
            return "Invite me there first." if channel == "private" else None

        async def start(self) -> None:
            handler = self.services.handler
            for line in ("/prep schedule #private 09:00", "/prep schedule #study 09:00"):
                answers.append(await handler.handle(line, caller))

        async def wait_closed(self) -> None:
            return

    await run(
        settings,
        Console(file=None),
        clock=FakeClock(datetime(2026, 11, 23, 8, 0, tzinfo=UTC)),
        adapter_factory=lambda services, console: GatedAdapter(services),
    )
    refused, accepted = answers
    assert refused.plain_text().splitlines()[1:] == [
        "I can't post in that channel, so nothing was scheduled.",
        "Invite me there first.",
    ]
    assert accepted.title.startswith("Scheduled #")
