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

#: This revision and the one it follows (Alembic's chain).
revision, down_revision = "0008_directory_inventory", "0007_contact_log_archive"


def upgrade() -> None:
    with op.batch_alter_table("organisation") as batch_op:
        batch_op.add_column(sa.Column("volunteers_count", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("paid_staff_count", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("premises", sa.String(1000), nullable=False, server_default="")
        )
        # NOT NULL with a default: SQLite adds it in place (no copy of the table, which its
        # foreign keys would refuse).
        batch_op.add_column(sa.Column("languages", sa.JSON(), nullable=False, server_default="[]"))
    op.create_table(
        "organisation_activity",
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("code", sa.String(40), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name="fk_organisation_activity_organisation_id_organisation",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("organisation_id", "code", name="pk_organisation_activity"),
    )
    op.create_index(
        "ix_organisation_activity_code_organisation_id",
        "organisation_activity",
        ["code", "organisation_id"],
    )
    op.create_table(
        "organisation_need",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(40), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("identified_on", sa.Date(), nullable=False),
        sa.Column("status_since", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name="fk_organisation_need_organisation_id_organisation",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_organisation_need"),
    )
    op.create_index(
        "ix_organisation_need_organisation_id", "organisation_need", ["organisation_id"]
    )
    change = op.create_table(
        "recognition_change",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("since", sa.Date(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name="fk_recognition_change_organisation_id_organisation",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_recognition_change"),
    )
    op.create_index(
        "ix_recognition_change_organisation_id", "recognition_change", ["organisation_id"]
    )
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
    op.drop_table("recognition_change")
    op.drop_table("organisation_need")
    op.drop_table("organisation_activity")
    # Outside a batch: SQLite drops a column in place (a copy of the table would break the
    # foreign keys that point at it).
    for column in ("languages", "premises", "paid_staff_count", "volunteers_count"):
        op.drop_column("organisation", column)
