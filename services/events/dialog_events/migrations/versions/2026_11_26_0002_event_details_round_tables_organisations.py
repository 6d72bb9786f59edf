"""event details, round tables, organisations"""

import sqlalchemy as sa
from alembic import op

#: This revision and the one it follows (Alembic's chain).
revision, down_revision = "0002", "0001"


def upgrade() -> None:
    op.create_table(
        "organisation",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("city", sa.String(length=200), nullable=False),
        sa.Column("address", sa.String(length=500), nullable=False),
        sa.Column("contact_persons", sa.JSON(), nullable=False),
        sa.Column(
            "recognition",
            sa.Enum(
                "none", "applied", "recognised", name="recognition", native_enum=False, length=20
            ),
            nullable=False,
        ),
        sa.Column("needs_notes", sa.Text(), nullable=False),
        sa.Column("support_notes", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisation")),
    )
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.create_index("ix_organisation_kind_city", ["kind", "city"], unique=False)
        batch_op.create_index(batch_op.f("ix_organisation_name"), ["name"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_organisation_recognition"), ["recognition"], unique=False
        )

    op.create_table(
        "registration_tally",
        sa.Column("registration_id", sa.Uuid(), nullable=False),
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("registration_id", name=op.f("pk_registration_tally")),
    )
    with op.batch_alter_table("registration_tally", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_registration_tally_event_id"), ["event_id"], unique=False
        )

    op.create_table(
        "round_table",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("city", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_round_table")),
    )
    op.create_table(
        "membership",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("round_table_id", sa.Uuid(), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("joined_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("left_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_membership_organisation_id_organisation"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["round_table_id"],
            ["round_table.id"],
            name=op.f("fk_membership_round_table_id_round_table"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_membership")),
    )
    with op.batch_alter_table("membership", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_membership_organisation_id"), ["organisation_id"], unique=False
        )
        batch_op.create_index(
            "uq_membership_current",
            ["round_table_id", "organisation_id"],
            unique=True,
            postgresql_where=sa.text("left_at IS NULL"),
            sqlite_where=sa.text("left_at IS NULL"),
        )
        batch_op.create_index(
            "ix_membership_round_table_id_left_at", ["round_table_id", "left_at"], unique=False
        )

    op.create_table(
        "organisation_tag",
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("tag", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_organisation_tag_organisation_id_organisation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("organisation_id", "tag", name=op.f("pk_organisation_tag")),
    )
    with op.batch_alter_table("organisation_tag", schema=None) as batch_op:
        batch_op.create_index(
            "ix_organisation_tag_tag_organisation_id", ["tag", "organisation_id"], unique=False
        )

    op.create_table(
        "delegate",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("membership_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("phone", sa.String(length=40), nullable=True),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.ForeignKeyConstraint(
            ["membership_id"],
            ["membership.id"],
            name=op.f("fk_delegate_membership_id_membership"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_delegate")),
    )
    with op.batch_alter_table("delegate", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_delegate_membership_id"), ["membership_id"], unique=False
        )

    op.create_table(
        "event_language",
        sa.Column("code", sa.String(length=8), nullable=False),
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
            name=op.f("fk_event_language_event_id_event"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("event_id", "code", name=op.f("pk_event_language")),
    )
    with op.batch_alter_table("event_language", schema=None) as batch_op:
        batch_op.create_index(
            "ix_event_language_code_status_starts_at",
            ["code", "status", "starts_at", "event_id"],
            unique=False,
        )

    op.create_table(
        "event_topic",
        sa.Column("topic", sa.String(length=100), nullable=False),
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
            name=op.f("fk_event_topic_event_id_event"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("event_id", "topic", name=op.f("pk_event_topic")),
    )
    with op.batch_alter_table("event_topic", schema=None) as batch_op:
        batch_op.create_index(
            "ix_event_topic_topic_status_starts_at",
            ["topic", "status", "starts_at", "event_id"],
            unique=False,
        )

    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("venue_name", sa.String(length=200), nullable=True))
        batch_op.add_column(
            sa.Column("venue_address", sa.String(length=500), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column(
                "venue_accessibility_notes",
                sa.String(length=1000),
                nullable=False,
                server_default="",
            )
        )
        batch_op.add_column(sa.Column("online_url", sa.String(length=500), nullable=True))
        batch_op.add_column(
            sa.Column("registration_opens_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(
            sa.Column("registration_closes_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(
            sa.Column(
                "requires_email_confirmation",
                sa.Boolean(),
                nullable=False,
                server_default=sa.true(),
            )
        )
        batch_op.add_column(
            sa.Column("reminder_plan", sa.JSON(), nullable=False, server_default="[]")
        )
        batch_op.add_column(
            sa.Column("organiser", sa.String(length=200), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("contact", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("round_table_id", sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column("minutes", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("published_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("cancel_reason", sa.String(length=1000), nullable=True))
        batch_op.create_index(
            "ix_event_round_table_id_starts_at", ["round_table_id", "starts_at"], unique=False
        )
        batch_op.create_index(
            "ix_event_status_starts_at_id", ["status", "starts_at", "id"], unique=False
        )
        batch_op.create_index(
            "ix_event_status_type_starts_at_id", ["status", "type", "starts_at", "id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_event_round_table_id_round_table"),
            "round_table",
            ["round_table_id"],
            ["id"],
            ondelete="RESTRICT",
        )

    # Events published before this revision: their publication time is unknown, not absent.
    op.execute(
        "UPDATE event SET published_at = CURRENT_TIMESTAMP"
        " WHERE status IN ('published', 'completed', 'cancelled') AND version > 1"
    )


def downgrade() -> None:
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_event_round_table_id_round_table"), type_="foreignkey"
        )
        batch_op.drop_index("ix_event_status_type_starts_at_id")
        batch_op.drop_index("ix_event_status_starts_at_id")
        batch_op.drop_index("ix_event_round_table_id_starts_at")
        batch_op.drop_column("cancel_reason")
        batch_op.drop_column("published_at")
        batch_op.drop_column("minutes")
        batch_op.drop_column("round_table_id")
        batch_op.drop_column("contact")
        batch_op.drop_column("organiser")
        batch_op.drop_column("reminder_plan")
        batch_op.drop_column("requires_email_confirmation")
        batch_op.drop_column("registration_closes_at")
        batch_op.drop_column("registration_opens_at")
        batch_op.drop_column("online_url")
        batch_op.drop_column("venue_accessibility_notes")
        batch_op.drop_column("venue_address")
        batch_op.drop_column("venue_name")

    with op.batch_alter_table("event_topic", schema=None) as batch_op:
        batch_op.drop_index("ix_event_topic_topic_status_starts_at")

    op.drop_table("event_topic")
    with op.batch_alter_table("event_language", schema=None) as batch_op:
        batch_op.drop_index("ix_event_language_code_status_starts_at")

    op.drop_table("event_language")
    with op.batch_alter_table("delegate", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_delegate_membership_id"))

    op.drop_table("delegate")
    with op.batch_alter_table("organisation_tag", schema=None) as batch_op:
        batch_op.drop_index("ix_organisation_tag_tag_organisation_id")

    op.drop_table("organisation_tag")
    with op.batch_alter_table("membership", schema=None) as batch_op:
        batch_op.drop_index("ix_membership_round_table_id_left_at")
        batch_op.drop_index("uq_membership_current")
        batch_op.drop_index(batch_op.f("ix_membership_organisation_id"))

    op.drop_table("membership")
    op.drop_table("round_table")
    with op.batch_alter_table("registration_tally", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_registration_tally_event_id"))

    op.drop_table("registration_tally")
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_organisation_recognition"))
        batch_op.drop_index(batch_op.f("ix_organisation_name"))
        batch_op.drop_index("ix_organisation_kind_city")

    op.drop_table("organisation")
