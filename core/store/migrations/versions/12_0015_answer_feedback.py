"""answer feedback: whether a member's answers may go to the grader, and who graded a review

Revision ID: 0015
Revises: 0013
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("ai_feedback", sa.String(length=8), nullable=True))
    with op.batch_alter_table("reviews") as batch:
        batch.add_column(
            sa.Column("graded_by", sa.String(length=8), nullable=False, server_default="self")
        )


def downgrade() -> None:
    with op.batch_alter_table("reviews") as batch:
        batch.drop_column("graded_by")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("ai_feedback")
