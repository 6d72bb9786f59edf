"""Read-only questions about events: what the public may see, lists and feeds.

The public list is built to stay fast as the table grows: it walks one index in start order
from the first start asked for — the events' ``(status, starts_at, id)`` or
``(status, type, starts_at, id)``, or with a topic or language filter that label's
``(label, status, access, starts_at, event_id)`` (labels carry a copy of status, access and
start, so neither the page nor the count reads the events) — so a page reads about
``page_size`` rows; languages and topics of a page are loaded in one query each (no N+1); the
total is counted along the same index, only up to ``COUNT_LIMIT``.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from dialog_platform.clock import utc_now
from dialog_platform.db import get_one

from ..domain.errors import EventNotFound
from ..domain.lifecycle import EventStatus
from ..models import Announcement, Event, EventLanguage, EventTopic, RegistrationTally

#: Matches beyond this are not counted: the total says "at least" (``total_exact`` false).
COUNT_LIMIT = 1000

#: Seen by the public: published events, and those cancelled or completed after publication
#: (a draft, or an event cancelled before it was published, never).
PUBLICLY_KNOWN = or_(
    Event.status == EventStatus.PUBLISHED,
    and_(
        Event.status.in_((EventStatus.CANCELLED, EventStatus.COMPLETED)),
        Event.published_at.is_not(None),
    ),
)


def get_event(session: Session, event_id: uuid.UUID, lock: bool = False) -> Event:
    """The event, in any state; ``lock`` for a change (concurrent changes of one event take
    turns, so each gets its own version)."""
    missing = EventNotFound("There is no event with this id.")
    return get_one(session, Event, event_id, missing, lock=lock)


def announcements_of(session: Session, event_id: uuid.UUID) -> list[Announcement]:
    """The event's announcements, oldest first."""
    get_event(session, event_id)
    query = select(Announcement).where(Announcement.event_id == event_id)
    return list(session.scalars(query.order_by(Announcement.announced_at)))


def seats_taken(session: Session, event_id: uuid.UUID) -> int:
    """Registrations that take a seat of the event, as the registrations service reported them."""
    return session.scalar(
        select(func.count())
        .select_from(RegistrationTally)
        .where(RegistrationTally.event_id == event_id, RegistrationTally.takes_seat.is_(True))
    )


@dataclass(frozen=True)
class Page:
    items: list[Event]
    total: int
    total_exact: bool
    page: int
    page_size: int


def public_events(
    session: Session,
    page: int = 1,
    page_size: int = 20,
    type: str | None = None,
    topic: str | None = None,
    language: str | None = None,
    series: str | None = None,
    starts_from: datetime | None = None,
    starts_until: datetime | None = None,
) -> Page:
    """Published events from now (or ``starts_from``), by start, one page and the total."""
    driver, label = Event, None
    if topic is not None:
        driver, label = EventTopic, EventTopic.topic == topic.strip().lower()
    elif language is not None:
        driver, label = EventLanguage, EventLanguage.code == language.strip().lower()
    key = Event.id if driver is Event else driver.event_id
    walk = [
        driver.status == EventStatus.PUBLISHED.value,
        driver.access == "public",
        driver.starts_at >= (starts_from or utc_now()),
    ]
    if label is not None:
        walk.append(label)
    if starts_until is not None:
        walk.append(driver.starts_at < starts_until)
    further = []
    if type is not None:
        further.append(Event.type == type)
    if series is not None:
        further.append(Event.series == series.strip().lower())
    if topic is not None and language is not None:
        code = language.strip().lower()
        further.append(
            Event.id.in_(select(EventLanguage.event_id).where(EventLanguage.code == code))
        )

    def matching(column):
        query = select(column)
        if driver is not Event and (further or column is Event):
            query = query.select_from(driver).join(Event, Event.id == driver.event_id)
        return query.where(*walk, *further).order_by(driver.starts_at, key)

    offset = (page - 1) * page_size
    items = list(session.scalars(matching(Event).limit(page_size).offset(offset)))
    # Counted along the same index, stopping after COUNT_LIMIT + 1 rows.
    counted = matching(key).limit(COUNT_LIMIT + 1).subquery()
    total = session.scalar(select(func.count()).select_from(counted))
    return Page(
        items=items,
        total=min(total, COUNT_LIMIT),
        total_exact=total <= COUNT_LIMIT,
        page=page,
        page_size=page_size,
    )


def public_event(session: Session, event_id: uuid.UUID) -> Event:
    """A publicly known event; a meeting by invitation is not shown (as if it did not exist)."""
    event = session.scalars(select(Event).where(Event.id == event_id, PUBLICLY_KNOWN)).first()
    if event is None:
        raise EventNotFound("There is no published event with this id.")
    if event.access != "public":
        raise EventNotFound(
            "This event is by invitation only; it is not shown publicly. "
            "Invited people find their links in the invitation."
        )
    return event


def calendar_feed(session: Session, type: str | None = None, limit: int = 500) -> list[Event]:
    """Upcoming publicly known events for the iCalendar feed (cancelled ones too, so calendar
    apps that hold them mark them cancelled)."""
    conditions = [
        Event.status.in_((EventStatus.PUBLISHED, EventStatus.CANCELLED)),
        Event.published_at.is_not(None),
        Event.ends_at >= utc_now(),
        Event.access == "public",
    ]
    if type is not None:
        conditions.append(Event.type == type)
    return list(
        session.scalars(
            select(Event).where(*conditions).order_by(Event.starts_at, Event.id).limit(limit)
        )
    )


def staff_events(
    session: Session, status: str | None = None, page: int = 1, page_size: int = 50
) -> list[Event]:
    query = select(Event).order_by(Event.starts_at.desc(), Event.id)
    if status is not None:
        query = query.where(Event.status == EventStatus(status))
    return list(session.scalars(query.limit(page_size).offset((page - 1) * page_size)))
