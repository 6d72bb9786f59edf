"""initial: mediation tables, outbox, inbox"""

from dialog_platform.migrations import MESSAGING_TABLES, create_tables, drop_tables

#: This revision and the one it follows (Alembic's chain).
revision, down_revision = "0001", None


def upgrade() -> None:
    create_tables(*MESSAGING_TABLES)


def downgrade() -> None:
    drop_tables(*MESSAGING_TABLES)
