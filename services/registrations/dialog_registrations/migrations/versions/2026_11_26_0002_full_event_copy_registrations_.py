"""full event copy, registrations, invitations

Existing copies get the defaults of the contract (email confirmation required, no
languages, no cancel reason) until the next message about their event.
"""

import sqlalchemy as sa
from alembic import op

#: This revision and the one it follows (Alembic's chain).
revision, down_revision = "0002", "0001"


def upgrade() -> None:
    op.create_table(
        "registration",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("waitlist_seq", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("email_key", sa.String(length=254), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=True),
        sa.Column("organisation", sa.String(length=200), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("needs", sa.String(length=1000), nullable=False),
        sa.Column("consent_text_version", sa.String(length=40), nullable=False),
        sa.Column("consent_given_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sms_consent", sa.Boolean(), nullable=False),
        sa.Column("sms_consent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("hold_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("email_confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("seated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cancelled_by", sa.String(length=20), nullable=True),
        sa.Column("cancel_reason", sa.String(length=1000), nullable=False),
        sa.Column("checked_in_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["event_id"], ["event_copy.id"], name=op.f("fk_registration_event_id_event_copy")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_registration")),
        sa.UniqueConstraint(
            "event_id", "email_key", name=op.f("uq_registration_event_id_email_key")
        ),
    )
    with op.batch_alter_table("registration", schema=None) as batch_op:
        batch_op.create_index("ix_registration_event_status", ["event_id", "status"], unique=False)

    op.create_table(
        "invitation",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column("round_table_id", sa.Uuid(), nullable=False),
        sa.Column("round_table_name", sa.String(length=200), nullable=False),
        sa.Column("delegate_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("phone", sa.String(length=20), nullable=True),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("organisation_name", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("registration_id", sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(
            ["event_id"], ["event_copy.id"], name=op.f("fk_invitation_event_id_event_copy")
        ),
        sa.ForeignKeyConstraint(
            ["registration_id"],
            ["registration.id"],
            name=op.f("fk_invitation_registration_id_registration"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invitation")),
        sa.UniqueConstraint(
            "event_id", "delegate_id", name=op.f("uq_invitation_event_id_delegate_id")
        ),
    )
    with op.batch_alter_table("event_copy", schema=None) as batch_op:
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
        batch_op.add_column(sa.Column("venue", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("online_url", sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column("languages", sa.JSON(), nullable=False, server_default="[]"))
        batch_op.add_column(sa.Column("contact", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("round_table_id", sa.Uuid(), nullable=True))
        batch_op.add_column(
            sa.Column("cancel_reason", sa.String(length=1000), nullable=False, server_default="")
        )


def downgrade() -> None:
    with op.batch_alter_table("event_copy", schema=None) as batch_op:
        batch_op.drop_column("cancel_reason")
        batch_op.drop_column("round_table_id")
        batch_op.drop_column("contact")
        batch_op.drop_column("languages")
        batch_op.drop_column("online_url")
        batch_op.drop_column("venue")
        batch_op.drop_column("requires_email_confirmation")
        batch_op.drop_column("registration_closes_at")
        batch_op.drop_column("registration_opens_at")

    op.drop_table("invitation")
    with op.batch_alter_table("registration", schema=None) as batch_op:
        batch_op.drop_index("ix_registration_event_status")

    op.drop_table("registration")
