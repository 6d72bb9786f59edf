"""Writing messages: into the outbox, in the caller's transaction, never straight to the broker.

On PostgreSQL the commit also sends ``NOTIFY dialog_outbox`` so the relay wakes at once.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import event, insert, text
from sqlalchemy.orm import Session

from ..logging import current_correlation_id
from .contracts import dump_for_publishing
from .envelope import Envelope
from .tables import outbox

NOTIFY_CHANNEL = "dialog_outbox"


def add_to_outbox(
    session: Session,
    producer: str,
    message_type: str,
    data: dict[str, Any],
    version: int = 1,
    correlation_id: str | None = None,
) -> Envelope:
    """Validate ``data`` against its contract and queue the message in this transaction."""
    [envelope] = add_many_to_outbox(
        session, producer, message_type, [data], version, correlation_id
    )
    return envelope


def add_many_to_outbox(
    session: Session,
    producer: str,
    message_type: str,
    bodies: Iterable[dict[str, Any]],
    version: int = 1,
    correlation_id: str | None = None,
) -> list[Envelope]:
    """Validate each of ``bodies`` against the contract and queue one message of the type for
    each, in this transaction and in one INSERT (a batch's messages: one round trip)."""
    correlation_id = correlation_id or current_correlation_id()
    envelopes = []
    for data in bodies:
        message_id = str(uuid.uuid4())
        envelopes.append(
            Envelope(
                id=message_id,
                type=message_type,
                version=version,
                producer=producer,
                data=dump_for_publishing(message_type, version, data),
                correlation_id=correlation_id or message_id,
            )
        )
    if not envelopes:
        return envelopes
    now = datetime.now(UTC)
    rows = [
        {"message_id": e.id, "type": e.type, "body": e.to_json(), "created_at": now}
        for e in envelopes
    ]
    # With RETURNING, SQLAlchemy sends the rows as one multi-row INSERT ("insertmanyvalues")
    # from a statement it compiles once, instead of compiling a VALUES list per call.
    session.execute(insert(outbox).returning(outbox.c.id), rows)
    session.info["dialog_outbox_written"] = True
    return envelopes


@event.listens_for(Session, "before_commit")
def _notify_relay(session: Session) -> None:
    if not session.info.pop("dialog_outbox_written", False):
        return
    if session.get_bind().dialect.name == "postgresql":
        # NOTIFY is transactional: the relay hears it only if this commit succeeds.
        session.execute(text(f"NOTIFY {NOTIFY_CHANNEL}"))


@event.listens_for(Session, "after_rollback")
def _forget_outbox_flag(session: Session) -> None:
    session.info.pop("dialog_outbox_written", None)
