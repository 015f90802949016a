"""Staff's holiday calendar: public holidays and make-up working days (调休) that win over
chinese-calendar, for years it has no data for and for corrections

Revision ID: 0008_holidays
Revises: 0007_booking_cancel_failures
Create Date: 2026-12-03 07:30:00
"""

import sqlalchemy as sa
from alembic import op

import hub.models.types

revision = "0008_holidays"
down_revision = "0007_booking_cancel_failures"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "holidays",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("name", sa.String(length=40), server_default="", nullable=False),
        sa.Column("updated_at", hub.models.types.UTCDateTime(), nullable=False),
        sa.CheckConstraint("kind IN ('holiday', 'workday')", name=op.f("ck_holidays_kind")),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_holidays")),
    )


def downgrade() -> None:
    op.drop_table("holidays")
