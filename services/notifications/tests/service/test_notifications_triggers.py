"""Each trigger produces exactly the expected mail, in the recipient's language, with working
links, through a real SMTP server."""

from __future__ import annotations

import uuid

import pytest
from icalendar import Calendar

from dialog_notifications.models import Delivery


def _bodies(message) -> tuple[str, str]:
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    return text, html


def _the_mail_to(smtp_server, address: str):
    """The one mail the address received, with its plain text and HTML bodies."""
    [mail] = smtp_server.mailbox.to(address)
    return (mail, *_bodies(mail))


def test_pending_registration_asks_to_confirm_the_email(feed, build, dispatcher, db, smtp_server):
    feed("registrations.registration.created", build.registration(status="pending"))
    assert dispatcher.dispatch_due(db) == 1
    mail, text, html = _the_mail_to(smtp_server, "ada@example.org")
    assert mail["Subject"] == "Bitte bestätigen Sie Ihre E-Mail-Adresse: Gesprächsabend"
    assert "https://registrations.example.org/confirm/tok-1" in text
    assert 'href="https://registrations.example.org/confirm/tok-1"' in html
    # the cancel link is in every message, this one too
    assert "https://registrations.example.org/cancel/tok-1" in text
    assert 'href="https://registrations.example.org/cancel/tok-1"' in html
    assert "Samstag, 20. März 2027 um 18:00 Uhr" in text
    assert mail["Message-ID"].endswith("@notifications.dialog>")


def test_a_second_sign_up_sends_the_confirm_mail_again(feed, build, dispatcher, db, smtp_server):
    pending = build.registration(status="pending")
    feed("registrations.registration.created", pending)
    again = feed("registrations.registration.confirmation_requested", pending)
    feed("registrations.registration.confirmation_requested", pending, envelope=again)  # replay
    dispatcher.dispatch_due(db)
    mails = smtp_server.mailbox.to("ada@example.org")
    assert [m["Subject"] for m in mails] == 2 * [
        "Bitte bestätigen Sie Ihre E-Mail-Adresse: Gesprächsabend"
    ]
    assert all("/confirm/tok-1" in _bodies(m)[0] for m in mails)
    # once confirmed, a request for the link sends nothing
    confirmed = pending | {"status": "confirmed", "version": 2}
    feed("registrations.registration.confirmed", confirmed)
    feed("registrations.registration.confirmation_requested", confirmed)
    dispatcher.dispatch_due(db)
    assert len(smtp_server.mailbox.to("ada@example.org")) == 3  # the seat's confirmation


def test_seat_confirmed_carries_the_calendar_file(feed, build, dispatcher, db, smtp_server):
    feed("registrations.registration.confirmed", build.registration(language="en"))
    dispatcher.dispatch_due(db)
    mail, text, _html = _the_mail_to(smtp_server, "ada@example.org")
    assert mail["Subject"] == "Your seat is confirmed: Gesprächsabend"
    assert "Saturday, March 20, 2027, 6:00" in text
    assert "Gemeindehaus, Hauptstraße 1, Berlin" in text
    [attachment] = list(mail.iter_attachments())
    assert attachment.get_filename() == "invite.ics"
    event = Calendar.from_ical(attachment.get_content()).walk("VEVENT")[0]
    assert event["SUMMARY"] == "Gesprächsabend"
    assert event.decoded("DTSTART").isoformat() == "2027-03-20T18:00:00+01:00"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("de", "Sie stehen auf Platz 4 der Warteliste"),
        ("en", "You are number 4 on the waiting list"),
        ("tr", "Bekleme listesinde 4. sıradasınız"),
        ("ar", "ترتيبك في قائمة الانتظار هو 4"),
    ],
)
def test_waitlisted_tells_the_position_in_the_language(
    feed, build, dispatcher, db, smtp_server, language, expected
):
    data = build.registration(status="waitlisted", language=language, waitlist_position=4)
    feed("registrations.registration.waitlisted", data)
    dispatcher.dispatch_due(db)
    mail, text, html = _the_mail_to(smtp_server, "ada@example.org")
    assert expected in text
    assert mail["Content-Language"] == language
    assert ('dir="rtl"' in html) == (language == "ar")


def test_promoted_gets_a_seat_and_a_calendar(feed, build, dispatcher, db, smtp_server):
    registration_id = uuid.uuid4()
    waiting = build.registration(
        status="waitlisted", registration_id=registration_id, waitlist_position=1
    )
    feed("registrations.registration.waitlisted", waiting)
    promoted = build.registration(status="confirmed", registration_id=registration_id, version=2)
    feed("registrations.registration.promoted", promoted)
    dispatcher.dispatch_due(db)
    subjects = sorted(m["Subject"] for m in smtp_server.mailbox.to("ada@example.org"))
    assert subjects == [
        "Ein Platz ist frei geworden: Gesprächsabend",
        "Sie stehen auf der Warteliste: Gesprächsabend",
    ]
    promoted_mail = next(m for m in smtp_server.mailbox.messages if "frei" in m["Subject"])
    assert len(list(promoted_mail.iter_attachments())) == 1


