"""While serving, what start-up loaded is frozen out of the collector's full passes (which
otherwise walk it all and hold the event loop); it is released when serving stops."""

from __future__ import annotations

import gc
from datetime import UTC
from pathlib import Path
from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from rich.console import Console

from bot.runtime import Services, run
from bot.settings import Settings
from tests.bot.test_runtime import RecordingAdapter


class FreezeWatcher(RecordingAdapter):
    def __init__(self) -> None:
        super().__init__()
        self.frozen_while_serving = 0

    async def wait_closed(self) -> None:
        self.frozen_while_serving = gc.get_freeze_count()


async def test_start_up_objects_are_frozen_while_serving(tmp_path: Path) -> None:
    adapter = FreezeWatcher()

    def factory(services: Services, console: Console | None) -> Any:
        return adapter

    await run(
        Settings(data_dir=tmp_path, _env_file=None),
        Console(file=None),
        scheduler_factory=lambda: AsyncIOScheduler(timezone=UTC),
        adapter_factory=factory,
    )
    assert adapter.frozen_while_serving > 10_000
    assert gc.get_freeze_count() == 0
