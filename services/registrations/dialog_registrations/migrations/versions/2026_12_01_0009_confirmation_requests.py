"""confirmation requests: how often a registration's "please confirm" mail was asked for again

Revision ID: 0009
Revises: 0008_network
A second sign-up with an address not confirmed yet sends the confirmation mail again, a few
times at most; this counts them.

Create Date: 2026-12-01 13:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008_network"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ALTER TABLE (SQLite 3.35 and later too): no rebuild of the referred-to table.
    op.add_column(
        "registration",
        sa.Column(
            "confirmation_requests", sa.Integer(), nullable=False, server_default=sa.text("0")
        ),
    )


def downgrade() -> None:
    op.drop_column("registration", "confirmation_requests")
