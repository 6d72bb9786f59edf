"""The idempotent-consumer record: a message id is handled once per consumer.

Inserts use ``ON CONFLICT DO NOTHING`` (PostgreSQL and SQLite): a duplicate is reported by the
row count instead of an error, so no savepoint is needed around the insert. Concurrent handling
of the same id waits on the primary key until the first transaction ends, then sees the row.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy import String, bindparam, func, select
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Session

from ..db import conflict_insert
from .tables import inbox


def _insert_unless_present(session: Session):
    return conflict_insert(session.get_bind().dialect.name, inbox).on_conflict_do_nothing()


def record_once(session: Session, consumer: str, message_id: str, message_type: str) -> bool:
    """Record the message before any effect of its handler; False if it was handled before."""
    recorded = session.scalar(
        _insert_unless_present(session)
        .values(
            consumer=consumer,
            message_id=message_id,
            type=message_type,
            handled_at=datetime.now(UTC),
        )
        .returning(inbox.c.message_id)
    )
    return recorded is not None  # (the row count is not reliable through the ORM session)


def record_many(session: Session, consumer: str, messages: Iterable[tuple[str, str]]) -> set[str]:
    """Record a batch of (message id, type) in one statement; return the ids not seen before."""
    messages = list(messages)
    if not messages:
        return set()
    now = datetime.now(UTC)
    if session.get_bind().dialect.name == "postgresql":
        ids, types = (list(column) for column in zip(*messages, strict=True))
        parameters = {"consumer": consumer, "ids": ids, "types": types, "handled_at": now}
        return set(session.scalars(_RECORD_UNNESTED, parameters).all())
    rows = [
        {"consumer": consumer, "message_id": message_id, "type": message_type, "handled_at": now}
        for message_id, message_type in messages
    ]
    statement = _insert_unless_present(session).returning(inbox.c.message_id)
    return set(session.scalars(statement, rows))


def _unnested_insert():
    """PostgreSQL: the batch's ids and types as two arrays, unnested into rows. One statement
    of four parameters whatever the batch's size; a VALUES list costs the client per row."""
    array = postgresql.ARRAY(String)
    batch = (
        func.unnest(bindparam("ids", type_=array), bindparam("types", type_=array))
        .table_valued("message_id", "type")
        .render_derived()
    )
    rows = select(
        bindparam("consumer", type_=inbox.c.consumer.type),
        batch.c.message_id,
        batch.c.type,
        bindparam("handled_at", type_=inbox.c.handled_at.type),
    )
    columns = ["consumer", "message_id", "type", "handled_at"]
    return (
        postgresql.insert(inbox)
        .from_select(columns, rows)
        .on_conflict_do_nothing()
        .returning(inbox.c.message_id)
    )


_RECORD_UNNESTED = _unnested_insert()
