"""Use cases of the events service. They flush and write outbox rows; the caller commits."""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from .domain.errors import EventNotFound
from .domain.lifecycle import EventStatus, check_transition
from .messaging import publications
from .models import Event


def get_event(session: Session, event_id: uuid.UUID) -> Event:
    event = session.get(Event, event_id)
    if event is None:
        raise EventNotFound("There is no event with this id.")
    return event


def create_event(session: Session, **fields) -> Event:
    event = Event(status=EventStatus.DRAFT, version=1, **fields)
    session.add(event)
    session.flush()
    return event


def publish_event(session: Session, event_id: uuid.UUID) -> Event:
    event = get_event(session, event_id)
    check_transition(event.status, EventStatus.PUBLISHED)
    event.status = EventStatus.PUBLISHED
    event.version += 1
    session.flush()
    publications.event_published(session, event)
    return event
