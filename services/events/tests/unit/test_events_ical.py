"""iCalendar files parse, carry stable UIDs and a SEQUENCE from the version, and give the right
times in UTC and Europe/Berlin on both sides of a daylight-saving change."""

import uuid
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar

from dialog_events.domain.lifecycle import EventStatus
from dialog_events.ical import calendar_of
from dialog_events.models import Event

BERLIN = ZoneInfo("Europe/Berlin")


def event(starts_at: datetime, version: int = 2, **fields) -> Event:
    return Event(
        id=uuid.UUID(int=starts_at.toordinal()),
        type="evening_lecture",
        title="Abendvortrag",
        description="",
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=2),
        status=fields.pop("status", EventStatus.PUBLISHED),
        version=version,
        venue_name="Gemeindezentrum",
        venue_address="Weseler Str. 1, Duisburg",
        **fields,
    )


def entries(body: bytes):
    return list(Calendar.from_ical(body).walk("VEVENT"))


def test_times_across_the_spring_daylight_saving_change():
    # Clocks go forward on 28 March 2027: 18:00 in Berlin is 17:00 UTC before, 16:00 after.
    before = event(datetime(2027, 3, 27, 17, 0, tzinfo=UTC))
    after = event(datetime(2027, 3, 29, 16, 0, tzinfo=UTC))
    parsed = entries(calendar_of([before, after], "Test"))
    assert len(parsed) == 2
    for entry, utc in zip(parsed, (before.starts_at, after.starts_at), strict=True):
        start = entry.decoded("dtstart")
        assert start.astimezone(UTC) == utc
        assert start.astimezone(BERLIN).hour == 18
        assert str(start.tzinfo) in ("Europe/Berlin", "CET", "CEST") or start.utcoffset()
    assert parsed[0].decoded("dtstart").utcoffset() == timedelta(hours=1)
    assert parsed[1].decoded("dtstart").utcoffset() == timedelta(hours=2)


def test_the_calendar_carries_the_berlin_time_zone_definition():
    calendar = Calendar.from_ical(calendar_of([event(datetime(2027, 10, 30, 17, tzinfo=UTC))], "T"))
    zones = list(calendar.walk("VTIMEZONE"))
    assert [str(zone["tzid"]) for zone in zones] == ["Europe/Berlin"]
    assert {c.name for c in zones[0].subcomponents} == {"STANDARD", "DAYLIGHT"}


def test_uid_is_stable_and_sequence_follows_the_version():
    starts = datetime(2027, 5, 1, 10, tzinfo=UTC)
    first = entries(calendar_of([event(starts, version=2)], "T"))[0]
    moved = event(starts + timedelta(days=1), version=3)
    moved.id = event(starts).id
    second = entries(calendar_of([moved], "T"))[0]
    assert str(first["uid"]) == str(second["uid"]) == f"{moved.id}@events.dialog-platform"
    assert first.decoded("sequence") == 2
    assert second.decoded("sequence") == 3
    assert str(second["location"]) == "Gemeindezentrum, Weseler Str. 1, Duisburg"


def test_a_cancelled_event_is_marked_cancelled():
    cancelled = event(datetime(2027, 5, 1, 10, tzinfo=UTC), status=EventStatus.CANCELLED)
    assert str(entries(calendar_of([cancelled], "T"))[0]["status"]) == "CANCELLED"
