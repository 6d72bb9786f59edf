"""Calendar entries (iCalendar, RFC 5545; invitations by iTIP, RFC 5546) built one way for the
whole platform, so an entry added from any place is the same entry everywhere:

- one UID per event (``event_uid``): the public ``.ics``, the feed and every mail use it;
- SEQUENCE is the event's version: every change the others hear about raises it, so calendar
  apps replace their copy (``METHOD:REQUEST``) or remove it (``METHOD:CANCEL``);
- times on the Berlin wall clock with a VTIMEZONE that covers the year from the event on
  (compact: the zone's rules for that year, not its whole history).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from icalendar import Calendar, vCalAddress, vText
from icalendar import Event as VEvent

from .clock import utc_now
from .locale import BERLIN, TIME_ZONE

PRODID = "-//Gemeinsam lernen im Dialog//Dialog platform//DE"
UID_DOMAIN = "events.dialog-platform"
#: How far beyond an event its VTIMEZONE reaches (a moved event stays covered).
ZONE_REACH = timedelta(days=370)


def event_uid(event_id: Any) -> str:
    """The one UID of an event, wherever a calendar entry for it is written."""
    return f"{event_id}@{UID_DOMAIN}"


@dataclass(frozen=True)
class Person:
    """An organiser or attendee: a name and an email address."""

    name: str
    email: str


@dataclass(frozen=True)
class Entry:
    """One event as a calendar shows it."""

    event_id: Any
    #: The event's version: the entry's SEQUENCE.
    version: int
    title: str
    starts_at: datetime
    ends_at: datetime
    location: str = ""
    description: str = ""
    url: str | None = None
    cancelled: bool = False
    categories: Sequence[str] = field(default_factory=tuple)


def _vevent(entry: Entry, organizer: Person | None, attendee: Person | None) -> VEvent:
    event = VEvent()
    event.add("uid", event_uid(entry.event_id))
    event.add("dtstamp", utc_now())
    event.add("sequence", entry.version)
    event.add("summary", entry.title)
    event.add("dtstart", entry.starts_at.astimezone(BERLIN))
    event.add("dtend", entry.ends_at.astimezone(BERLIN))
    if entry.description:
        event.add("description", entry.description)
    if entry.location:
        event.add("location", entry.location)
    if entry.url:
        event.add("url", entry.url)
    if entry.categories:
        event.add("categories", list(entry.categories))
    event.add("status", "CANCELLED" if entry.cancelled else "CONFIRMED")
    if organizer is not None:
        event.add("organizer", _address(organizer))
    if attendee is not None:
        address = _address(attendee)
        address.params["ROLE"] = vText("REQ-PARTICIPANT")
        address.params["PARTSTAT"] = vText("DECLINED" if entry.cancelled else "ACCEPTED")
        event.add("attendee", address)
    return event


def _address(person: Person) -> vCalAddress:
    address = vCalAddress(f"mailto:{person.email}")
    address.params["CN"] = vText(person.name)
    return address


def calendar(
    entries: Iterable[Entry],
    *,
    method: str = "PUBLISH",
    name: str | None = None,
    organizer: Person | None = None,
    attendee: Person | None = None,
) -> bytes:
    """A VCALENDAR of ``entries``: ``PUBLISH`` for files and feeds; ``REQUEST`` (an invitation
    or its update) or ``CANCEL`` for one attendee's mail (then ``organizer`` and ``attendee``)."""
    entries = list(entries)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", method)
    if name:
        cal.add("x-wr-calname", name)
        cal.add("x-wr-timezone", TIME_ZONE)
    for entry in entries:
        cal.add_component(_vevent(entry, organizer, attendee))
    if entries:
        first = min(entry.starts_at for entry in entries).astimezone(BERLIN).date()
        last = max(entry.ends_at for entry in entries).astimezone(BERLIN).date()
        cal.add_missing_timezones(first_date=first - timedelta(days=1), last_date=last + ZONE_REACH)
    return cal.to_ical()
