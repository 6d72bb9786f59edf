"""confirmation requests: how often a registration's "please confirm" mail was asked for again

Revision ID: 0009
Revises: 0008_network
A second sign-up with an address not confirmed yet sends the confirmation mail again, a few
times at most; this counts them.

Create Date: 2026-12-01 13:00:00
"""

from dialog_platform.migrations import add_columns, drop_columns

#: This revision and the one it follows (Alembic's chain).
revision, down_revision = "0009", "0008_network"

COLUMNS = "confirmation_requests  integer  default 0"


def upgrade() -> None:
    # Plain ALTER TABLE (SQLite 3.35 and later too): no rebuild of the referred-to table.
    add_columns("registration", COLUMNS)


def downgrade() -> None:
    drop_columns("registration", COLUMNS)
