"""deliveries wait out failures as pending, carry a guard key, and rate holds are shared

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("deliveries") as batch:
        batch.add_column(sa.Column("guard_key", sa.String(length=40), nullable=True))
        batch.add_column(sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(
            sa.Column("maybe_sent", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    # Deliveries made before keys were random keep the key they were sent with.
    op.execute(
        "UPDATE deliveries SET guard_key = 'prepbot-' || CAST(schedule_id AS VARCHAR) || '-' "
        "|| CAST(local_date AS VARCHAR) WHERE guard_key IS NULL"
    )
    with op.batch_alter_table("deliveries") as batch:
        batch.alter_column("guard_key", existing_type=sa.String(length=40), nullable=False)
        batch.alter_column("maybe_sent", existing_type=sa.Boolean(), server_default=None)
        batch.create_unique_constraint("uq_deliveries_guard_key", ["guard_key"])
        batch.create_index(
            "ix_deliveries_status_next_attempt", ["status", "next_attempt_at"], unique=False
        )
    op.create_table(
        "rate_holds",
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("scope", sa.String(length=200), nullable=False),
        sa.Column("until", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("platform", "scope"),
    )


def downgrade() -> None:
    op.drop_table("rate_holds")
    op.execute("DELETE FROM deliveries WHERE status IN ('PENDING', 'MISSED')")
    with op.batch_alter_table("deliveries") as batch:
        batch.drop_index("ix_deliveries_status_next_attempt")
        batch.drop_constraint("uq_deliveries_guard_key", type_="unique")
        batch.drop_column("maybe_sent")
        batch.drop_column("next_attempt_at")
        batch.drop_column("guard_key")
