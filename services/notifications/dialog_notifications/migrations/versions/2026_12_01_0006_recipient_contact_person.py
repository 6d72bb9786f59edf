"""recipient.contact_person_id: whom a directory announcement was written to (events' id)

A column that may be empty: added and dropped in place on PostgreSQL and SQLite alike. Recipients of
announcements kept before have none: their unsubscribe link stops what is pending for them,
but cannot tell the events service whom to leave out of the next announcements.
"""

import sqlalchemy as sa
from alembic import op

#: This revision and the one it follows (Alembic's chain).
revision, down_revision = "0006", "0005"


def upgrade() -> None:
    op.add_column("recipient", sa.Column("contact_person_id", sa.Uuid(), nullable=True))


def downgrade() -> None:
    # In place on SQLite too (3.35 and later): a batch would copy the table, which the
    # deliveries' foreign key to it refuses while foreign keys are enforced.
    op.drop_column("recipient", "contact_person_id")
