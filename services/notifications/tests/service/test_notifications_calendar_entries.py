"""Calendar entries that follow the event (iTIP, RFC 5546), read from the mails a real SMTP
server received: the confirmation, the promotion and every change carry ``METHOD:REQUEST`` with
the UID of the event's public ``.ics`` and its version as SEQUENCE; the end of a seat carries
``METHOD:CANCEL``; the waiting list gets no entry."""

from __future__ import annotations

import uuid

from icalendar import Calendar

from dialog_platform.testing.messages import outbox_messages


def _calendar_of(mail) -> tuple[str, Calendar] | None:
    """The mail's iTIP part (``text/calendar; method=...`` among the alternatives) as loaded by
    ``icalendar``, checked against its ``invite.ics`` attachment; None without one."""
    parts = [p for p in mail.walk() if p.get_content_type() == "text/calendar"]
    if not parts:
        assert not list(mail.iter_attachments())
        return None
    [part] = parts
    ics = part.get_content()
    calendar = Calendar.from_ical(ics)
    assert part.get_param("method") == str(calendar["METHOD"])
    [attachment] = list(mail.iter_attachments())
    assert attachment.get_filename() == "invite.ics"
    assert attachment.get_content() == ics.encode()
    return str(calendar["METHOD"]), calendar


def _vevent(calendar: Calendar):
    [event] = calendar.walk("VEVENT")
    return event


def _entries(smtp_server, address: str) -> list[tuple[str, str, int]]:
    """(subject, method, SEQUENCE) of each mail to ``address`` with a calendar part."""
    found = []
    for mail in smtp_server.mailbox.to(address):
        part = _calendar_of(mail)
        if part is not None:
            found.append((mail["Subject"], part[0], int(_vevent(part[1])["SEQUENCE"])))
    return found


