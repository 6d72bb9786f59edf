"""event access: who may see and sign up for an event (public, or only the invited)

Revision ID: 0008j
Revises: 0007j
The copy keeps the EventSnapshot's ``access``: a round table's closed meetings are never
listed and take no public sign-ups.

Create Date: 2026-12-01 13:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008j"
down_revision: str | None = "0007j"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "event_copy",
        sa.Column("access", sa.String(length=20), nullable=False, server_default="public"),
    )


def downgrade() -> None:
    op.drop_column("event_copy", "access")
