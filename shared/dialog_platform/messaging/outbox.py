"""Writing messages: into the outbox, in the caller's transaction, never straight to the broker.

``add_to_outbox`` checks the message against its contract at once and keeps the row in the
session; the rows a transaction collects are written together, in one multi-row INSERT, at the
session's next flush and at the latest when the transaction (or the savepoint they were added
in) commits. A rolled-back savepoint drops the rows added in it. On PostgreSQL the INSERT also
notifies ``dialog_outbox`` so the relay wakes at once when the transaction commits.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, event, func, insert
from sqlalchemy.orm import Session, SessionTransaction

from ..logging import current_correlation_id
from .contracts import dump_for_publishing
from .envelope import Envelope
from .tables import outbox

NOTIFY_CHANNEL = "dialog_outbox"
#: ``session.info`` key: the rows not yet written, with the transaction each was added in.
_PENDING = "dialog_outbox_pending"


def add_to_outbox(
    session: Session,
    producer: str,
    message_type: str,
    data: dict[str, Any],
    version: int = 1,
    correlation_id: str | None = None,
) -> Envelope:
    """Validate ``data`` against its contract and queue the message in this transaction."""
    message_id = str(uuid.uuid4())
    envelope = Envelope(
        id=message_id,
        type=message_type,
        version=version,
        producer=producer,
        data=dump_for_publishing(message_type, version, data),
        correlation_id=correlation_id or current_correlation_id() or message_id,
    )
    row = {"message_id": message_id, "type": message_type, "body": envelope.to_json()}
    if session.get_transaction() is None:
        session.connection()  # begin it: its end (commit, rollback or close) settles the row
    transaction = session.get_nested_transaction() or session.get_transaction()
    session.info.setdefault(_PENDING, []).append((transaction, row))
    return envelope


def add_many_to_outbox(
    session: Session,
    producer: str,
    message_type: str,
    bodies: Iterable[dict[str, Any]],
    version: int = 1,
    correlation_id: str | None = None,
) -> list[Envelope]:
    """``add_to_outbox`` for each of ``bodies`` (one message of the type each)."""
    return [
        add_to_outbox(session, producer, message_type, data, version, correlation_id)
        for data in bodies
    ]


def write_pending(session: Session) -> None:
    """Write the rows the session collected, in one INSERT (also done at flush and commit)."""
    pending = session.info.pop(_PENDING, None)
    if not pending:
        return
    now = datetime.now(UTC)
    rows = [row | {"created_at": now} for _, row in pending]
    connection = session.connection()
    connection.execute(_INSERTS[connection.dialect.name == "postgresql"], rows)


#: The INSERT, built once, by whether it runs on PostgreSQL. With RETURNING, SQLAlchemy sends
#: the rows as one multi-row INSERT ("insertmanyvalues") from a statement it compiles once,
#: instead of compiling a VALUES list per call. On PostgreSQL its RETURNING also calls
#: ``pg_notify``, instead of a NOTIFY statement of its own: a notification is transactional (the
#: relay hears it only if the transaction commits, not if its savepoint rolls back), and one
#: sent again in the same transaction is delivered once.
_INSERTS = {
    False: insert(outbox).returning(outbox.c.id),
    True: insert(outbox).returning(outbox.c.id, func.pg_notify(NOTIFY_CHANNEL, "")),
}


def take_back_from_outbox(session: Session, envelopes: Iterable[Envelope]) -> None:
    """Take back messages this transaction added (``add_to_outbox``): the ones not yet
    written are dropped from the session, the ones already written are deleted."""
    ids = {envelope.id for envelope in envelopes}
    pending = session.info.get(_PENDING)
    if pending:
        pending[:] = [(added_in, row) for added_in, row in pending if row["message_id"] not in ids]
    session.execute(delete(outbox).where(outbox.c.message_id.in_(ids)))


@event.listens_for(Session, "before_flush")
def _write_at_flush(session: Session, _context, _instances) -> None:
    write_pending(session)


@event.listens_for(Session, "before_commit")
def _write_at_commit(session: Session) -> None:
    """At a savepoint's release and at the commit: write what is left."""
    session.flush()  # as the commit does next; first, so that rows its events add are written
    write_pending(session)


@event.listens_for(Session, "after_transaction_end")
def _forget_unwritten(session: Session, transaction: SessionTransaction) -> None:
    """Drop the rows of a transaction or savepoint that ended without writing them: it was
    rolled back (or the session closed). A committed one wrote its rows before it ended."""
    if transaction.parent is None:
        session.info.pop(_PENDING, None)
        return
    pending = session.info.get(_PENDING)
    if pending:
        pending[:] = [(added_in, row) for added_in, row in pending if added_in is not transaction]
