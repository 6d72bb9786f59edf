"""Calendar entries are built one way: the event's one UID, SEQUENCE from its version, Berlin
wall-clock times with a VTIMEZONE covering the year ahead, iTIP methods with organiser and
attendee for mails."""

import uuid
from datetime import UTC, datetime

from icalendar import Calendar

from dialog_platform.calendar import Entry, Person, calendar, event_uid

EVENT_ID = uuid.UUID("3f2b1c4e-8a9d-4e6f-b0c1-2d3e4f5a6b7c")
ENTRY = Entry(
    event_id=EVENT_ID,
    version=4,
    title="Abendvortrag: Grundlagen der Wohlfahrtspflege",
    starts_at=datetime(2027, 3, 25, 17, 0, tzinfo=UTC),  # 18:00 in Berlin, winter time
    ends_at=datetime(2027, 3, 25, 19, 0, tzinfo=UTC),
    location="Begegnungszentrum, Weseler Str. 1, Duisburg",
)


def test_an_invitation_names_the_event_by_its_one_uid_and_version():
    parsed = Calendar.from_ical(
        calendar(
            [ENTRY],
            method="REQUEST",
            organizer=Person("Gemeinsam lernen im Dialog", "dialog@example.org"),
            attendee=Person("Ayşe Yılmaz", "ayse@example.org"),
        )
    )
    assert parsed["METHOD"] == "REQUEST"
    (event,) = parsed.walk("VEVENT")
    assert str(event["UID"]) == event_uid(EVENT_ID) == f"{EVENT_ID}@events.dialog-platform"
    assert event["SEQUENCE"] == 4
    assert event["DTSTART"].dt.tzinfo.key == "Europe/Berlin"
    assert event["DTSTART"].dt.hour == 18
    assert str(event["ORGANIZER"]) == "mailto:dialog@example.org"
    assert event["ATTENDEE"].params["CN"] == "Ayşe Yılmaz"
    assert event["ATTENDEE"].params["PARTSTAT"] == "ACCEPTED"
    (zone,) = parsed.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Europe/Berlin"
    assert {sub.name for sub in zone.subcomponents} == {"STANDARD", "DAYLIGHT"}  # the year ahead


def test_a_cancellation_carries_the_same_uid():
    cancelled = Entry(**{**ENTRY.__dict__, "version": 5, "cancelled": True})
    parsed = Calendar.from_ical(
        calendar([cancelled], method="CANCEL", attendee=Person("A", "a@example.org"))
    )
    (event,) = parsed.walk("VEVENT")
    assert parsed["METHOD"] == "CANCEL" and event["STATUS"] == "CANCELLED"
    assert str(event["UID"]) == event_uid(EVENT_ID) and event["SEQUENCE"] == 5
