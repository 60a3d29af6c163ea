"""what is due, found in key order: the due index ends with the id, so that each batch of a
tick starts where the last one ended instead of sorting everything still due

Revision ID: 0012
Revises: 0007
Create Date: 2026-11-29
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0012"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("schedules") as batch:
        batch.drop_index("ix_schedules_due")
        batch.create_index("ix_schedules_due", ["paused", "next_fire_at", "id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("schedules") as batch:
        batch.drop_index("ix_schedules_due")
        batch.create_index("ix_schedules_due", ["paused", "next_fire_at"], unique=False)
