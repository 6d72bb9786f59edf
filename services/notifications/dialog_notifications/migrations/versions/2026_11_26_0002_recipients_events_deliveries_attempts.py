"""recipients events deliveries attempts"""

from dialog_platform.migrations import Index, Table, create_tables, drop_tables

#: This revision and the one it follows (Alembic's chain).
revision, down_revision = "0002", "0001"

#: Under the plural names they had until 0003.
TABLES = (
    Table(
        "events",
        """
        id             uuid
        version        integer
        title          varchar(200)
        starts_at      timestamp
        ends_at        timestamp
        place          varchar(1000)
        status         varchar(20)
        reminder_plan  json?
        """,
    ),
    Table(
        "recipients",
        """
        id                 uuid
        source             varchar(20)
        version            integer
        event_id           uuid
        name               varchar(200)
        email              varchar(320)?
        phone              varchar(20)?
        sms_consent        boolean
        language           varchar(8)
        status             varchar(20)
        links              json
        stop_token         varchar(64)
        reminders_stopped  boolean
        """,
        unique=("stop_token",),
        indexes=("event_id",),
    ),
    Table(
        "deliveries",
        """
        id            uuid
        dedup_key     varchar(300)
        recipient_id  uuid          references recipients
        event_id      uuid
        kind          varchar(40)
        channel       varchar(10)
        slot          varchar(40)
        status        varchar(20)   # queued, retrying, sent, failed, dropped
        due_at        timestamp
        attempts      integer
        context       json
        last_error    text?
        created_at    timestamp
        sent_at       timestamp?
        """,
        unique=("dedup_key",),
        indexes=(Index("status due_at", name="ix_deliveries_due"), "event_id", "recipient_id"),
    ),
    Table(
        "delivery_attempts",
        """
        id           integer      autoincrement
        delivery_id  uuid         references deliveries
        at           timestamp
        outcome      varchar(20)
        answer       text
        """,
        indexes=("delivery_id",),
    ),
)


def upgrade() -> None:
    create_tables(*TABLES)


def downgrade() -> None:
    drop_tables(*TABLES)
