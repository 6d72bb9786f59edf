"""sign-up rate: the per-address sign-up counter that every web process shares

Revision ID: 0010
Revises: 0009
One row per client address (a keyed hash, never the address) and hour window.

Create Date: 2026-12-01 13:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "signup_rate",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("window_started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_signup_rate")),
    )
    op.create_index(op.f("ix_signup_rate_window_started_at"), "signup_rate", ["window_started_at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_signup_rate_window_started_at"), table_name="signup_rate")
    op.drop_table("signup_rate")
