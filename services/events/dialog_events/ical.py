"""The events' iCalendar files and feed, written by the platform's one calendar module
(``dialog_platform.calendar``): one UID per event (the same in every mail), SEQUENCE from the
event's version, Berlin times with a compact VTIMEZONE."""

from __future__ import annotations

from collections.abc import Iterable

from dialog_platform import calendar

from .domain.lifecycle import EventStatus
from .models import Event


def entry_of(event: Event) -> calendar.Entry:
    where = [part for part in (event.venue_name, event.venue_address) if part]
    return calendar.Entry(
        event_id=event.id,
        version=event.version,
        title=event.title,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        location=", ".join(where) or (event.online_url or ""),
        description=event.description or "",
        url=event.online_url,
        cancelled=event.status is EventStatus.CANCELLED,
        categories=tuple(event.topics),
    )


def calendar_of(events: Iterable[Event], name: str) -> bytes:
    """One VCALENDAR (METHOD:PUBLISH) holding ``events``; the bytes of a ``text/calendar``
    answer."""
    return calendar.calendar([entry_of(event) for event in events], name=name)
