"""The store opens on its first use, once, and a process that only reads the content never
opens it nor loads what it needs."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

import pytest

from bot.compose import build_handler
from bot.lazy_store import LazyStore
from bot.runtime import open_store
from bot.settings import Settings
from core.kernel.identity import Caller
from core.roles.catalog import Catalog
from core.store.store import Store
from tests.fakes import all_schedules

HEAVY = ("sqlalchemy", "alembic", "apscheduler", "matplotlib", "PIL", "aiosqlite")


@pytest.fixture
def opened(tmp_path: Path) -> tuple[LazyStore, list[Store]]:
    settings = Settings(data_dir=tmp_path, _env_file=None)
    stores: list[Store] = []

    async def opening() -> Store:
        store = await open_store(settings)
        stores.append(store)
        return store

    return LazyStore(opening), stores


async def test_a_read_only_command_never_opens_the_store(
    opened: tuple[LazyStore, list[Store]], catalog: Catalog, caller: Caller
) -> None:
    lazy, stores = opened
    handler = build_handler(catalog, lazy)
    reply = await handler.handle("/compare netflix-pm amazon-pm", caller)
    assert reply.title.endswith("Amazon Product Manager")
    assert stores == []
    await lazy.close()


async def test_commands_that_need_it_open_it_once_together(
    opened: tuple[LazyStore, list[Store]], catalog: Catalog, caller: Caller
) -> None:
    lazy, stores = opened
    handler = build_handler(catalog, lazy)
    replies = await asyncio.gather(
        handler.handle("/prep schedule #study 9:00 UTC", caller),
        handler.handle("/prep profile role=amazon-pm", caller),
    )
    assert replies[0].title.startswith("Scheduled")
    assert len(stores) == 1
    assert len(await all_schedules(stores[0])) == 1
    schedules = [s async for s in lazy.schedules.each()]  # an async iterator, not a coroutine
    assert [s.target for s in schedules] == ["study"]
    await lazy.close()


def test_asking_for_a_comparison_loads_neither_database_nor_scheduler_nor_images(
    tmp_path: Path,
) -> None:
    probe = (
        "import sys; from bot.cli import main; main(['ask', '/compare netflix-pm amazon-pm']); "
        f"print(' '.join(m for m in {HEAVY!r} if m in sys.modules), file=sys.stderr)"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        env={"DATA_DIR": str(tmp_path), "PATH": ""},
        capture_output=True,
        text=True,
        check=True,
    )
    assert "Amazon Product Manager" in done.stdout
    assert done.stderr.split() == []
    assert list(tmp_path.iterdir()) == []
