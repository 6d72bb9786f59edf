"""Use cases run by the message handlers and the staff API: keep recipients and events, queue
messages once per dedup key, schedule, move and drop reminders. They flush, never commit."""

from __future__ import annotations

import secrets
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .domain.reminders import PlannedReminder, plan_from, reminder_time
from .models import PENDING, Delivery, DeliveryAttempt, DeliveryStatus, EventCopy, Recipient

REMINDER = "reminder"


def place_of(venue: dict | None, online_url: str | None = None) -> str:
    if venue:
        return ", ".join(p for p in (venue.get("name"), venue.get("address")) if p)
    return online_url or ""


def keep_event(session: Session, event_id: uuid.UUID, version: int, **fields: Any) -> EventCopy:
    """Take an event's state unless the copy already reflects this or a newer version."""
    event = session.get(EventCopy, event_id)
    if event is None:
        event = EventCopy(id=event_id, version=0, status="published", reminder_plan=None)
        session.add(event)
    if version > event.version or (version == event.version and "reminder_plan" in fields):
        event.version = version
        for name, value in fields.items():
            setattr(event, name, value)
    session.flush()
    return event


def keep_recipient(
    session: Session, recipient_id: uuid.UUID, version: int, **fields: Any
) -> Recipient | None:
    """Take a recipient's newest state; None when this message is not newer than what we hold
    (a replay or an old message arriving late: it must not send anything again)."""
    recipient = session.get(Recipient, recipient_id)
    if recipient is not None and recipient.version >= version:
        return None
    if recipient is None:
        recipient = Recipient(
            id=recipient_id, stop_token=secrets.token_urlsafe(24), reminders_stopped=False
        )
        session.add(recipient)
    recipient.version = version
    for name, value in fields.items():
        setattr(recipient, name, value)
    session.flush()
    return recipient


def dedup_key(recipient_id, kind: str, event_id, slot: str) -> str:
    return f"{recipient_id}:{kind}:{event_id}:{slot}"


def log_attempt(session: Session, delivery: Delivery, outcome: str, answer: str, now) -> None:
    session.add(DeliveryAttempt(delivery_id=delivery.id, at=now, outcome=outcome, answer=answer))


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
) -> Delivery | None:
    """Queue one message; None if its dedup key was queued before (nothing is sent twice)."""
    channel = channel or ("email" if recipient.email else "sms" if recipient.phone else None)
    if channel is None:
        return None
    key = key or dedup_key(recipient.id, kind, event_id, slot)
    if session.scalar(select(Delivery.id).where(Delivery.dedup_key == key)) is not None:
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
    try:
        with session.begin_nested():
            session.add(delivery)
            session.flush()
    except IntegrityError:  # queued concurrently by another consumer
        return None
    log_attempt(session, delivery, "queued", f"due {delivery.due_at.isoformat()}", now)
    return delivery


def _reminder_of(delivery: Delivery) -> PlannedReminder:
    channel, minutes = delivery.slot.rsplit("-", 1)
    return PlannedReminder(channel, int(minutes.rstrip("m")))


def _wants(recipient: Recipient, channel: str) -> bool:
    if recipient.reminders_stopped or recipient.status != "confirmed":
        return False
    if channel == "sms":
        return bool(recipient.phone and recipient.sms_consent)
    return bool(recipient.email)


def schedule_reminders(
    session: Session, recipient: Recipient, event: EventCopy, now: datetime
) -> None:
    """Make the recipient's reminders match the event's plan and time: new ones are stored,
    pending ones move, those that can no longer go before the start are dropped."""
    for planned in plan_from(event.reminder_plan):
        due = reminder_time(planned, event.starts_at)
        key = dedup_key(recipient.id, REMINDER, event.id, planned.slot)
        existing = session.scalar(select(Delivery).where(Delivery.dedup_key == key))
        if existing is not None:
            if existing.status in PENDING and existing.due_at != due:
                if due is None or due <= now:
                    drop(session, existing, "the reminder can no longer go before the start", now)
                else:
                    existing.due_at = due
                    log_attempt(session, existing, "queued", f"moved to {due.isoformat()}", now)
            continue
        if due is None or due <= now or not _wants(recipient, planned.channel):
            continue
        enqueue(
            session, recipient, REMINDER, event.id, planned.slot, now,
            channel=planned.channel, due_at=due, key=key,
        )  # fmt: skip


def drop(session: Session, delivery: Delivery, reason: str, now: datetime) -> None:
    delivery.status = DeliveryStatus.DROPPED
    log_attempt(session, delivery, "dropped", reason, now)


def drop_reminders(session: Session, reason: str, now: datetime, **where: uuid.UUID) -> int:
    """Drop the pending reminders of a recipient (``recipient_id=``) or an event (``event_id=``)."""
    query = select(Delivery).where(Delivery.kind == REMINDER, Delivery.status.in_(PENDING))
    for column, value in where.items():
        query = query.where(getattr(Delivery, column) == value)
    rows = session.scalars(query).all()
    for delivery in rows:
        drop(session, delivery, reason, now)
    session.flush()
    return len(rows)


def recipients_of(session: Session, event_id: uuid.UUID, statuses: tuple[str, ...]):
    return session.scalars(
        select(Recipient).where(Recipient.event_id == event_id, Recipient.status.in_(statuses))
    ).all()


def stop_reminders(session: Session, token: str, now: datetime) -> Recipient | None:
    recipient = session.scalar(select(Recipient).where(Recipient.stop_token == token))
    if recipient is None:
        return None
    recipient.reminders_stopped = True
    drop_reminders(
        session, "the person asked for no more reminders", now, recipient_id=recipient.id
    )
    return recipient


def resend(session: Session, delivery_id: uuid.UUID, now: datetime) -> Delivery | None:
    """Queue a copy of a delivery to go out now (staff's "resend"), under a new key."""
    original = session.get(Delivery, delivery_id)
    if original is None:
        return None
    recipient = session.get(Recipient, original.recipient_id)
    copy = enqueue(
        session, recipient, original.kind, original.event_id, original.slot, now,
        context=dict(original.context), channel=original.channel,
        key=f"{original.dedup_key}:resend:{uuid.uuid4().hex[:12]}",
    )  # fmt: skip
    return copy
