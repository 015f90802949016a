"""Advisers' work log (one row per service) and the districts' service standards

Revision ID: 0011_work_log
Revises: 0008_holidays
Create Date: 2026-12-03 14:45:00
"""

import sqlalchemy as sa
from alembic import op

import hub.models.types

revision = "0011_work_log"
down_revision = "0008_holidays"
branch_labels = None
depends_on = None

# Frozen copies of the keys at this revision (hub.models.tables may grow later).
SERVICES = (
    "'duty', 'visit', 'consultation', 'village_review', 'contract_review', 'mediation', "
    "'lecture', 'risk_check', 'legal_aid_referral', 'report', 'other'"
)


def upgrade() -> None:
    op.create_table(
        "work_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("adviser_id", sa.String(length=64), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("service", sa.String(length=24), nullable=False),
        sa.Column("village", sa.String(length=80), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("start", sa.String(length=5), nullable=True),
        sa.Column("end", sa.String(length=5), nullable=True),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("people", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("outcome", sa.String(length=200), server_default="", nullable=False),
        sa.Column("note", sa.Text(), server_default="", nullable=False),
        sa.Column("created_at", hub.models.types.UTCDateTime(), nullable=False),
        sa.Column("updated_at", hub.models.types.UTCDateTime(), nullable=False),
        sa.CheckConstraint(f"service IN ({SERVICES})", name=op.f("ck_work_log_service")),
        sa.CheckConstraint("minutes >= 0 AND people >= 0", name=op.f("ck_work_log_amounts")),
        sa.ForeignKeyConstraint(
            ["adviser_id"],
            ["advisers.id"],
            name=op.f("fk_work_log_adviser_id_advisers"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["users.id"],
            name=op.f("fk_work_log_author_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_work_log")),
    )
    op.create_index("ix_work_log_adviser_id_day", "work_log", ["adviser_id", "day"], unique=False)
    op.create_table(
        "service_standards",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("district", sa.String(length=80), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("village_limit", sa.Integer(), nullable=True),
        sa.Column("updated_at", hub.models.types.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_standards")),
        sa.UniqueConstraint("district", name=op.f("uq_service_standards_district")),
    )
    op.create_table(
        "standard_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("standard_id", sa.Integer(), nullable=False),
        sa.Column("service", sa.String(length=24), nullable=False),
        sa.Column("measure", sa.String(length=8), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("per", sa.String(length=12), nullable=False),
        sa.CheckConstraint(
            f"service IN ({SERVICES}, 'any')", name=op.f("ck_standard_items_service")
        ),
        sa.CheckConstraint(
            "measure IN ('count', 'hours', 'days')", name=op.f("ck_standard_items_measure")
        ),
        sa.CheckConstraint(
            "per IN ('week', 'month', 'quarter', 'half_year', 'year')",
            name=op.f("ck_standard_items_per"),
        ),
        sa.CheckConstraint("amount > 0", name=op.f("ck_standard_items_amount")),
        sa.ForeignKeyConstraint(
            ["standard_id"],
            ["service_standards.id"],
            name=op.f("fk_standard_items_standard_id_service_standards"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_standard_items")),
    )
    op.create_index(
        op.f("ix_standard_items_standard_id"), "standard_items", ["standard_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_standard_items_standard_id"), table_name="standard_items")
    op.drop_table("standard_items")
    op.drop_table("service_standards")
    op.drop_index("ix_work_log_adviser_id_day", table_name="work_log")
    op.drop_table("work_log")
