"""registration tally: whether a registration takes a seat, as the registrations service says

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("registration_tally") as batch_op:
        batch_op.add_column(
            sa.Column("takes_seat", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    # Rows kept before messages said it: the statuses that took a seat when they were written.
    op.execute(
        "UPDATE registration_tally SET takes_seat = (status IN "
        "('pending', 'confirmed', 'attended', 'no_show'))"
    )


def downgrade() -> None:
    with op.batch_alter_table("registration_tally") as batch_op:
        batch_op.drop_column("takes_seat")
