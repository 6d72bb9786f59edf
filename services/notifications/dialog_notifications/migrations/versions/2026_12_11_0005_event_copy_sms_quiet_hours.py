"""event_copy.sms_quiet_hours: an event's own SMS quiet hours (null: the setting)

A column that may be empty: added in place on PostgreSQL and SQLite alike; the copies kept
before take the setting until their event's next message tells otherwise.
"""

import sqlalchemy as sa
from alembic import op

#: This revision and the one it follows (Alembic's chain).
revision, down_revision = "0005", "0004"


def upgrade() -> None:
    op.add_column("event_copy", sa.Column("sms_quiet_hours", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("event_copy") as batch:
        batch.drop_column("sms_quiet_hours")
