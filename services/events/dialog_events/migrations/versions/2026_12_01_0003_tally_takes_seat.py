"""registration tally: whether a registration takes a seat, as the registrations service says"""

import sqlalchemy as sa
from alembic import op

#: This revision and the one it follows (Alembic's chain).
revision, down_revision = "0003", "0002"


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
