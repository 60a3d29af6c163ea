"""A database of its own on the local PostgreSQL server for each test that asks, dropped after
it; the test is skipped, saying why, when no server answers."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import asyncpg  # type: ignore[import-untyped]
import pytest
from sqlalchemy.engine import make_url

SERVER_URL = os.environ.get(
    "PREPBOT_TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
)


def asyncpg_args(url: str) -> dict[str, Any]:
    """How asyncpg connects to the server a SQLAlchemy URL names."""
    parsed = make_url(url)
    return {
        "host": parsed.host or "127.0.0.1",
        "port": parsed.port or 5432,
        "user": parsed.username or "postgres",
        "password": parsed.password,
        "database": parsed.database or "test",
    }


@asynccontextmanager
async def fresh_postgres() -> AsyncIterator[str]:
    """A database of its own on the local server, made for one test and dropped after it."""
    server = asyncpg_args(SERVER_URL)
    try:
        admin = await asyncpg.connect(**server, timeout=3)
    except (OSError, TimeoutError, asyncpg.PostgresError) as error:
        pytest.skip(
            f"PostgreSQL is not reachable at {server['host']}:{server['port']} "
            f"as {server['user']} ({type(error).__name__}: {error}); start it with "
            "`pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`"
        )
    name = f"prepbot_test_{uuid.uuid4().hex[:12]}"
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        yield make_url(SERVER_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()
