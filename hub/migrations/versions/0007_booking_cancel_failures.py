"""Bookings: count wrong cancel digits, so a booking locks against cancel by guessing

Revision ID: 0007_booking_cancel_failures
Revises: 0006_synonyms
Create Date: 2026-12-03 07:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_booking_cancel_failures"
down_revision = "0006_synonyms"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("bookings") as batch:
        batch.add_column(
            sa.Column("cancel_failures", sa.Integer(), server_default="0", nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("bookings") as batch:
        batch.drop_column("cancel_failures")
