"""a workspace's own questions and what it hides of the shipped bank; a rotation's questions
asked no longer cut at 4,000 characters, as a workspace's bank may be far larger

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "workspace_questions",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("workspace", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("prompt", sa.Text(), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("roles", sa.String(length=400), nullable=False),
        sa.Column("rubric", sa.Text(), nullable=False),
        sa.Column("origin", sa.String(length=200), nullable=False),
        sa.Column("proposer", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_by", sa.String(length=64), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("workspace_questions") as batch:
        batch.create_index(
            "ix_workspace_questions_bank", ["platform", "workspace", "id"], unique=False
        )
    op.create_table(
        "workspace_banks",
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("workspace", sa.String(length=64), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("hidden", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("platform", "workspace"),
    )
    with op.batch_alter_table("rotations") as batch:
        batch.alter_column(
            "asked", existing_type=sa.String(length=4000), type_=sa.Text(), existing_nullable=False
        )


def downgrade() -> None:
    with op.batch_alter_table("rotations") as batch:
        batch.alter_column(
            "asked", existing_type=sa.Text(), type_=sa.String(length=4000), existing_nullable=False
        )
    op.drop_table("workspace_banks")
    with op.batch_alter_table("workspace_questions") as batch:
        batch.drop_index("ix_workspace_questions_bank")
    op.drop_table("workspace_questions")
