"""One function per message the notifications service publishes; each writes to the outbox."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from dialog_platform.messaging.outbox import add_many_to_outbox, add_to_outbox

from ..config import SERVICE
from ..models import Delivery, DeliveryStatus, Recipient


def publish_delivery_outcomes(session: Session, deliveries: list[Delivery], now: datetime) -> None:
    """``notifications.delivery.sent`` or ``.failed`` for each delivery that reached its end;
    a batch's in one INSERT per type."""
    for sent in (True, False):
        add_many_to_outbox(
            session,
            SERVICE,
            "notifications.delivery.sent" if sent else "notifications.delivery.failed",
            [
                _outcome(delivery, sent, now)
                for delivery in deliveries
                if (delivery.status == DeliveryStatus.SENT) == sent
            ],
        )


def _outcome(delivery: Delivery, sent: bool, now: datetime) -> dict:
    return {
        "delivery_id": delivery.id,
        "recipient_id": delivery.recipient_id,
        "event_id": delivery.event_id,
        "kind": delivery.kind,
        "channel": delivery.channel,
        "status": "sent" if sent else "failed",
        "attempts": delivery.attempts,
        "error": "" if sent else (delivery.last_error or "")[:1000],  # no address in it
        "occurred_at": now,
    }


def publish_reminders_stopped(session: Session, recipient: Recipient, now: datetime) -> None:
    """``notifications.reminders.stopped``: the person pressed "stop reminders"."""
    add_to_outbox(
        session,
        SERVICE,
        "notifications.reminders.stopped",
        {"recipient_id": recipient.id, "stopped_at": now},
    )


def publish_announcements_stopped(session: Session, recipient: Recipient, now: datetime) -> None:
    """``notifications.announcements.stopped``: a contact person unsubscribed from announcements."""
    add_to_outbox(
        session,
        SERVICE,
        "notifications.announcements.stopped",
        {"contact_person_id": recipient.contact_person_id, "stopped_at": now},
    )
