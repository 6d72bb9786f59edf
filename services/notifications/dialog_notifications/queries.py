"""Read-only questions: the recipients of an event and their reminders, the recipient behind a
stop link, and the delivery log staff read."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import REMINDER, Delivery, DeliveryAttempt, DeliveryStatus, Recipient


def recipients_of(
    session: Session, event_id: uuid.UUID, statuses: Sequence[str]
) -> Sequence[Recipient]:
    """The event's recipients whose registration is in one of ``statuses``."""
    return session.scalars(
        select(Recipient).where(Recipient.event_id == event_id, Recipient.status.in_(statuses))
    ).all()


def reminders_of(
    session: Session, recipient_id: uuid.UUID, event_id: uuid.UUID
) -> Sequence[Delivery]:
    """The reminders of one recipient of one event, in every status."""
    return session.scalars(
        select(Delivery).where(
            Delivery.recipient_id == recipient_id,
            Delivery.event_id == event_id,
            Delivery.kind == REMINDER,
        )
    ).all()


def recipient_by_stop_token(session: Session, token: str) -> Recipient | None:
    """The recipient whose emails carry this stop-reminders link; None for an unknown one."""
    return session.scalar(select(Recipient).where(Recipient.stop_token == token))


def delivery_log(
    session: Session,
    event_id: uuid.UUID | None = None,
    recipient_id: uuid.UUID | None = None,
    status: str | None = None,
) -> list[dict]:
    """Deliveries of an event, a recipient and/or in a status, newest first, with attempts."""
    query = select(Delivery).order_by(Delivery.created_at.desc(), Delivery.id)
    if event_id is not None:
        query = query.where(Delivery.event_id == event_id)
    if recipient_id is not None:
        query = query.where(Delivery.recipient_id == recipient_id)
    if status is not None:
        query = query.where(Delivery.status == DeliveryStatus(status))
    deliveries = session.scalars(query.limit(1000)).all()
    attempts: dict[uuid.UUID, list[DeliveryAttempt]] = {d.id: [] for d in deliveries}
    if deliveries:
        rows = session.scalars(
            select(DeliveryAttempt)
            .where(DeliveryAttempt.delivery_id.in_(list(attempts)))
            .order_by(DeliveryAttempt.id)
        )
        for attempt in rows:
            attempts[attempt.delivery_id].append(attempt)
    return [{"delivery": d, "attempts": attempts[d.id]} for d in deliveries]
