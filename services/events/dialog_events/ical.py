"""iCalendar (RFC 5545) for events, written with the ``icalendar`` library.

Each event has a stable UID (its id at this service's domain) and a SEQUENCE that grows with
the event's version, so calendar apps replace their copy when an event moves or is cancelled.
Times are written in Europe/Berlin with the zone's VTIMEZONE (daylight saving included).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from icalendar import Calendar
from icalendar import Event as VEvent

from dialog_platform.clock import utc_now
from dialog_platform.locale import BERLIN, TIME_ZONE

from .domain.lifecycle import EventStatus
from .models import Event

PRODID = "-//Gemeinsam lernen im Dialog//Dialog events//DE"
UID_DOMAIN = "events.dialog-platform"


def uid_of(event: Event) -> str:
    return f"{event.id}@{UID_DOMAIN}"


def _vevent(event: Event, stamp: datetime) -> VEvent:
    entry = VEvent()
    entry.add("uid", uid_of(event))
    entry.add("dtstamp", stamp)
    entry.add("sequence", event.version)
    entry.add("summary", event.title)
    entry.add("dtstart", event.starts_at.astimezone(BERLIN))
    entry.add("dtend", event.ends_at.astimezone(BERLIN))
    if event.description:
        entry.add("description", event.description)
    where = [part for part in (event.venue_name, event.venue_address) if part]
    if where:
        entry.add("location", ", ".join(where))
    elif event.online_url:
        entry.add("location", event.online_url)
    if event.online_url:
        entry.add("url", event.online_url)
    entry.add("status", "CANCELLED" if event.status is EventStatus.CANCELLED else "CONFIRMED")
    if event.topics:
        entry.add("categories", event.topics)
    return entry


def calendar_of(events: Iterable[Event], name: str) -> bytes:
    """One VCALENDAR holding ``events``; the bytes of a ``text/calendar`` answer."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", TIME_ZONE)
    stamp = utc_now()
    for event in events:
        calendar.add_component(_vevent(event, stamp))
    calendar.add_missing_timezones()
    return calendar.to_ical()
