"""invitation version: grows with every change of an invitation"""

import sqlalchemy as sa
from alembic import op

#: This revision and the one it follows (Alembic's chain).
revision, down_revision = "0003", "0002"


def upgrade() -> None:
    with op.batch_alter_table("invitation") as batch_op:
        batch_op.add_column(
            sa.Column("version", sa.Integer(), nullable=False, server_default=sa.text("1"))
        )


def downgrade() -> None:
    with op.batch_alter_table("invitation") as batch_op:
        batch_op.drop_column("version")
