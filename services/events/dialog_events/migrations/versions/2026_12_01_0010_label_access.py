"""labels carry a copy of the event's access: the public list by a topic or a language pages
and counts along the label's index alone (the count no longer joins the events to leave out
meetings by invitation)"""

from alembic import op

from dialog_platform.migrations import add_columns, drop_columns

#: This revision and the one it follows (Alembic's chain).
revision, down_revision = "0010_label_access", "0009_announcements"

#: The labels and the column their public-list index starts with.
LABELS = {"event_language": "code", "event_topic": "topic"}
ACCESS = "access  varchar(20)  default 'public'"


def upgrade() -> None:
    for table, label in LABELS.items():
        op.drop_index(op.f(f"ix_{table}_{label}_status_starts_at"), table_name=table)
        add_columns(table, ACCESS)
        op.execute(
            f"UPDATE {table} SET access = (SELECT access FROM event WHERE event.id = event_id)"
        )
        op.create_index(
            op.f(f"ix_{table}_{label}_status_access_starts_at"),
            table,
            [label, "status", "access", "starts_at", "event_id"],
        )


def downgrade() -> None:
    for table, label in LABELS.items():
        op.drop_index(op.f(f"ix_{table}_{label}_status_access_starts_at"), table_name=table)
        # Outside a batch: SQLite drops a column in place (a copy of the table would break the
        # foreign keys that point at it).
        drop_columns(table, ACCESS)
        op.create_index(
            op.f(f"ix_{table}_{label}_status_starts_at"),
            table,
            [label, "status", "starts_at", "event_id"],
        )
