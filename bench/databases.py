"""Throwaway databases for the benchmarks: a SQLite file in a temporary directory, or a
database of its own on the local PostgreSQL server (PREPBOT_BENCH_POSTGRES_URL, by default
postgres@127.0.0.1:5432), and copies of either made from a populated one."""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path
from typing import Any

import asyncpg  # type: ignore[import-untyped]
from sqlalchemy.engine import make_url

from core.store.database import sqlite_url
from tests.postgres import asyncpg_args

SERVER = os.environ.get(
    "PREPBOT_BENCH_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
)
KINDS = ("sqlite", "postgresql")


def _server_args() -> dict[str, Any]:
    return asyncpg_args(SERVER)


async def postgres_missing() -> str | None:
    """Why PostgreSQL cannot be used, or None when it answers."""
    try:
        connection = await asyncpg.connect(**_server_args(), timeout=3)
    except (OSError, TimeoutError, asyncpg.PostgresError) as error:
        where = make_url(SERVER).render_as_string(hide_password=True)
        return f"PostgreSQL is not reachable at {where} ({type(error).__name__}: {error})"
    await connection.close()
    return None


class Databases:
    """Makes, copies and drops the benchmark's databases of one kind."""

    def __init__(self, kind: str, directory: Path) -> None:
        self.kind = kind
        self.directory = directory
        self.made: list[str] = []

    def url(self, name: str) -> str:
        if self.kind == "sqlite":
            return sqlite_url(self.directory / f"{name}.sqlite3")
        return make_url(SERVER).set(database=name).render_as_string(hide_password=False)

    async def create(self) -> str:
        """A new empty database; its name."""
        name = f"prepbot_bench_{uuid.uuid4().hex[:10]}"
        if self.kind == "postgresql":
            await self._admin(f'CREATE DATABASE "{name}"')
        self.made.append(name)
        return name

    async def copy(self, source: str) -> str:
        """A copy of a populated database (no connection to it may be open)."""
        name = f"prepbot_bench_{uuid.uuid4().hex[:10]}"
        if self.kind == "postgresql":
            await self._admin(f'CREATE DATABASE "{name}" TEMPLATE "{source}"')
        else:
            shutil.copyfile(
                self.directory / f"{source}.sqlite3", self.directory / f"{name}.sqlite3"
            )
        self.made.append(name)
        return name

    async def drop(self, name: str) -> None:
        if self.kind == "postgresql":
            await self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        else:
            for suffix in ("", "-wal", "-shm"):
                (self.directory / f"{name}.sqlite3{suffix}").unlink(missing_ok=True)
        self.made.remove(name)

    async def drop_all(self) -> None:
        for name in list(self.made):
            await self.drop(name)

    async def _admin(self, statement: str) -> None:
        connection = await asyncpg.connect(**_server_args())
        try:
            await connection.execute(statement)
        finally:
            await connection.close()
