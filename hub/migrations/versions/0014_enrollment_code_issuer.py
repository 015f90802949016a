"""Who issued each enrollment code (an admin's user name, ``cli`` or ``demo``), so the log of a
revoked terminal's re-enrollment names the person who let it back

Revision ID: 0014_enrollment_code_issuer
Revises: 0013_terminal_commands
Create Date: 2026-12-04 19:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0014_enrollment_code_issuer"
down_revision = "0013_terminal_commands"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("enrollment_codes") as batch:
        batch.add_column(sa.Column("issued_by", sa.String(length=80), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("enrollment_codes") as batch:
        batch.drop_column("issued_by")
