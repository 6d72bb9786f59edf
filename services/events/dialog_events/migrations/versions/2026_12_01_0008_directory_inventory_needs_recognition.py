"""the directory as inventory and needs assessment: activities (closed list), volunteers and
paid staff, premises, languages; needs with category, status and dates; the recognition's
history (§ 75 SGB VIII)

An organisation recognised or applying before this revision gets one history step with the
day of this migration (the day it took effect was not recorded).
"""

import uuid
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from dialog_platform.migrations import Table, add_columns, create_tables, drop_columns, drop_tables

#: This revision and the one it follows (Alembic's chain).
revision, down_revision = "0008_directory_inventory", "0007_contact_log_archive"

#: What the directory keeps of an organisation besides.
INVENTORY = """
    volunteers_count  integer?
    paid_staff_count  integer?
    premises          varchar(1000)  default ''
    languages         json           default '[]'
"""
TABLES = (
    Table.of_values("organisation_activity", "organisation", "code varchar(40)"),
    Table(
        "organisation_need",
        """
        id               uuid
        organisation_id  uuid         references organisation on delete cascade
        position         integer
        category         varchar(40)
        description      text
        status           varchar(20)
        identified_on    date
        status_since     date
        """,
        indexes=("organisation_id",),
    ),
    Table(
        "recognition_change",
        """
        id               uuid
        organisation_id  uuid         references organisation on delete cascade
        status           varchar(20)
        since            date
        recorded_at      timestamp
        """,
        indexes=("organisation_id",),
    ),
)


def upgrade() -> None:
    with op.batch_alter_table("organisation") as batch_op:
        # NOT NULL with a default: SQLite adds it in place (no copy of the table, which its
        # foreign keys would refuse).
        add_columns(batch_op, INVENTORY)
    *_, change = create_tables(*TABLES)
    now = datetime.now(UTC)
    known = op.get_bind().execute(
        sa.text("SELECT id, recognition FROM organisation WHERE recognition <> 'none'")
    )
    rows = [
        {
            "id": uuid.uuid4(),
            "organisation_id": row.id,
            "status": row.recognition,
            "since": now.date(),
            "recorded_at": now,
        }
        for row in known
    ]
    if rows:
        op.bulk_insert(change, rows)


def downgrade() -> None:
    drop_tables(*TABLES)
    # Outside a batch: SQLite drops a column in place (a copy of the table would break the
    # foreign keys that point at it).
    drop_columns("organisation", INVENTORY)
