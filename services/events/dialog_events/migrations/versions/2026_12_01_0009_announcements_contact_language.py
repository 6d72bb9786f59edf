"""announcements of events to the directory; the language a contact person is written to in"""

import sqlalchemy as sa
from alembic import op

#: This revision and the one it follows (Alembic's chain).
revision, down_revision = "0009_announcements", "0008_directory_inventory"


def upgrade() -> None:
    with op.batch_alter_table("contact_person") as batch_op:
        batch_op.add_column(
            sa.Column("language", sa.String(8), nullable=False, server_default="de")
        )
    op.create_table(
        "announcement",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("cities", sa.JSON(), nullable=False),
        sa.Column("activities", sa.JSON(), nullable=False),
        sa.Column("organisations_count", sa.Integer(), nullable=False),
        sa.Column("recipients_count", sa.Integer(), nullable=False),
        sa.Column("staff_subject", sa.String(200), nullable=False),
        sa.Column("announced_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"], ["event.id"], name="fk_announcement_event_id_event", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_announcement"),
    )
    op.create_index("ix_announcement_event_id", "announcement", ["event_id"])


def downgrade() -> None:
    op.drop_table("announcement")
    # Outside a batch: SQLite drops a column in place (a copy of the table would break the
    # foreign keys that point at it).
    op.drop_column("contact_person", "language")
