"""snoozes are one-off schedules

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("schedules") as batch:
        batch.alter_column("next_fire_at", existing_type=sa.DateTime(timezone=True), nullable=True)
    with op.batch_alter_table("users") as batch:
        batch.drop_index("ix_users_snooze_until")
        batch.drop_column("snooze_until")


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("snooze_until", sa.DateTime(timezone=True), nullable=True))
        batch.create_index("ix_users_snooze_until", ["snooze_until"])
    op.execute("DELETE FROM schedules WHERE kind = 'SNOOZE'")
    with op.batch_alter_table("schedules") as batch:
        batch.alter_column("next_fire_at", existing_type=sa.DateTime(timezone=True), nullable=False)
