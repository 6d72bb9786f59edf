"""event series and per-event SMS quiet hours"""

import sqlalchemy as sa
from alembic import op

#: This revision and the one it follows (Alembic's chain).
revision, down_revision = "0006_event_series_quiet_hours", "0005_event_access"


def upgrade() -> None:
    with op.batch_alter_table("event") as batch_op:
        batch_op.add_column(sa.Column("series", sa.String(100), nullable=True))
        batch_op.add_column(sa.Column("sms_quiet_hours", sa.String(11), nullable=True))
        batch_op.create_index("ix_event_series", ["series"])


def downgrade() -> None:
    # Outside a batch: SQLite drops a column in place (a copy of the table would break the
    # foreign keys that point at it).
    op.drop_index("ix_event_series", table_name="event")
    op.drop_column("event", "sms_quiet_hours")
    op.drop_column("event", "series")
