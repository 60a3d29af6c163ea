"""peer feedback: a partner's rubric form after a pairing, and another's grade beside a review

Revision ID: 0016
Revises: 0014
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    with op.batch_alter_table("reviews") as batch:
        batch.add_column(sa.Column("other_grade", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("other_by", sa.String(length=8), nullable=True))
    op.create_table(
        "peer_feedback",
        sa.Column("id", ID, primary_key=True),
        sa.Column("user_pk", ID, nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("interviewer", sa.String(length=64), nullable=True),
        sa.Column("question_id", sa.String(length=64), nullable=False),
        sa.Column("points", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("grade", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=True),
        sa.Column("card_before", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_pk"], ["users.id"], ondelete="CASCADE"),
        sa.UniqueConstraint("group_id", "user_pk", "question_id", name="uq_peer_feedback_once"),
    )
    op.create_index("ix_peer_feedback_user_pk", "peer_feedback", ["user_pk"])


def downgrade() -> None:
    op.drop_index("ix_peer_feedback_user_pk", table_name="peer_feedback")
    op.drop_table("peer_feedback")
    with op.batch_alter_table("reviews") as batch:
        batch.drop_column("other_by")
        batch.drop_column("other_grade")
