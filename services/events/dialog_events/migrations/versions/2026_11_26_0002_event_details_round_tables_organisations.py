"""event details, round tables, organisations"""

from alembic import op

from dialog_platform.migrations import (
    Index,
    Table,
    add_columns,
    create_tables,
    drop_columns,
    drop_tables,
)

#: This revision and the one it follows (Alembic's chain).
revision, down_revision = "0002", "0001"

TABLES = (
    Table(
        "organisation",
        """
        id               uuid
        version          integer
        name             varchar(200)
        kind             varchar(40)
        city             varchar(200)
        address          varchar(500)
        contact_persons  json
        recognition      varchar(20)  # none, applied, recognised
        needs_notes      text
        support_notes    text
        """,
        indexes=("kind city", "name", "recognition"),
    ),
    Table(
        "registration_tally",
        """
        registration_id  uuid
        event_id         uuid
        status           varchar(20)
        version          integer
        """,
        primary_key="registration_id",
        indexes=("event_id",),
    ),
    Table(
        "round_table",
        """
        id           uuid
        name         varchar(200)
        city         varchar(200)
        description  text
        version      integer
        """,
    ),
    Table(
        "membership",
        """
        id               uuid
        round_table_id   uuid       references round_table on delete cascade
        organisation_id  uuid       references organisation on delete restrict
        joined_at        timestamp
        left_at          timestamp?
        """,
        indexes=(
            "organisation_id",
            Index(
                "round_table_id organisation_id",
                name="uq_membership_current",
                unique=True,
                where="left_at IS NULL",
            ),
            "round_table_id left_at",
        ),
    ),
    Table.of_values("organisation_tag", "organisation", "tag varchar(100)"),
    Table(
        "delegate",
        """
        id             uuid
        membership_id  uuid          references membership on delete cascade
        name           varchar(200)
        role           varchar(200)
        email          varchar(320)?
        phone          varchar(40)?
        language       varchar(8)
        """,
        indexes=("membership_id",),
    ),
    # An event's languages and topics, each with the event's status and start: the events in
    # a language or on a topic are listed from the index alone.
    *(
        Table(
            table,
            f"""
            {key}      varchar({width})
            event_id   uuid          references event on delete cascade
            status     varchar(20)
            starts_at  timestamp
            position   integer
            """,
            primary_key=f"event_id {key}",
            indexes=(
                Index(
                    f"{key} status starts_at event_id",
                    name=f"ix_{table}_{key}_status_starts_at",
                ),
            ),
        )
        for table, key, width in (("event_language", "code", 8), ("event_topic", "topic", 100))
    ),
)
#: The event's details, added to the table of 0001.
EVENT_DETAILS = """
    venue_name                   varchar(200)?
    venue_address                varchar(500)   default ''
    venue_accessibility_notes    varchar(1000)  default ''
    online_url                   varchar(500)?
    registration_opens_at        timestamp?
    registration_closes_at       timestamp?
    requires_email_confirmation  boolean        default true
    reminder_plan                json           default '[]'
    organiser                    varchar(200)   default ''
    contact                      json?
    round_table_id               uuid?          references round_table on delete restrict
    minutes                      text           default ''
    published_at                 timestamp?
    cancel_reason                varchar(1000)?
"""
EVENT_INDEXES = {
    "ix_event_round_table_id_starts_at": ["round_table_id", "starts_at"],
    "ix_event_status_starts_at_id": ["status", "starts_at", "id"],
    "ix_event_status_type_starts_at_id": ["status", "type", "starts_at", "id"],
}


def upgrade() -> None:
    create_tables(*TABLES)
    with op.batch_alter_table("event") as batch_op:
        add_columns(batch_op, EVENT_DETAILS)
        for name, columns in EVENT_INDEXES.items():
            batch_op.create_index(name, columns, unique=False)

    # Events published before this revision: their publication time is unknown, not absent.
    op.execute(
        "UPDATE event SET published_at = CURRENT_TIMESTAMP"
        " WHERE status IN ('published', 'completed', 'cancelled') AND version > 1"
    )


def downgrade() -> None:
    with op.batch_alter_table("event") as batch_op:
        for name in reversed(EVENT_INDEXES):
            batch_op.drop_index(name)
        drop_columns(batch_op, EVENT_DETAILS)
    drop_tables(*TABLES)
