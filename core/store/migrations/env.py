"""Alembic environment: runs on the connection handed over by `core.store.migrate`."""

from __future__ import annotations

from alembic import context

from core.mock import tables as mock_tables  # noqa: F401  (their tables join the metadata)
from core.pairing import tables as pairing_tables  # noqa: F401
from core.questions import tables as question_tables  # noqa: F401
from core.store.tables import Base, described_here

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    include_name=described_here,
)
with context.begin_transaction():
    context.run_migrations()
