"""Photos on advisers' work-log entries (sign-in sheets, documents), by sha256

Revision ID: 0015_work_log_photos
Revises: 0014_enrollment_code_issuer
Create Date: 2026-12-04 19:30:00
"""

import sqlalchemy as sa
from alembic import op

import hub.models.types

revision = "0015_work_log_photos"
down_revision = "0014_enrollment_code_issuer"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "work_log_photos",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("mime", sa.String(length=16), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("created_at", hub.models.types.UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "mime IN ('image/jpeg', 'image/png')", name=op.f("ck_work_log_photos_mime")
        ),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["work_log.id"],
            name=op.f("fk_work_log_photos_entry_id_work_log"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_work_log_photos")),
        sa.UniqueConstraint("entry_id", "sha256", name="uq_work_log_photos_entry_sha256"),
    )
    op.create_index(
        op.f("ix_work_log_photos_entry_id"), "work_log_photos", ["entry_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_work_log_photos_entry_id"), table_name="work_log_photos")
    op.drop_table("work_log_photos")
