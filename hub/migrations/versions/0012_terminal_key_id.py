"""What a terminal's heartbeat says of its trust in the hub: the keys it pins (current and
announced next, for key rotation) and whether its content is stale (no fresh signed statement)

Revision ID: 0012_terminal_key_id
Revises: 0011_work_log
Create Date: 2026-12-04 19:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0012_terminal_key_id"
down_revision = "0011_work_log"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("terminals") as batch:
        batch.add_column(sa.Column("key_id", sa.String(length=16), nullable=True))
        batch.add_column(sa.Column("next_key_id", sa.String(length=16), nullable=True))
        batch.add_column(sa.Column("content_stale", sa.Boolean(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("terminals") as batch:
        batch.drop_column("content_stale")
        batch.drop_column("next_key_id")
        batch.drop_column("key_id")