def test_the_confirmation_carries_the_entry_of_the_events_public_ics(
    service_app, staff_headers, feed, build, dispatcher, db, smtp_server
):
    events = service_app("events")
    staff = events.test_client()
    created = staff.post(
        "/api/v1/events",
        json={
            "type": "evening_lecture",
            "title": "Abendvortrag: Jugendhilfe",
            "starts_at": "2027-06-10T17:30:00+02:00",
            "ends_at": "2027-06-10T19:30:00+02:00",
            "venue": {"name": "Begegnungsstätte", "address": "Kirchstraße 3, Duisburg"},
        },
        headers=staff_headers("staff"),
    )
    event_id = created.json["id"]
    staff.post(f"/api/v1/events/{event_id}/publish", headers=staff_headers("staff"))
    [published] = outbox_messages(events.extensions["dialog_db"], "events.event.published")
    snapshot = published["data"]
    feed("events.event.published", snapshot)
    summary = {name: snapshot[name] for name in ("title", "starts_at", "ends_at")}
    confirmed = build.registration(
        event_id=event_id, language="en", event_version=snapshot["version"], **summary
    )
    feed("registrations.registration.confirmed", confirmed)
    dispatcher.dispatch_due(db)

    [mail] = smtp_server.mailbox.to("ada@example.org")
    method, calendar = _calendar_of(mail)
    public = Calendar.from_ical(
        events.test_client().get(f"/api/v1/public/events/{event_id}/calendar.ics").data
    )
    entry, published_entry = _vevent(calendar), _vevent(public)
    assert method == "REQUEST"
    assert entry["UID"] == published_entry["UID"]
    assert int(entry["SEQUENCE"]) == int(published_entry["SEQUENCE"]) == snapshot["version"]
    assert str(entry["ORGANIZER"]) == "mailto:no-reply@dialog.example.org"
    assert str(entry["ATTENDEE"]) == "mailto:ada@example.org"
    assert entry["ATTENDEE"].params["CN"] == "Ada Example"
    # local times with the Berlin zone, not UTC
    assert entry["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert entry.decoded("DTSTART").isoformat() == "2027-06-10T17:30:00+02:00"
    assert [zone["TZID"] for zone in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]


def test_a_move_reaches_every_seated_person_with_a_higher_sequence(
    feed, build, dispatcher, db, smtp_server
):
    event_id = uuid.uuid4()
    feed("events.event.published", build.event(event_id, version=2))
    seated = {"ada@example.org": "confirmed", "bora@example.org": "confirmed"}
    for address in seated:
        feed(
            "registrations.registration.confirmed",
            build.registration(event_id=event_id, email=address),
        )
    checked_in_id = uuid.uuid4()
    feed(
        "registrations.registration.confirmed",
        build.registration(
            event_id=event_id, email="cem@example.org", registration_id=checked_in_id
        ),
    )
    attended = build.registration(
        status="attended",
        event_id=event_id,
        email="cem@example.org",
        registration_id=checked_in_id,
        version=2,
    )
    feed("registrations.registration.checked_in", attended)
    feed(
        "registrations.registration.waitlisted",
        build.registration(
            status="waitlisted", event_id=event_id, email="dana@example.org", waitlist_position=1
        ),
    )
    dispatcher.dispatch_due(db)
    moved = build.event(
        event_id,
        version=3,
        starts_at="2027-03-21T19:00:00+01:00",
        ends_at="2027-03-21T21:00:00+01:00",
        changed_fields=["starts_at", "ends_at"],
        material=True,
        previous={"starts_at": "2027-03-20T17:00:00+00:00"},
    )
    feed("events.event.updated", moved)
    dispatcher.dispatch_due(db)

    for address in (*seated, "cem@example.org"):
        entries = _entries(smtp_server, address)
        assert [(method, sequence) for _subject, method, sequence in entries] == [
            ("REQUEST", 2),
            ("REQUEST", 3),
        ], address
        changed = [m for m in smtp_server.mailbox.to(address) if m["Subject"].startswith("Geänd")]
        event = _vevent(_calendar_of(changed[0])[1])
        assert event.decoded("DTSTART").isoformat() == "2027-03-21T19:00:00+01:00"
    # the waiting list is told of the change, with no entry for a seat it does not hold
    waiting = smtp_server.mailbox.to("dana@example.org")
    assert len(waiting) == 2 and _entries(smtp_server, "dana@example.org") == []


def test_a_cancellation_removes_the_entry(feed, build, dispatcher, db, smtp_server):
    event_id = uuid.uuid4()
    feed("events.event.published", build.event(event_id, version=2))
    own, by_event, checked_in, waiting = (uuid.uuid4() for _ in range(4))
    people = {
        own: "ada@example.org",
        by_event: "bora@example.org",
        checked_in: "cem@example.org",
    }

    def tell(kind: str, registration_id: uuid.UUID, **registration) -> None:
        """``registrations.registration.<kind>`` of one registration for the event."""
        data = build.registration(
            event_id=event_id, registration_id=registration_id, **registration
        )
        feed(f"registrations.registration.{kind}", data)

    for registration_id, address in people.items():
        tell("confirmed", registration_id, email=address)
    tell("checked_in", checked_in, status="attended", email="cem@example.org", version=2)
    tell("waitlisted", waiting, status="waitlisted", email="dana@example.org", waitlist_position=1)
    tell(
        "cancelled",
        own,
        status="cancelled",
        email="ada@example.org",
        version=2,
        cancelled_by="participant",
    )
    reason = "Die Referentin ist erkrankt."
    feed(
        "events.event.cancelled",
        build.event(event_id, version=3, status="cancelled", reason=reason),
    )
    for registration_id, address in ((by_event, "bora@example.org"), (waiting, "dana@example.org")):
        tell(
            "cancelled",
            registration_id,
            status="cancelled",
            email=address,
            event_version=3,
            version=3,
            cancelled_by="event_cancelled",
            reason=reason,
        )
    dispatcher.dispatch_due(db)

    for address in people.values():
        [*_before, last] = _entries(smtp_server, address)
        assert last[:2] == ("Abgesagt: Gesprächsabend", "CANCEL"), address
        [cancelled] = [
            m for m in smtp_server.mailbox.to(address) if m["Subject"].startswith("Abge")
        ]
        assert _vevent(_calendar_of(cancelled)[1])["STATUS"] == "CANCELLED"
    # checked in, and still told that the event will not take place
    [told] = [m for m in smtp_server.mailbox.to("cem@example.org") if "Abgesagt" in m["Subject"]]
    assert "findet leider nicht statt" in told.get_body(("plain",)).get_content()
    # never seated: a cancellation mail, no entry to remove
    assert _entries(smtp_server, "dana@example.org") == []
    assert any("Abgesagt" in m["Subject"] for m in smtp_server.mailbox.to("dana@example.org"))
