"""A database already at the newest migration is recognised without loading Alembic; anything
else goes through Alembic as before."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

from alembic.script import ScriptDirectory
from sqlalchemy import text

from bot.runtime import open_database
from bot.schema import is_current, shipped_head
from bot.settings import Settings
from core.store.database import create_engine, sqlite_url
from core.store.migrate import alembic_config

REOPEN = """
import asyncio, sys
from pathlib import Path
from bot.runtime import open_database
from bot.settings import Settings

async def main() -> None:
    engine = await open_database(Settings(_env_file=None, data_dir=Path(sys.argv[1])))
    await engine.dispose()

asyncio.run(main())
print("alembic" in sys.modules)
"""


def test_the_shipped_head_is_the_one_alembic_finds() -> None:
    assert shipped_head() == ScriptDirectory.from_config(alembic_config()).get_current_head()


async def test_a_new_database_is_not_current_until_migrated(tmp_path: Path) -> None:
    engine = create_engine(sqlite_url(tmp_path / "prepbot.sqlite3"))
    assert not await is_current(engine)
    await engine.dispose()
    migrated = await open_database(Settings(_env_file=None, data_dir=tmp_path))
    assert await is_current(migrated)
    async with migrated.begin() as connection:
        await connection.execute(text("UPDATE alembic_version SET version_num = '0001'"))
    assert not await is_current(migrated)
    await migrated.dispose()


def test_reopening_a_current_database_does_not_load_alembic(tmp_path: Path) -> None:
    async def migrate() -> None:
        engine = await open_database(Settings(_env_file=None, data_dir=tmp_path))
        await engine.dispose()

    asyncio.run(migrate())
    done = subprocess.run(
        [sys.executable, "-c", REOPEN, str(tmp_path)],
        env={"PATH": ""},
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.split() == ["False"]
