"""sign-up rate: the per-address sign-up counter that every web process shares

Revision ID: 0010
Revises: 0009
One row per client address (a keyed hash, never the address) and hour window.

Create Date: 2026-12-01 13:40:00
"""

from dialog_platform.migrations import Table, create_tables, drop_tables

#: This revision and the one it follows (Alembic's chain).
revision, down_revision = "0010", "0009"

SIGNUP_RATE = Table(
    "signup_rate",
    """
    key                varchar(64)  # a keyed hash of the client's address
    window_started_at  timestamp
    count              integer
    """,
    primary_key="key",
    indexes=("window_started_at",),
)


def upgrade() -> None:
    create_tables(SIGNUP_RATE)


def downgrade() -> None:
    drop_tables(SIGNUP_RATE)
