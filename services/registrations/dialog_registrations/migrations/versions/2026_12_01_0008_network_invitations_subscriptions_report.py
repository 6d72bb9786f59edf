"""network: invitations followed by staff, round-table copies, subscriptions, report marks

Invitations get their source (round table or staff), when they were resent and when and why
they were cancelled; event copies keep their access and series; round tables are copied by
version; subscriptions (double opt-in) with their consents and announcements; the yearly
report's participant marks and the salt of each year.
"""

import sqlalchemy as sa
from alembic import op

from dialog_platform.migrations import Index, Table, create_tables, drop_tables

#: This revision and the one it follows (Alembic's chain).
revision, down_revision = "0008_network", "0007_seat_counter"

UUID, STAMP = sa.Uuid(), sa.DateTime(timezone=True)
#: Round tables copied by version, and subscriptions (double opt-in) with their announcements.
NETWORK = (
    Table(
        "round_table_copy",
        """
        id       uuid
        version  integer
        name     varchar(200)
        """,
    ),
    Table(
        "subscription",
        """
        id            uuid
        topic_kind    varchar(20)
        topic_key     varchar(100)
        topic_title   varchar(200)
        name          encrypted?
        email         encrypted?
        email_hash    hash?
        language      varchar(8)
        status        varchar(20)
        version       integer
        created_at    timestamp
        confirmed_at  timestamp?
        ended_at      timestamp?
        """,
        indexes=(
            "email_hash",
            "created_at",
            Index("topic_kind topic_key status", name="ix_subscription_topic"),
        ),
    ),
    Table(
        "subscription_announcement",
        """
        subscription_id  uuid       references subscription on delete cascade
        event_id         uuid
        announced_at     timestamp
        """,
        primary_key="subscription_id event_id",
    ),
)
#: The yearly report's participant marks and the salt of each year.
REPORT = (
    Table(
        "participant_mark",
        """
        year  integer
        mark  varchar(64)
        """,
        primary_key="year mark",
    ),
    Table(
        "report_salt",
        """
        year  integer  # SERIAL on PostgreSQL, as it first was (the year is always given)
        salt  encrypted
        """,
        primary_key="year",
    ),
)


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
    create_tables(*NETWORK)
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
    create_tables(*REPORT)


def downgrade() -> None:
    drop_tables(*REPORT)
    op.execute("DELETE FROM consent WHERE registration_id IS NULL")
    with op.batch_alter_table("consent") as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_consent_subscription_id_subscription"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_consent_subscription_id"))
        batch_op.drop_column("subscription_id")
        batch_op.alter_column("registration_id", existing_type=UUID, nullable=False)
    drop_tables(*NETWORK)
    op.drop_index(op.f("ix_event_copy_series"), table_name="event_copy")
    op.drop_column("event_copy", "series")  # in place, as added (SQLite 3.35 and later)
    op.drop_column("event_copy", "access")
    with op.batch_alter_table("invitation") as batch_op:
        for name in ("cancel_reason", "cancelled_at", "resent_at", "source"):
            batch_op.drop_column(name)
