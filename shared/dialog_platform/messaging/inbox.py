"""The idempotent-consumer record: a message id is handled once per consumer.

Inserts use ``ON CONFLICT DO NOTHING`` (PostgreSQL and SQLite): a duplicate is reported by the
row count instead of an error, so no savepoint is needed around the insert. Concurrent handling
of the same id waits on the primary key until the first transaction ends, then sees the row.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from .tables import inbox


def _insert_unless_present(session: Session):
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return insert(inbox).on_conflict_do_nothing()


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
    now = datetime.now(UTC)
    rows = [
        {"consumer": consumer, "message_id": message_id, "type": message_type, "handled_at": now}
        for message_id, message_type in messages
    ]
    if not rows:
        return set()
    statement = _insert_unless_present(session).returning(inbox.c.message_id)
    return set(session.scalars(statement, rows))
