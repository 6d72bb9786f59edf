"""The outbox and inbox tables, the same in every service's database (each service's Alembic
environment includes this metadata beside its own)."""

from sqlalchemy import (
    BigInteger,
    Column,
    Index,
    Integer,
    String,
    Table,
    Text,
)

from ..db import UtcDateTime, make_metadata

messaging_metadata = make_metadata()

#: Messages written in the same transaction as the change they describe; the relay publishes
#: rows whose ``sent_at`` is empty, oldest first, and then stamps them.
outbox = Table(
    "outbox",
    messaging_metadata,
    Column(
        "id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    ),
    Column("message_id", String(36), nullable=False, unique=True),
    Column("type", String(200), nullable=False),
    Column("body", Text, nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("sent_at", UtcDateTime(), nullable=True),
)
Index(
    "ix_outbox_unsent",
    outbox.c.id,
    postgresql_where=outbox.c.sent_at.is_(None),
    sqlite_where=outbox.c.sent_at.is_(None),
)

#: One row per message a consumer has handled; the primary key makes a redelivery fail
#: before any of its effects (written in the handler's transaction).
inbox = Table(
    "inbox",
    messaging_metadata,
    Column("consumer", String(100), primary_key=True),
    Column("message_id", String(36), primary_key=True),
    Column("type", String(200), nullable=False),
    Column("handled_at", UtcDateTime(), nullable=False),
)
