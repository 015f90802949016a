"""Categories: the staff's own list of hot questions (replaces the computed one when set)

Revision ID: 0005_category_highlights
Revises: 0004_law_review
Create Date: 2026-11-24 00:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_category_highlights"
down_revision = "0004_law_review"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("categories") as batch:
        batch.add_column(sa.Column("staff_hot_questions", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("categories") as batch:
        batch.drop_column("staff_hot_questions")
