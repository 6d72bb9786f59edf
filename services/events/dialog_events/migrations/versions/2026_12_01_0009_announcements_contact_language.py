"""announcements of events to the directory; the language a contact person is written to in"""

from alembic import op

from dialog_platform.migrations import Table, add_columns, create_tables, drop_columns, drop_tables

#: This revision and the one it follows (Alembic's chain).
revision, down_revision = "0009_announcements", "0008_directory_inventory"

#: The language a contact person is written to in (German for those kept before).
CONTACT_LANGUAGE = "language  varchar(8)  default 'de'"
ANNOUNCEMENT = Table(
    "announcement",
    """
    id                   uuid
    event_id             uuid          references event on delete cascade
    tags                 json
    cities               json
    activities           json
    organisations_count  integer
    recipients_count     integer
    staff_subject        varchar(200)
    announced_at         timestamp
    """,
    indexes=("event_id",),
)


def upgrade() -> None:
    with op.batch_alter_table("contact_person") as batch_op:
        add_columns(batch_op, CONTACT_LANGUAGE)
    create_tables(ANNOUNCEMENT)


def downgrade() -> None:
    drop_tables(ANNOUNCEMENT)
    # Outside a batch: SQLite drops a column in place (a copy of the table would break the
    # foreign keys that point at it).
    drop_columns("contact_person", CONTACT_LANGUAGE)
