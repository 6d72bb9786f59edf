"""Read-only questions: the recipients of an event and their reminders and pending messages,
the recipient behind a stop link, a person's recipients (by keyed hashes), and the delivery log
staff read."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from dialog_platform.privacy import PersonKeys

from .models import PENDING, REMINDER, Delivery, DeliveryAttempt, DeliveryStatus, Recipient


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


def pending_of(
    session: Session, recipient_id: uuid.UUID, channel: str | None = None
) -> Sequence[Delivery]:
    """The recipient's deliveries still to go (on ``channel``, if given)."""
    query = select(Delivery).where(
        Delivery.recipient_id == recipient_id, Delivery.status.in_(PENDING)
    )
    if channel is not None:
        query = query.where(Delivery.channel == channel)
    return session.scalars(query).all()


def recipient_by_stop_token(session: Session, token: str) -> Recipient | None:
    """The recipient whose emails carry this stop-reminders link; None for an unknown one."""
    return session.scalar(select(Recipient).where(Recipient.stop_token == token))


def recipients_of_person(session: Session, person: PersonKeys) -> Sequence[Recipient]:
    """Every recipient with the person's address or number (found by their keyed hashes)."""
    found = []
    if person.email_hashes:
        found.append(Recipient.email_hash.in_(person.email_hashes))
    if person.phone_hashes:
        found.append(Recipient.phone_hash.in_(person.phone_hashes))
    if not found:
        return []
    return session.scalars(select(Recipient).where(or_(*found)).order_by(Recipient.id)).all()


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
