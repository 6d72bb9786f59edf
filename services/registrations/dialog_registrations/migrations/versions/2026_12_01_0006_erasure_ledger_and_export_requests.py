"""erasure ledger and export requests

Revision ID: 0006
Revises: 0005
The erasure requests (by keyed hashes only) with each service's confirmation, and the export
requests with each service's answer (encrypted, kept for a day).

Create Date: 2026-12-01 14:00:00
"""

from dialog_platform.migrations import Table, create_tables, drop_tables

#: This revision and the one it follows (Alembic's chain).
revision, down_revision = "0006", "0005"


def _requests(kind: str, indexes: tuple[str, ...] = ()) -> Table:
    """Erasure and export requests: a person by the keyed hashes of their addresses."""
    listing = """
        id            uuid
        email_hashes  json
        phone_hashes  json
        requested_at  timestamp
        requested_by  varchar(200)
        completed_at  timestamp?
    """
    return Table(f"{kind}_request", listing, indexes=indexes)


#: Each request, and what the services answered to it.
TABLES = (
    _requests("erasure"),
    _requests("export", indexes=("requested_at",)),
    Table(
        "erasure_confirmation",
        """
        request_id    uuid         references erasure_request
        service       varchar(40)
        confirmed_at  timestamp
        erased        json
        """,
        primary_key="request_id service",
    ),
    Table(
        "export_part",
        """
        request_id   uuid         references export_request on delete cascade
        service      varchar(40)
        received_at  timestamp
        records      encrypted
        """,
        primary_key="request_id service",
    ),
)


def upgrade() -> None:
    create_tables(*TABLES)


def downgrade() -> None:
    drop_tables(*TABLES)