@pytest.mark.parametrize(
    ("cancelled_by", "reason", "expected"),
    [
        ("participant", "", "Sie haben Ihre Anmeldung für „Gesprächsabend“ abgesagt."),
        ("staff", "Doppelte Anmeldung", "von unserem Team storniert"),
        ("event_cancelled", "Die Referentin ist erkrankt.", "findet leider nicht statt"),
    ],
)
def test_cancelled_names_who_and_why(
    feed, build, dispatcher, db, smtp_server, cancelled_by, reason, expected
):
    registration_id = uuid.uuid4()
    feed(
        "registrations.registration.confirmed", build.registration(registration_id=registration_id)
    )
    cancelled = build.registration(
        status="cancelled",
        registration_id=registration_id,
        version=2,
        cancelled_by=cancelled_by,
        reason=reason,
    )
    feed("registrations.registration.cancelled", cancelled)
    dispatcher.dispatch_due(db)
    mails = smtp_server.mailbox.to("ada@example.org")
    [mail] = [m for m in mails if m["Subject"] == "Abgesagt: Gesprächsabend"]
    text, _html = _bodies(mail)
    assert expected in text
    assert (f"Grund: {reason}" in text) == bool(reason)


def test_material_change_tells_old_and_new_time_and_place(feed, build, dispatcher, db, smtp_server):
    event_id = uuid.uuid4()
    feed("events.event.published", build.event(event_id, version=2))
    feed("registrations.registration.confirmed", build.registration(event_id=event_id))
    moved = {
        "starts_at": "2027-03-21T19:00:00+01:00",
        "ends_at": "2027-03-21T21:00:00+01:00",
        "venue": {"name": "Rathaus", "address": "Saal 2"},
    }
    material = {"changed_fields": ["starts_at", "ends_at", "venue"], "material": True}
    previous = {"starts_at": "2027-03-20T17:00:00+00:00"}
    feed(
        "events.event.updated",
        build.event(event_id, version=3, previous=previous, **moved, **material),
    )
    retitled = {"changed_fields": ["title"], "material": False, "previous": {}}
    feed(
        "events.event.updated",
        build.event(event_id, version=4, title="Neuer Titel", **moved, **retitled),
    )
    dispatcher.dispatch_due(db)
    changed = [m for m in smtp_server.mailbox.messages if m["Subject"].startswith("Geänderter")]
    assert len(changed) == 1  # the title change is not material: nobody is told
    text, _html = _bodies(changed[0])
    assert (
        "Bisher: Samstag, 20. März 2027, 18:00 Uhr MEZ, Gemeindehaus, Hauptstraße 1, Berlin."
        in text
    )
    assert "Neu: Sonntag, 21. März 2027, 19:00 Uhr MEZ, Rathaus, Saal 2." in text


def test_round_table_invitation_has_accept_and_decline_links(
    feed, build, dispatcher, db, smtp_server
):
    summary = build.registration()["event"]
    feed(
        "registrations.invitation.sent",
        {
            "invitation_id": str(uuid.uuid4()),
            "round_table_name": "Runder Tisch der Religionen",
            "invitee": {
                "delegate_id": str(uuid.uuid4()),
                "name": "Mehmet Demir",
                "email": "mehmet@example.org",
                "language": "tr",
                "organisation_name": "DITIB Gemeinde",
            },
            "event": summary,
            "links": {
                "accept_url": "https://registrations.example.org/invitations/x/accept",
                "decline_url": "https://registrations.example.org/invitations/x/decline",
            },
        },
    )
    dispatcher.dispatch_due(db)
    mail, text, html = _the_mail_to(smtp_server, "mehmet@example.org")
    assert mail["Subject"] == "Davet: Runder Tisch der Religionen, 20 Mart 2027 Cumartesi"
    assert "Kabul et: https://registrations.example.org/invitations/x/accept" in text
    assert 'href="https://registrations.example.org/invitations/x/decline"' in html
    assert "DITIB Gemeinde temsilcisi olarak" in text


def test_mediation_session_invites_each_party(feed, dispatcher, db, smtp_server):
    parties = [
        {"party_id": str(uuid.uuid4()), "name": "Party A", "email": "a@example.org"},
        {
            "party_id": str(uuid.uuid4()),
            "name": "طرف ب",
            "email": "b@example.org",
            "language": "ar",
        },
    ]
    feed(
        "mediation.session.scheduled",
        {
            "session_id": str(uuid.uuid4()),
            "case_reference": "M-2027-014",
            "version": 1,
            "starts_at": "2027-03-10T10:00:00+01:00",
            "ends_at": "2027-03-10T12:00:00+01:00",
            "place": "Beratungsstelle, Raum 3",
            "parties": parties,
        },
    )
    assert dispatcher.dispatch_due(db) == 2
    [first] = smtp_server.mailbox.to("a@example.org")
    [second] = smtp_server.mailbox.to("b@example.org")
    assert first["Subject"] == "Einladung zum Gesprächstermin M-2027-014"
    assert second["Subject"] == "دعوة إلى جلسة، المرجع M-2027-014"
    assert "Beratungsstelle, Raum 3" in _bodies(first)[0]


def test_the_stop_link_in_a_mail_stops_the_reminders(confirm, app, dispatcher, db, smtp_server):
    confirm()
    dispatcher.dispatch_due(db)
    [mail] = smtp_server.mailbox.to("ada@example.org")
    link = mail["List-Unsubscribe"].strip().strip("<>")
    assert link in _bodies(mail)[0]
    path = link.removeprefix("http://notifications.test")
    client = app.test_client()
    page = client.get(path)
    assert page.status_code == 200 and b'<form method="post">' in page.data
    assert client.post(path).status_code == 200
    assert client.get(path.replace("stop/", "stop/x")).status_code == 404
    with db.transaction() as session:
        reminders = session.query(Delivery).filter_by(kind="reminder").all()
    assert reminders and {r.status.value for r in reminders} == {"dropped"}
