"""full event copy, registrations, invitations

Existing copies get the defaults of the contract (email confirmation required, no
languages, no cancel reason) until the next message about their event.
"""

from alembic import op

from dialog_platform.migrations import (
    Index,
    Table,
    add_columns,
    create_tables,
    drop_columns,
    drop_tables,
)

#: This revision and the one it follows (Alembic's chain).
revision, down_revision = "0002", "0001"

TABLES = (
    Table(
        "registration",
        """
        id                    uuid
        event_id              uuid           references event_copy
        version               integer
        status                varchar(20)
        waitlist_seq          integer?
        name                  varchar(200)
        email                 varchar(254)
        email_key             varchar(254)
        phone                 varchar(20)?
        organisation          varchar(200)
        language              varchar(8)
        needs                 varchar(1000)
        consent_text_version  varchar(40)
        consent_given_at      timestamp
        sms_consent           boolean
        sms_consent_at        timestamp?
        source                varchar(20)
        created_at            timestamp
        hold_until            timestamp?
        email_confirmed_at    timestamp?
        seated_at             timestamp?
        cancelled_at          timestamp?
        cancelled_by          varchar(20)?
        cancel_reason         varchar(1000)
        checked_in_at         timestamp?
        """,
        unique=("event_id email_key",),
        indexes=(Index("event_id status", name="ix_registration_event_status"),),
    ),
    Table(
        "invitation",
        """
        id                 uuid
        event_id           uuid           references event_copy
        round_table_id     uuid
        round_table_name   varchar(200)
        delegate_id        uuid
        name               varchar(200)
        email              varchar(254)?
        phone              varchar(20)?
        language           varchar(8)
        organisation_name  varchar(200)
        status             varchar(20)
        sent_at            timestamp
        answered_at        timestamp?
        registration_id    uuid?          references registration
        """,
        unique=("event_id delegate_id",),
    ),
)
#: The rest of an event's copy.
EVENT_COPY_DETAILS = """
    registration_opens_at        timestamp?
    registration_closes_at       timestamp?
    requires_email_confirmation  boolean        default true
    venue                        json?
    online_url                   varchar(500)?
    languages                    json           default '[]'
    contact                      json?
    round_table_id               uuid?
    cancel_reason                varchar(1000)  default ''
"""


def upgrade() -> None:
    create_tables(*TABLES)
    with op.batch_alter_table("event_copy") as batch_op:
        add_columns(batch_op, EVENT_COPY_DETAILS)


def downgrade() -> None:
    with op.batch_alter_table("event_copy") as batch_op:
        drop_columns(batch_op, EVENT_COPY_DETAILS)
    drop_tables(*TABLES)
