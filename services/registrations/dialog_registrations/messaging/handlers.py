"""Handlers of the messages the registrations service consumes (message type -> handler)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from dialog_platform.clock import utc_now
from dialog_platform.messaging.copies import newer_copy
from dialog_platform.messaging.envelope import Envelope

from ..models import EventCopy
from ..operations.cancel import cancel_all_for_event
from ..operations.invitations import invite_delegates
from ..operations.seats import fill_free_seats, lock_event

#: Fields of the EventSnapshot contract this service keeps (its copy of the event).
COPIED_FIELDS = (
    "status",
    "type",
    "title",
    "starts_at",
    "ends_at",
    "capacity",
    "registration_opens_at",
    "registration_closes_at",
    "requires_email_confirmation",
    "venue",
    "online_url",
    "languages",
    "contact",
    "round_table_id",
)


def update_copy(session: Session, data: dict[str, Any]) -> EventCopy | None:
    """Take the event's new state, locked (the copy is the lock of the event's seats); None if
    this copy already reflects this or a newer version."""
    copy = newer_copy(
        session, EventCopy, data["event_id"], data["version"], lock=True, cancel_reason=""
    )
    if copy is None:
        return None
    for name in COPIED_FIELDS:
        setattr(copy, name, data.get(name))
    copy.languages = list(data.get("languages") or [])
    session.flush()
    return copy


def keep_event_copy(session: Session, _envelope: Envelope, data: dict[str, Any]) -> None:
    """Published, updated or completed: keep the copy; a raised capacity promotes the waiting."""
    copy = update_copy(session, data)
    if copy is not None:
        fill_free_seats(session, copy, utc_now())


def event_cancelled(session: Session, _envelope: Envelope, data: dict[str, Any]) -> None:
    """Every open registration of the event is cancelled with the event's reason."""
    copy = update_copy(session, data)
    if copy is not None:
        copy.cancel_reason = data["reason"]
        cancel_all_for_event(session, copy, data["reason"])


def meeting_scheduled(session: Session, _envelope: Envelope, data: dict[str, Any]) -> None:
    """Keep the meeting's event and invite each delegate (once, however often this arrives)."""
    update_copy(session, data["event"])
    invite_delegates(session, lock_event(session, data["event"]["event_id"]), data)


HANDLERS = {
    "events.event.published": keep_event_copy,
    "events.event.updated": keep_event_copy,
    "events.event.completed": keep_event_copy,
    "events.event.cancelled": event_cancelled,
    "events.round_table.meeting_scheduled": meeting_scheduled,
}
