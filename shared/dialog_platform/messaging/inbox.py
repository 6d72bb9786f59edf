"""The idempotent-consumer record: a message id is handled once per consumer."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .tables import inbox


def record_once(session: Session, consumer: str, message_id: str, message_type: str) -> bool:
    """Insert the inbox row inside a savepoint; False if this message was handled before.

    Call it before any effect of the handler: on a duplicate nothing else runs. Concurrent
    handling of the same id blocks on the primary key until the first transaction ends.
    """
    try:
        with session.begin_nested():
            session.execute(
                insert(inbox).values(
                    consumer=consumer,
                    message_id=message_id,
                    type=message_type,
                    handled_at=datetime.now(UTC),
                )
            )
    except IntegrityError:
        return False
    return True


def was_handled(session: Session, consumer: str, message_id: str) -> bool:
    return (
        session.execute(
            select(inbox.c.message_id).where(
                inbox.c.consumer == consumer, inbox.c.message_id == message_id
            )
        ).first()
        is not None
    )
