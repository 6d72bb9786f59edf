"""initial: registrations tables, outbox, inbox"""

from dialog_platform.migrations import MESSAGING_TABLES, Table, create_tables, drop_tables

#: This revision and the one it follows (Alembic's chain).
revision, down_revision = "0001", None

EVENT_COPY = Table(
    "event_copy",
    """
    id         uuid
    version    integer
    status     varchar(20)
    type       varchar(40)
    title      varchar(200)
    starts_at  timestamp
    ends_at    timestamp
    capacity   integer?
    """,
)


def upgrade() -> None:
    create_tables(EVENT_COPY, *MESSAGING_TABLES)


def downgrade() -> None:
    drop_tables(EVENT_COPY, *MESSAGING_TABLES)
