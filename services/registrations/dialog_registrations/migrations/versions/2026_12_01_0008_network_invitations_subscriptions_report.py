"""network: invitations followed by staff, round-table copies, subscriptions, report marks

Invitations get their source (round table or staff), when they were resent and when and why
they were cancelled; event copies keep their access and series; round tables are copied by
version; subscriptions (double opt-in) with their consents and announcements; the yearly
report's participant marks and the salt of each year.
"""

import sqlalchemy as sa
from alembic import op

#: This revision and the one it follows (Alembic's chain).
revision, down_revision = "0008_network", "0007_seat_counter"

UUID, STAMP = sa.Uuid(), sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("invitation") as batch_op:
        batch_op.add_column(
            sa.Column(
                "source", sa.String(20), nullable=False, server_default=sa.text("'round_table'")
            )
        )
        batch_op.add_column(sa.Column("resent_at", STAMP, nullable=True))
        batch_op.add_column(sa.Column("cancelled_at", STAMP, nullable=True))
        batch_op.add_column(sa.Column("cancel_reason", sa.String(20), nullable=True))
    # Added in place (not rebuilt): on SQLite registrations and invitations refer to it.
    op.add_column(
        "event_copy",
        sa.Column("access", sa.String(20), nullable=False, server_default=sa.text("'public'")),
    )
    op.add_column("event_copy", sa.Column("series", sa.String(100), nullable=True))
    op.create_index(op.f("ix_event_copy_series"), "event_copy", ["series"])
    op.create_table(
        "round_table_copy",
        sa.Column("id", UUID, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_round_table_copy")),
    )
    op.create_table(
        "subscription",
        sa.Column("id", UUID, nullable=False),
        sa.Column("topic_kind", sa.String(20), nullable=False),
        sa.Column("topic_key", sa.String(100), nullable=False),
        sa.Column("topic_title", sa.String(200), nullable=False),
        sa.Column("name", sa.Text(), nullable=True),
        sa.Column("email", sa.Text(), nullable=True),
        sa.Column("email_hash", sa.String(64), nullable=True),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", STAMP, nullable=False),
        sa.Column("confirmed_at", STAMP, nullable=True),
        sa.Column("ended_at", STAMP, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_subscription")),
    )
    op.create_index(op.f("ix_subscription_email_hash"), "subscription", ["email_hash"])
    op.create_index(op.f("ix_subscription_created_at"), "subscription", ["created_at"])
    op.create_index("ix_subscription_topic", "subscription", ["topic_kind", "topic_key", "status"])
    op.create_table(
        "subscription_announcement",
        sa.Column("subscription_id", UUID, nullable=False),
        sa.Column("event_id", UUID, nullable=False),
        sa.Column("announced_at", STAMP, nullable=False),
        sa.ForeignKeyConstraint(
            ["subscription_id"],
            ["subscription.id"],
            name=op.f("fk_subscription_announcement_subscription_id_subscription"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "subscription_id", "event_id", name=op.f("pk_subscription_announcement")
        ),
    )
    with op.batch_alter_table("consent") as batch_op:
        batch_op.alter_column("registration_id", existing_type=UUID, nullable=True)
        batch_op.add_column(sa.Column("subscription_id", UUID, nullable=True))
        batch_op.create_index(batch_op.f("ix_consent_subscription_id"), ["subscription_id"])
        batch_op.create_foreign_key(
            batch_op.f("fk_consent_subscription_id_subscription"),
            "subscription",
            ["subscription_id"],
            ["id"],
            ondelete="CASCADE",
        )
    op.create_table(
        "participant_mark",
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("mark", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("year", "mark", name=op.f("pk_participant_mark")),
    )
    op.create_table(
        "report_salt",
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("salt", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("year", name=op.f("pk_report_salt")),
    )


def downgrade() -> None:
    op.drop_table("report_salt")
    op.drop_table("participant_mark")
    op.execute("DELETE FROM consent WHERE registration_id IS NULL")
    with op.batch_alter_table("consent") as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_consent_subscription_id_subscription"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_consent_subscription_id"))
        batch_op.drop_column("subscription_id")
        batch_op.alter_column("registration_id", existing_type=UUID, nullable=False)
    op.drop_table("subscription_announcement")
    op.drop_table("subscription")
    op.drop_table("round_table_copy")
    op.drop_index(op.f("ix_event_copy_series"), table_name="event_copy")
    op.drop_column("event_copy", "series")  # in place, as added (SQLite 3.35 and later)
    op.drop_column("event_copy", "access")
    with op.batch_alter_table("invitation") as batch_op:
        for name in ("cancel_reason", "cancelled_at", "resent_at", "source"):
            batch_op.drop_column(name)
