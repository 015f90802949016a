"""Remote commands staff send to terminals, and the screenshots terminals upload

Revision ID: 0013_terminal_commands
Revises: 0012_terminal_key_id
Create Date: 2026-12-04 19:20:00
"""

import sqlalchemy as sa
from alembic import op

import hub.models.types

revision = "0013_terminal_commands"
down_revision = "0012_terminal_key_id"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "terminal_commands",
        sa.Column("id", sa.String(length=24), nullable=False),
        sa.Column("terminal_id", sa.String(length=40), nullable=False),
        sa.Column("command", sa.String(length=16), nullable=False),
        sa.Column("state", sa.String(length=8), server_default="pending", nullable=False),
        sa.Column("sent_by_user_id", sa.Integer(), nullable=True),
        sa.Column("sent_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", hub.models.types.UTCDateTime(), nullable=False),
        sa.Column("sent_at", hub.models.types.UTCDateTime(), nullable=True),
        sa.Column("finished_at", hub.models.types.UTCDateTime(), nullable=True),
        sa.Column("ok", sa.Boolean(), nullable=True),
        sa.Column("result", sa.JSON(), nullable=True),
        sa.CheckConstraint(
            "state IN ('pending', 'sent', 'done', 'failed')",
            name=op.f("ck_terminal_commands_state"),
        ),
        sa.CheckConstraint(
            "command IN ('sync', 'doctor', 'screenshot', 'restart')",
            name=op.f("ck_terminal_commands_command"),
        ),
        sa.ForeignKeyConstraint(
            ["terminal_id"],
            ["terminals.id"],
            name=op.f("fk_terminal_commands_terminal_id_terminals"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["sent_by_user_id"],
            ["users.id"],
            name=op.f("fk_terminal_commands_sent_by_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_terminal_commands")),
    )
    op.create_index(
        "ix_terminal_commands_terminal_id_created_at",
        "terminal_commands",
        ["terminal_id", "created_at"],
        unique=False,
    )
    op.create_index(
        "ix_terminal_commands_state_created_at",
        "terminal_commands",
        ["state", "created_at"],
        unique=False,
    )
    op.create_table(
        "terminal_screenshots",
        sa.Column("command_id", sa.String(length=24), nullable=False),
        sa.Column("png", sa.LargeBinary(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("created_at", hub.models.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["command_id"],
            ["terminal_commands.id"],
            name=op.f("fk_terminal_screenshots_command_id_terminal_commands"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("command_id", name=op.f("pk_terminal_screenshots")),
    )


def downgrade() -> None:
    op.drop_table("terminal_screenshots")
    op.drop_index("ix_terminal_commands_state_created_at", table_name="terminal_commands")
    op.drop_index("ix_terminal_commands_terminal_id_created_at", table_name="terminal_commands")
    op.drop_table("terminal_commands")
