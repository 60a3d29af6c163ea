"""Bring a database's schema up to date with the Alembic migrations shipped in the package.

A migration's file is named `NN_REVISION_what.py`: NN is the order migrations apply in, REVISION
the Alembic revision id that databases are stamped with (kept as first released, which is why
the ids alone do not read in order). A new migration takes the next NN and the next id."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, text
from sqlalchemy.ext.asyncio import AsyncEngine

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


# Any number that is prepbot's own: replicas starting together on PostgreSQL queue on it.
MIGRATION_LOCK = 0x70726570626F74


async def upgrade(engine: AsyncEngine) -> None:
    """Apply every migration not yet applied; a no-op on an up-to-date database. On
    PostgreSQL one replica migrates at a time (an advisory lock held to the commit), so any
    number can start together on an empty database."""
    async with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            await connection.execute(
                text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK}
            )
        await connection.run_sync(_upgrade)


async def is_current(engine: AsyncEngine) -> bool:
    async with engine.connect() as connection:
        return await connection.run_sync(_is_current)


def _upgrade(connection: Connection) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, "head")


def _is_current(connection: Connection) -> bool:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    return MigrationContext.configure(connection).get_current_revision() == head
