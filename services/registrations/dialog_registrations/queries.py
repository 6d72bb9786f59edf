"""Read-only questions the registrations service answers."""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from .models import EventCopy


def open_event(session: Session, event_id: uuid.UUID) -> EventCopy | None:
    """The event as the sign-up form shows it; None unless it is published."""
    copy = session.get(EventCopy, event_id)
    return copy if copy is not None and copy.status == "published" else None
