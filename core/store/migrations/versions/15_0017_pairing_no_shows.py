"""pairing no-shows: whether a group was reminded, and the members who asked for a rematch

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    with op.batch_alter_table("pair_groups") as batch:
        batch.add_column(
            sa.Column("reminded", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    op.create_table(
        "pair_rematches",
        sa.Column("id", ID, primary_key=True),
        sa.Column("group_id", ID, nullable=False),
        sa.Column("user_id", sa.String(length=64), nullable=False),
        sa.Column("asked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("matched_group_id", ID, nullable=True),
        sa.ForeignKeyConstraint(["group_id"], ["pair_groups.id"], ondelete="CASCADE"),
        sa.UniqueConstraint("group_id", "user_id", name="uq_pair_rematch_once"),
    )


def downgrade() -> None:
    op.drop_table("pair_rematches")
    with op.batch_alter_table("pair_groups") as batch:
        batch.drop_column("reminded")
