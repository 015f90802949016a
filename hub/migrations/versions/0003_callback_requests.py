"""Callback requests queued on terminals while the hub was unreachable

Revision ID: 0003_callback_requests
Revises: 0002_video_calls
Create Date: 2026-11-22 00:30:00
"""

import sqlalchemy as sa
from alembic import op

import hub.models.types

revision = "0003_callback_requests"
down_revision = "0002_video_calls"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "callback_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("terminal_id", sa.String(length=40), nullable=True),
        sa.Column("request_id", sa.String(length=36), nullable=False),
        sa.Column("adviser_id", sa.String(length=64), nullable=True),
        sa.Column("resident_name", sa.String(length=40), nullable=True),
        sa.Column("resident_phone", sa.String(length=20), nullable=True),
        sa.Column("topic", sa.String(length=200), server_default="", nullable=False),
        sa.Column("requested_at", hub.models.types.UTCDateTime(), nullable=False),
        sa.Column("received_at", hub.models.types.UTCDateTime(), nullable=False),
        sa.Column("status", sa.String(length=16), server_default="open", nullable=False),
        sa.Column("handled_at", hub.models.types.UTCDateTime(), nullable=True),
        sa.Column("purged_at", hub.models.types.UTCDateTime(), nullable=True),
        sa.CheckConstraint("status IN ('open', 'done')", name=op.f("ck_callback_requests_status")),
        sa.ForeignKeyConstraint(
            ["adviser_id"], ["advisers.id"], name=op.f("fk_callback_requests_adviser_id_advisers")
        ),
        sa.ForeignKeyConstraint(
            ["terminal_id"],
            ["terminals.id"],
            name=op.f("fk_callback_requests_terminal_id_terminals"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_callback_requests")),
        sa.UniqueConstraint(
            "terminal_id", "request_id", name="uq_callback_requests_terminal_request"
        ),
    )
    op.create_index(
        "ix_callback_requests_status_received_at",
        "callback_requests",
        ["status", "received_at"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_callback_requests_status_received_at", table_name="callback_requests")
    op.drop_table("callback_requests")
