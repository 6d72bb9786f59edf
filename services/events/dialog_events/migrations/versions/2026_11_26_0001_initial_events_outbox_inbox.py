"""initial: events, outbox, inbox"""

import sqlalchemy as sa

from dialog_platform.migrations import MESSAGING_TABLES, Table, create_tables, drop_tables

#: This revision and the one it follows (Alembic's chain).
revision, down_revision = "0001", None

EVENT = Table(
    "event",
    """
    id           uuid
    type         varchar(40)
    title        varchar(200)
    description  text
    starts_at    timestamp
    ends_at      timestamp
    capacity     integer?
    status       varchar(20)  # draft, published, cancelled, completed
    version      integer
    """,
    indexes=("starts_at",),
    constraints=(
        sa.CheckConstraint(
            "capacity IS NULL OR capacity >= 0", name="ck_event_capacity_not_negative"
        ),
        sa.CheckConstraint("ends_at > starts_at", name="ck_event_ends_after_start"),
    ),
)


def upgrade() -> None:
    create_tables(EVENT, *MESSAGING_TABLES)


def downgrade() -> None:
    drop_tables(EVENT, *MESSAGING_TABLES)
