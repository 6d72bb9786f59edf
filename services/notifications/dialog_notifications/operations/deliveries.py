"""Messages owed to recipients: queued once per dedup key, every step logged, dropped when no
longer owed, and copied to go out again when staff resend one."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..models import Delivery, DeliveryAttempt, DeliveryStatus, Recipient


def dedup_key(recipient_id: uuid.UUID, kind: str, event_id: uuid.UUID, slot: str) -> str:
    return f"{recipient_id}:{kind}:{event_id}:{slot}"


def log_attempt(
    session: Session, delivery: Delivery, outcome: str, answer: str, now: datetime
) -> None:
    session.add(DeliveryAttempt(delivery_id=delivery.id, at=now, outcome=outcome, answer=answer))


#: The attempt that records a hand-off to the SMTP server or SMS provider.
SENT = "sent"


#: One row of the delivery log, for a statement's parameters (see ``log_hand_off``); inline:
#: nobody reads the new row's id, so it is not sent back (no RETURNING).
_LOG_ROW = insert(DeliveryAttempt.__table__).inline()


def log_hand_off(
    connection: Session | Connection, delivery: Delivery, answer: str, now: datetime
) -> None:
    """Record that the provider accepted the delivery (one INSERT, no flush of anything else):
    the scheduler commits it before its next hand-off."""
    row = {"delivery_id": delivery.id, "at": now, "outcome": SENT, "answer": answer}
    connection.execute(_LOG_ROW, row)


def hand_offs_of(session: Session, delivery_ids: list[uuid.UUID]) -> dict[uuid.UUID, datetime]:
    """When each of these deliveries was handed to its provider, for those that were (a
    pending one among them: its scheduler crashed before it recorded the outcome)."""
    rows = session.execute(
        select(DeliveryAttempt.delivery_id, DeliveryAttempt.at).where(
            DeliveryAttempt.delivery_id.in_(delivery_ids), DeliveryAttempt.outcome == SENT
        )
    )
    return {delivery_id: at for delivery_id, at in rows}


def enqueue(
    session: Session,
    recipient: Recipient,
    kind: str,
    event_id: uuid.UUID,
    slot: str,
    now: datetime,
    context: dict[str, Any] | None = None,
    channel: str | None = None,
    due_at: datetime | None = None,
    key: str | None = None,
    held: dict[str, Delivery] | None = None,
) -> Delivery | None:
    """Queue one message; None if its dedup key was queued before (nothing is sent twice).

    ``held``: the recipient's deliveries by dedup key, read beforehand for a batch of messages:
    the key is looked up there, the new delivery added to it and left for the batch to flush.
    One queued meanwhile by another consumer fails that flush instead: the consumer handles
    the batch again message by message, and a message that still clashes is retried, to find
    the other's delivery then."""
    channel = channel or ("email" if recipient.email else "sms" if recipient.phone else None)
    if channel is None:
        return None
    key = key or dedup_key(recipient.id, kind, event_id, slot)
    if held is None:
        queued = session.scalar(select(Delivery.id).where(Delivery.dedup_key == key))
    else:
        queued = held.get(key)
    if queued is not None:
        return None
    delivery = Delivery(
        id=uuid.uuid4(),
        dedup_key=key,
        recipient_id=recipient.id,
        event_id=event_id,
        kind=kind,
        channel=channel,
        slot=slot,
        status=DeliveryStatus.QUEUED,
        due_at=due_at or now,
        attempts=0,
        context=context or {},
        created_at=now,
    )
    if held is not None:
        session.add(delivery)
        held[key] = delivery
    else:
        try:
            with session.begin_nested():
                session.add(delivery)
                session.flush()
        except IntegrityError:  # queued concurrently by another consumer
            return None
    log_attempt(session, delivery, "queued", f"due {delivery.due_at.isoformat()}", now)
    return delivery


def drop(session: Session, delivery: Delivery, reason: str, now: datetime) -> None:
    delivery.status = DeliveryStatus.DROPPED
    log_attempt(session, delivery, "dropped", reason, now)


def resend(session: Session, delivery_id: uuid.UUID, now: datetime) -> Delivery | None:
    """Queue a copy of a delivery to go out now (staff's "resend"), under a new key."""
    original = session.get(Delivery, delivery_id)
    if original is None:
        return None
    return enqueue(
        session,
        session.get(Recipient, original.recipient_id),
        original.kind,
        original.event_id,
        original.slot,
        now,
        context=dict(original.context),
        channel=original.channel,
        key=f"{original.dedup_key}:resend:{uuid.uuid4().hex[:12]}",
    )
