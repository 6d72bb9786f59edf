"""Planning events: create, change, publish, cancel, complete."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from dialog_platform.clock import utc_now

from ..domain import rules
from ..domain.errors import TransitionRefused
from ..domain.lifecycle import EventStatus, check_completion, check_transition
from ..messaging import publications
from ..models import Event, EventLanguage, EventTopic
from ..queries.events import get_event, seats_taken

#: The fields staff set and change, as the API names them.
EDITABLE = (
    "type",
    "title",
    "description",
    "starts_at",
    "ends_at",
    "capacity",
    "venue",
    "online_url",
    "registration_opens_at",
    "registration_closes_at",
    "requires_email_confirmation",
    "languages",
    "reminder_plan",
    "organiser",
    "contact",
    "topics",
    "access",
    "series",
    "sms_quiet_hours",
)


def editable_values(event: Event) -> dict[str, Any]:
    return {name: getattr(event, name) for name in EDITABLE}


def _apply(event: Event, values: dict[str, Any]) -> None:
    for name, value in values.items():
        if name == "venue":
            venue = value or {}
            event.venue_name = venue.get("name")
            event.venue_address = venue.get("address", "")
            event.venue_accessibility_notes = venue.get("accessibility_notes", "")
        elif name == "languages":
            event.language_rows = [
                EventLanguage(code=code, position=i) for i, code in enumerate(dict.fromkeys(value))
            ]
        elif name == "topics":
            event.topic_rows = [
                EventTopic(topic=topic, position=i) for i, topic in enumerate(dict.fromkeys(value))
            ]
        else:
            setattr(event, name, value)


def _normalise(values: dict[str, Any]) -> dict[str, Any]:
    """Times in UTC (as stored), topics and language codes in lower case without repeats."""
    values = {
        name: value.astimezone(UTC) if isinstance(value, datetime) else value
        for name, value in values.items()
    }
    if "topics" in values:
        values["topics"] = list(dict.fromkeys(t.strip().lower() for t in values["topics"]))
    if "languages" in values:
        values["languages"] = list(dict.fromkeys(c.strip().lower() for c in values["languages"]))
    return values


def new_event(values: dict[str, Any], **state: Any) -> Event:
    """A checked, unsaved event from the API's fields (defaults filled in)."""
    values = _normalise(values)
    values.setdefault("reminder_plan", [dict(r) for r in rules.DEFAULT_REMINDER_PLAN])
    if values.get("access") is None:
        values["access"] = rules.default_access(values["type"])
    rules.check_event(values)
    event = Event(id=uuid.uuid4(), version=1, **state)
    _apply(event, {name: values[name] for name in EDITABLE if name in values})
    return event


def create_event(session: Session, **values: Any) -> Event:
    event = new_event(values, status=EventStatus.DRAFT)
    session.add(event)
    session.flush()
    return event


def update_event(session: Session, event_id: uuid.UUID, values: dict[str, Any]) -> Event:
    """Change an event; a published one gets a new version and tells the others what changed."""
    event = get_event(session, event_id, lock=True)
    if event.status in (EventStatus.CANCELLED, EventStatus.COMPLETED):
        raise TransitionRefused(f"An event that is {event.status.value} cannot be changed.")
    current = editable_values(event)
    merged = current | _normalise(values)
    rules.check_event(merged, seats_taken(session, event.id))
    changed, previous = rules.changes(current, merged)
    if not changed:
        return event
    _apply(event, {name: merged[name] for name in changed})
    if event.status is EventStatus.PUBLISHED:
        event.version += 1
        session.flush()
        publications.event_updated(
            session, event, changed, previous, material=rules.is_material(changed)
        )
    else:
        session.flush()
    return event


def publish_event(session: Session, event_id: uuid.UUID) -> Event:
    event = get_event(session, event_id, lock=True)
    check_transition(event.status, EventStatus.PUBLISHED)
    event.status = EventStatus.PUBLISHED
    event.published_at = utc_now()
    event.version += 1
    session.flush()
    publications.event_published(session, event)
    return event


def cancel_event(session: Session, event_id: uuid.UUID, reason: str) -> Event:
    """Cancel with a reason; only a published event's cancellation is announced (a draft was
    never known to anyone)."""
    event = get_event(session, event_id, lock=True)
    check_transition(event.status, EventStatus.CANCELLED)
    was_published = event.status is EventStatus.PUBLISHED
    event.status = EventStatus.CANCELLED
    event.cancel_reason = reason
    event.version += 1
    session.flush()
    if was_published:
        publications.event_cancelled(session, event)
    return event


def complete_event(session: Session, event_id: uuid.UUID) -> Event:
    event = get_event(session, event_id, lock=True)
    check_completion(event.status, event.ends_at, utc_now())
    event.status = EventStatus.COMPLETED
    event.version += 1
    session.flush()
    publications.event_completed(session, event)
    return event
