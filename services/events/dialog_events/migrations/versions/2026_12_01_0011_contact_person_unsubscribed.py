"""contact_person.announcements_withdrawn_at: when the person unsubscribed by the link in an
announcement (none for those kept before: their consent is as staff recorded it)"""

from dialog_platform.migrations import add_columns, drop_columns

#: This revision and the one it follows (Alembic's chain).
revision, down_revision = "0011_unsubscribed", "0010_label_access"

WITHDRAWN = "announcements_withdrawn_at  timestamp?"


def upgrade() -> None:
    add_columns("contact_person", WITHDRAWN)


def downgrade() -> None:
    # In place: SQLite drops a column without copying the table (a copy would break the foreign
    # keys that point at it).
    drop_columns("contact_person", WITHDRAWN)
