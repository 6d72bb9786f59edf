"""event access: public, or by invitation (a round table's meetings unless staff open them)

Meetings scheduled before this revision were listed publicly; they become by invitation, as
the rule now is (staff open one by setting its access to public).
"""

import sqlalchemy as sa
from alembic import op

#: This revision and the one it follows (Alembic's chain).
revision, down_revision = "0005_event_access", "0004"


def upgrade() -> None:
    with op.batch_alter_table("event") as batch_op:
        batch_op.add_column(
            sa.Column("access", sa.String(20), nullable=False, server_default="public")
        )
    op.execute("UPDATE event SET access = 'invitation' WHERE type = 'round_table_meeting'")


def downgrade() -> None:
    # Outside a batch: SQLite drops a column in place (a copy of the table would break the
    # foreign keys that point at it).
    op.drop_column("event", "access")
