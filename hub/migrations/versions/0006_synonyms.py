"""Staff synonyms: a resident's word and the content words or guide it stands for

Revision ID: 0006_synonyms
Revises: 0005_category_highlights
Create Date: 2026-12-03 07:00:00
"""

import sqlalchemy as sa
from alembic import op

import hub.models.types

revision = "0006_synonyms"
down_revision = "0005_category_highlights"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "synonyms",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("word", sa.String(length=20), nullable=False),
        sa.Column("targets", sa.JSON(), nullable=False),
        sa.Column("article_id", sa.String(length=64), nullable=True),
        sa.Column("weight", sa.Float(), server_default=sa.text("0.9"), nullable=False),
        sa.Column("note", sa.String(length=200), server_default="", nullable=False),
        sa.Column("updated_at", hub.models.types.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_synonyms")),
        sa.UniqueConstraint("word", name=op.f("uq_synonyms_word")),
    )


def downgrade() -> None:
    op.drop_table("synonyms")
