"""cases, parties, mediators, notes timeline, sessions, audit trail, organisations copy

The notes timeline and the audit trail are append-only: triggers refuse UPDATE and DELETE on
them in the database itself, on PostgreSQL and on SQLite.
"""

from alembic import op

from dialog_platform.migrations import Table, create_tables, drop_tables

#: Tables whose rows may be added but never changed or removed.
APPEND_ONLY = ("audit_entry", "timeline_entry")


def _refuse_changes() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            """
            CREATE FUNCTION refuse_append_only_change() RETURNS trigger AS $$
            BEGIN
                RAISE EXCEPTION '% is append-only: its rows cannot be changed or deleted',
                    TG_TABLE_NAME;
            END;
            $$ LANGUAGE plpgsql
            """
        )
        for table in APPEND_ONLY:
            op.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION refuse_append_only_change()"
            )
        return
    for table in APPEND_ONLY:
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
            )


def _allow_changes() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in APPEND_ONLY:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
        op.execute("DROP FUNCTION IF EXISTS refuse_append_only_change()")
        return
    for table in APPEND_ONLY:
        for verb in ("update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_{verb}")


#: This revision and the one it follows (Alembic's chain).
revision, down_revision = "0002", "0001"


TABLES = (
    Table(
        "audit_entry",
        """
        id             serial
        at             timestamp
        actor_subject  varchar(200)
        actor_name     varchar(200)
        action         varchar(40)
        case_id        uuid?
        target_id      varchar(36)?
        detail         varchar(200)
        """,
        indexes=("at", "case_id"),
    ),
    Table(
        "case_counter",
        """
        year  integer  no-autoincrement
        last  integer
        """,
        primary_key="year",
    ),
    Table(
        "mediation_case",
        """
        id                 uuid
        reference          varchar(40)
        title              varchar(200)
        category           varchar(60)
        description        text
        priority           varchar(10)
        requester_name     varchar(200)
        requester_channel  varchar(20)
        status             varchar(30)   # new, in_progress, on_hold, resolved, closed
        outcome            varchar(30)?  # agreement_reached, partial_agreement, no_agreement,
                                         # referred_elsewhere
        opened_on          date
        resolved_on        date?
        closed_on          date?
        created_at         timestamp
        version            integer
        """,
        unique=("reference",),
        indexes=("category", "opened_on"),
    ),
    Table(
        "organisation_copy",
        """
        id       uuid
        version  integer
        name     varchar(200)
        kind     varchar(40)
        city     varchar(200)
        """,
    ),
    Table(
        "case_mediator",
        """
        case_id  uuid          references mediation_case on delete cascade
        subject  varchar(200)
        name     varchar(200)
        """,
        primary_key="case_id subject",
        indexes=("subject",),
    ),
    Table(
        "mediation_session",
        """
        id         uuid
        case_id    uuid          references mediation_case
        starts_at  timestamp
        ends_at    timestamp
        place      varchar(500)
        status     varchar(20)
        version    integer
        """,
        indexes=("case_id",),
    ),
    Table(
        "party",
        """
        id               uuid
        case_id          uuid           references mediation_case
        kind             varchar(20)
        organisation_id  uuid?          references organisation_copy
        name             varchar(200)
        role             varchar(200)
        email            varchar(254)?
        phone            varchar(20)?
        language         varchar(8)
        created_at       timestamp
        """,
        indexes=("case_id",),
    ),
    Table(
        "timeline_entry",
        """
        id              uuid
        case_id         uuid          references mediation_case
        kind            varchar(20)
        body            text
        corrects_id     uuid?         references timeline_entry
        author_subject  varchar(200)
        author_name     varchar(200)
        created_at      timestamp
        """,
        indexes=("case_id", "created_at"),
    ),
    Table(
        "session_party",
        """
        session_id  uuid  references mediation_session on delete cascade
        party_id    uuid  references party
        """,
        primary_key="session_id party_id",
    ),
)


def upgrade() -> None:
    create_tables(*TABLES)
    _refuse_changes()


def downgrade() -> None:
    _allow_changes()
    drop_tables(*TABLES)
