"""Guides carry a review-by date

Revision ID: 0004_law_review
Revises: 0003_callback_requests
Create Date: 2026-11-22 01:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_law_review"
down_revision = "0003_callback_requests"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Nullable: guides written before this revision have no review date until staff set one
    # (the dashboard lists them). Law statuses live in the law_refs JSON and need no column.
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("review_by", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("review_by")
