"""Whether a database's schema is already at the newest shipped migration, read without loading
Alembic (which, with the template and highlighting packages it brings, would stay in the
memory of a long-running bot that had nothing to migrate). Anything unexpected answers "not
known to be current", and Alembic then decides as before."""

from __future__ import annotations

import ast
from importlib.resources import files
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncEngine

VERSIONS = ("migrations", "versions")
_NAMES = ("revision", "down_revision")


def shipped_head() -> str | None:
    """The one revision no shipped migration revises; None unless there is exactly one."""
    revisions: set[str] = set()
    revised: set[str] = set()
    folder = files("core.store").joinpath(*VERSIONS)
    for script in folder.iterdir():
        if not script.name.endswith(".py"):
            continue
        found = _assignments(script.read_text())
        revision = found.get("revision") if found is not None else None
        if found is None or not isinstance(revision, str):
            return None
        revisions.add(revision)
        parent = found.get("down_revision")
        revised.update((parent,) if isinstance(parent, str) else parent or ())
    heads = revisions - revised
    return heads.pop() if len(heads) == 1 else None


async def is_current(engine: AsyncEngine) -> bool:
    """True when the database is stamped with the shipped head revision."""
    from sqlalchemy import text
    from sqlalchemy.exc import SQLAlchemyError

    head = shipped_head()
    if head is None:
        return False
    try:
        async with engine.connect() as connection:
            rows = (await connection.execute(text("SELECT version_num FROM alembic_version"))).all()
    except SQLAlchemyError:  # a new database: no version table yet
        return False
    return [row[0] for row in rows] == [head]


def _assignments(source: str) -> dict[str, str | tuple[str, ...] | None] | None:
    """A migration script's `revision` and `down_revision`; None if either is not literal."""
    found: dict[str, str | tuple[str, ...] | None] = {}
    for node in ast.parse(source).body:
        target: ast.expr
        if isinstance(node, ast.AnnAssign) and node.value is not None:
            target, value = node.target, node.value
        elif isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        else:
            continue
        if isinstance(target, ast.Name) and target.id in _NAMES:
            try:
                literal = ast.literal_eval(value)
            except ValueError:
                return None
            found[target.id] = tuple(literal) if isinstance(literal, list | tuple) else literal
    return found
