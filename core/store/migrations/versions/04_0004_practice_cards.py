"""spaced-repetition cards, reviews, kept answers

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(
            sa.Column("keep_answers", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(sa.Column("weakest_category", sa.String(length=32), nullable=True))
    op.create_table(
        "cards",
        sa.Column("id", ID, nullable=False),
        sa.Column("user_pk", ID, nullable=False),
        sa.Column("question_id", sa.String(length=64), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("due", sa.DateTime(timezone=True), nullable=False),
        sa.Column("stability", sa.Float(), nullable=True),
        sa.Column("difficulty", sa.Float(), nullable=True),
        sa.Column("last_review", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reps", sa.Integer(), nullable=False),
        sa.Column("lapses", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["user_pk"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("user_pk", "question_id", name="uq_card_question"),
    )
    op.create_index("ix_cards_user_due", "cards", ["user_pk", "due"])
    op.create_table(
        "reviews",
        sa.Column("id", ID, nullable=False),
        sa.Column("user_pk", ID, nullable=False),
        sa.Column("question_id", sa.String(length=64), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("grade", sa.Integer(), nullable=False),
        sa.Column("covered", sa.Integer(), nullable=True),
        sa.Column("total", sa.Integer(), nullable=True),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("local_date", sa.Date(), nullable=False),
        sa.Column("stability", sa.Float(), nullable=False),
        sa.Column("due", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_pk"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("user_pk", "question_id", "seq", name="uq_review_once"),
    )
    op.create_index("ix_reviews_user_day", "reviews", ["user_pk", "local_date"])
    op.create_table(
        "answers",
        sa.Column("id", ID, nullable=False),
        sa.Column("user_pk", ID, nullable=False),
        sa.Column("question_id", sa.String(length=64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_pk"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_answers_user_pk", "answers", ["user_pk"])


def downgrade() -> None:
    op.drop_index("ix_answers_user_pk", table_name="answers")
    op.drop_table("answers")
    op.drop_index("ix_reviews_user_day", table_name="reviews")
    op.drop_table("reviews")
    op.drop_index("ix_cards_user_due", table_name="cards")
    op.drop_table("cards")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("weakest_category")
        batch.drop_column("keep_answers")
