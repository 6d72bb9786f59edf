"""the contact point's log (organisation_contact); organisations archived instead of deleted;
when a membership first sent a delegate (kept through erasure, for the yearly report)"""

import sqlalchemy as sa
from alembic import op

#: This revision and the one it follows (Alembic's chain).
revision, down_revision = "0007_contact_log_archive", "0006_event_series_quiet_hours"


def upgrade() -> None:
    op.create_table(
        "organisation_contact",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("happened_on", sa.Date(), nullable=False),
        sa.Column("channel", sa.String(20), nullable=False),
        sa.Column("topic", sa.String(200), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("contact_person_id", sa.Uuid(), nullable=True),
        sa.Column("staff_subject", sa.String(200), nullable=False),
        sa.Column("follow_up_due", sa.Date(), nullable=True),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name="fk_organisation_contact_organisation_id_organisation",
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["contact_person_id"],
            ["contact_person.id"],
            name="fk_organisation_contact_contact_person_id_contact_person",
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_organisation_contact"),
    )
    op.create_index(
        "ix_organisation_contact_done_at_follow_up_due",
        "organisation_contact",
        ["done_at", "follow_up_due"],
    )
    op.create_index(
        "ix_organisation_contact_organisation_id_happened_on",
        "organisation_contact",
        ["organisation_id", "happened_on"],
    )
    op.create_index(
        "ix_organisation_contact_contact_person_id", "organisation_contact", ["contact_person_id"]
    )
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
    op.drop_table("organisation_contact")
