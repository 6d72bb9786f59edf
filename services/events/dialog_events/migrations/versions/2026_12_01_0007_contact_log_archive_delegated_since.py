"""the contact point's log (organisation_contact); organisations archived instead of deleted;
when a membership first sent a delegate (kept through erasure, for the yearly report)"""

import sqlalchemy as sa
from alembic import op

from dialog_platform.migrations import Table, create_tables, drop_tables

#: This revision and the one it follows (Alembic's chain).
revision, down_revision = "0007_contact_log_archive", "0006_event_series_quiet_hours"

ORGANISATION_CONTACT = Table(
    "organisation_contact",
    """
    id                 uuid
    organisation_id    uuid          references organisation on delete restrict
    happened_on        date
    channel            varchar(20)
    topic              varchar(200)
    notes              text
    contact_person_id  uuid?         references contact_person on delete set null
    staff_subject      varchar(200)
    follow_up_due      date?
    done_at            timestamp?
    recorded_at        timestamp
    """,
    indexes=("done_at follow_up_due", "organisation_id happened_on", "contact_person_id"),
)


def upgrade() -> None:
    create_tables(ORGANISATION_CONTACT)
    with op.batch_alter_table("organisation") as batch_op:
        batch_op.add_column(sa.Column("archived_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index("ix_organisation_archived_at", ["archived_at"])
    with op.batch_alter_table("membership") as batch_op:
        batch_op.add_column(sa.Column("delegated_since", sa.DateTime(timezone=True), nullable=True))
    op.execute(
        "UPDATE membership SET delegated_since = joined_at "
        "WHERE EXISTS (SELECT 1 FROM delegate WHERE delegate.membership_id = membership.id)"
    )


def downgrade() -> None:
    # Outside a batch: SQLite drops a column in place (a copy of the table would break the
    # foreign keys that point at it).
    op.drop_column("membership", "delegated_since")
    op.drop_index("ix_organisation_archived_at", table_name="organisation")
    op.drop_column("organisation", "archived_at")
    drop_tables(ORGANISATION_CONTACT)
