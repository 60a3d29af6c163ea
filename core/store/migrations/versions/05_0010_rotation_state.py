"""rotation through the questions kept as state; indexes for every lookup a tick makes

Revision ID: 0010
Revises: 0004
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "rotations",
        sa.Column("target", sa.String(length=64), nullable=False),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("workspace", sa.String(length=64), nullable=False),
        sa.Column("asked", sa.String(length=4000), nullable=False),
        sa.Column("last", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("target", "platform", "workspace"),
    )
    with op.batch_alter_table("schedules") as batch:
        batch.create_index("ix_schedules_target", ["target"], unique=False)
    with op.batch_alter_table("users") as batch:
        batch.create_index("ix_users_user_id", ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_index("ix_users_user_id")
    with op.batch_alter_table("schedules") as batch:
        batch.drop_index("ix_schedules_target")
    op.drop_table("rotations")
