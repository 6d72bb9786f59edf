"""Handlers of the messages the registrations service consumes (message type -> handler)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from dialog_platform.messaging.envelope import Envelope

from ..models import EventCopy

COPIED_FIELDS = ("status", "type", "title", "starts_at", "ends_at", "capacity")


def keep_event_copy(session: Session, _envelope: Envelope, data: dict[str, Any]) -> None:
    """Take the event's new state, unless this copy already reflects a newer version."""
    copy = session.get(EventCopy, data["event_id"])
    if copy is not None and copy.version >= data["version"]:
        return
    if copy is None:
        copy = EventCopy(id=data["event_id"])
        session.add(copy)
    copy.version = data["version"]
    for name in COPIED_FIELDS:
        setattr(copy, name, data[name])


HANDLERS = {
    "events.event.published": keep_event_copy,
}
