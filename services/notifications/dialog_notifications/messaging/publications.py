"""One function per message the notifications service publishes; each writes to the outbox."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from dialog_platform.messaging.outbox import add_to_outbox

from ..config import SERVICE
from ..models import Delivery, DeliveryStatus, Recipient


def publish_delivery_outcome(session: Session, delivery: Delivery, now: datetime) -> None:
    """``notifications.delivery.sent`` or ``.failed`` for a delivery that reached its end."""
    sent = delivery.status == DeliveryStatus.SENT
    add_to_outbox(
        session,
        SERVICE,
        "notifications.delivery.sent" if sent else "notifications.delivery.failed",
        {
            "delivery_id": delivery.id,
            "recipient_id": delivery.recipient_id,
            "event_id": delivery.event_id,
            "kind": delivery.kind,
            "channel": delivery.channel,
            "status": "sent" if sent else "failed",
            "attempts": delivery.attempts,
            "error": "" if sent else (delivery.last_error or "")[:1000],  # no address in it
            "occurred_at": now,
        },
    )


def publish_reminders_stopped(session: Session, recipient: Recipient, now: datetime) -> None:
    """``notifications.reminders.stopped``: the person pressed "stop reminders"."""
    add_to_outbox(
        session,
        SERVICE,
        "notifications.reminders.stopped",
        {"recipient_id": recipient.id, "stopped_at": now},
    )
