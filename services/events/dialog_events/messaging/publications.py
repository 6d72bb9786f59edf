"""One function per message the events service publishes; each writes to the outbox."""

from __future__ import annotations

from sqlalchemy.orm import Session

from dialog_platform.messaging.outbox import add_to_outbox

from ..config import SERVICE
from ..models import Event


def snapshot(event: Event) -> dict:
    return {
        "event_id": event.id,
        "version": event.version,
        "status": event.status.value,
        "type": event.type,
        "title": event.title,
        "starts_at": event.starts_at,
        "ends_at": event.ends_at,
        "capacity": event.capacity,
    }


def event_published(session: Session, event: Event) -> None:
    add_to_outbox(session, SERVICE, "events.event.published", snapshot(event))
