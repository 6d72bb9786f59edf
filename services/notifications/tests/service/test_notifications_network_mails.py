"""The local network's messages, as received by a real SMTP server and the SMS provider's
stand-in: invitations by every channel a delegate has (a phone-only delegate can answer from
the SMS), their withdrawal, announcements to the directory's contact persons, and the mails of
a subscription (double opt-in, then one announcement), each with its one-click unsubscribe
(an announcement's ends the contact person's consent in the events service). Every person
written to is found by erasure and forgotten by retention."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from dialog_notifications.models import Delivery, Recipient
from dialog_notifications.operations.retention import apply_retention
from dialog_platform.privacy import PersonKeys
from dialog_platform.testing.messages import outbox_messages

ACCEPT = "https://registrations.example.org/invitations/tok-7/accept"
DECLINE = "https://registrations.example.org/invitations/tok-7/decline"
UNSUBSCRIBE = "https://registrations.example.org/subscriptions/u-tok/unsubscribe"


def _text(mail) -> str:
    return mail.get_body(("plain",)).get_content()


def _invitation(build, invitee: dict, **extra) -> dict:
    return {
        "invitation_id": str(extra.pop("invitation_id", uuid.uuid4())),
        "round_table_name": "Runder Tisch Marxloh",
        "invitee": {"delegate_id": str(uuid.uuid4()), "organisation_name": "DITIB", **invitee},
        "event": build.registration()["event"],
        "links": {"accept_url": ACCEPT, "decline_url": DECLINE},
        **extra,
    }


def _announcement(build, recipients: list, signup_url: str | None = None, **event) -> dict:
    """``events.event.announced`` of a qualification workshop ("Workshop") to ``recipients``."""
    event = {"type": "qualification_workshop", "title": "Workshop"} | event
    return {
        "announcement_id": str(uuid.uuid4()),
        "event": build.event(event.pop("event_id", uuid.uuid4()), **event),
        "signup_url": signup_url,
        "recipients": recipients,
    }


def test_a_phone_only_delegate_gets_the_invitation_by_sms_with_the_links(
    feed, build, dispatcher, db, twilio
):
    invitee = {"name": "Ali Kaya", "phone": "+4915111111111", "language": "tr"}
    feed("registrations.invitation.sent", _invitation(build, invitee))
    assert dispatcher.dispatch_due(db) == 1
    [sms] = twilio.messages
    assert sms["To"] == "+4915111111111"
    body = sms["Body"]
    assert ACCEPT in body and DECLINE in body  # whole: links are never cut
    assert "18:00" in body and "Gemeindehaus, Hauptstraße 1, Berlin" in body
    assert body.startswith("Davet: Runder Tisch Marxloh")


def test_an_invitation_goes_by_every_channel_and_again_when_resent(
    feed, build, dispatcher, db, smtp_server, twilio
):
    invitee = {"name": "Ayşe Demir", "email": "ayse@example.org", "phone": "+4915122222222"}
    invitation = _invitation(build, invitee)
    feed("registrations.invitation.sent", invitation)
    feed("registrations.invitation.sent", invitation | {"resent": True})
    assert dispatcher.dispatch_due(db) == 4
    mails = smtp_server.mailbox.to("ayse@example.org")
    assert len(mails) == 2 and len(twilio.messages) == 2
    text = _text(mails[0])
    assert "zur Sitzung des Runden Tisches „Runder Tisch Marxloh“ ein" in text
    assert f"Zusagen: {ACCEPT}" in text


def test_a_withdrawn_invitation_drops_what_was_due_and_tells_the_delegate(
    feed, build, dispatcher, db, smtp_server, twilio
):
    invitation_id = uuid.uuid4()
    invitee = {"name": "Ayşe Demir", "email": "ayse@example.org", "phone": "+4915122222222"}
    invitation = _invitation(build, invitee, invitation_id=invitation_id)
    feed("registrations.invitation.sent", invitation)  # not sent yet
    withdrawn = {name: invitation[name] for name in ("invitation_id", "round_table_name")}
    withdrawn |= {"invitee": invitation["invitee"], "event": invitation["event"]}
    feed("registrations.invitation.cancelled", withdrawn | {"reason": "delegate_removed"})
    feed("registrations.invitation.sent", invitation | {"resent": True})  # too late: nothing
    dispatcher.dispatch_due(db)
    [mail] = smtp_server.mailbox.to("ayse@example.org")
    assert mail["Subject"].startswith("Einladung zurückgezogen: Runder Tisch Marxloh")
    assert "nicht mehr am Runden Tisch „Runder Tisch Marxloh“" in _text(mail)
    assert ACCEPT not in mail.as_string()
    [sms] = twilio.messages
    assert sms["Body"].startswith("Einladung zurückgezogen") and ACCEPT not in sms["Body"]
    with db.transaction() as session:
        invitations = session.scalars(select(Delivery).where(Delivery.kind == "invitation"))
        assert {d.status.value for d in invitations} == {"dropped"}
        assert session.get(Recipient, invitation_id).links == {}


def test_an_announcement_reaches_each_contact_person_in_their_language(
    feed, build, dispatcher, db, smtp_server
):
    event_id = uuid.uuid4()
    recipients = [
        {
            "contact_person_id": str(uuid.uuid4()),
            "name": "Fatma Arslan",
            "email": "fatma@example.org",
            "language": "tr",
            "organisation_name": "Kadın Derneği",
        },
        {
            "contact_person_id": str(uuid.uuid4()),
            "name": "سارة",
            "email": "sara@example.org",
            "language": "ar",
            "organisation_name": "",
        },
    ]
    signup = f"https://registrations.example.org/events/{event_id}"
    feed("events.event.announced", _announcement(build, recipients, signup, event_id=event_id))
    assert dispatcher.dispatch_due(db) == 2
    [turkish] = smtp_server.mailbox.to("fatma@example.org")
    [arabic] = smtp_server.mailbox.to("sara@example.org")
    assert turkish["Subject"] == "Yeni tarih: Workshop, 20 Mart 2027 Cumartesi"
    assert "Kadın Derneği kuruluşunu “Workshop”" in _text(turkish)
    assert f"Kayıt olun: {signup}" in _text(turkish)
    assert arabic["Subject"].startswith("موعد جديد: Workshop")
    assert signup in _text(arabic) and 'dir="rtl"' in arabic.get_body(("html",)).get_content()


def test_an_announcements_unsubscribe_link_ends_the_contact_persons_announcements(
    feed, build, dispatcher, db, smtp_server, app
):
    contact_person_id = str(uuid.uuid4())
    derya = {
        "contact_person_id": contact_person_id,
        "name": "Derya Şahin",
        "email": "derya@example.org",
        "language": "de",
        "organisation_name": "Cemevi Duisburg",
    }
    feed("events.event.announced", _announcement(build, [derya]))
    assert dispatcher.dispatch_due(db) == 1
    [mail] = smtp_server.mailbox.to("derya@example.org")
    link = mail["List-Unsubscribe"].strip().strip("<>")
    assert "/api/v1/reminders/stop/" in link
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert f"Abbestellen: {link}" in _text(mail)  # not "stop receiving reminders"
    assert "Erinnerung" not in _text(mail)

    client, path = app.test_client(), "/" + link.split("/", 3)[3]
    page = client.get(path).get_data(as_text=True)
    assert "Sie haben unsere Ankündigung von „Workshop“ erhalten." in page
    assert "Ankündigungen abbestellen</button>" in page and "Erinnerung" not in page
    assert outbox_messages(db, "notifications.announcements.stopped") == []  # a GET never acts
    for _ in range(2):  # the one-click POST, then the page's button again
        answer = client.post(
            path,
            data="List-Unsubscribe=One-Click",
            content_type="application/x-www-form-urlencoded",
        )
        assert answer.status_code == 200
        html = answer.get_data(as_text=True)
        assert "Sie erhalten keine Ankündigungen unserer Veranstaltungen mehr." in html
    [stopped] = outbox_messages(db, "notifications.announcements.stopped")
    assert stopped["data"]["contact_person_id"] == contact_person_id
    assert outbox_messages(db, "notifications.reminders.stopped") == []  # nothing for registrations


def test_a_phone_only_contact_person_gets_the_announcement_by_sms_with_the_way_out(
    feed, build, dispatcher, db, twilio, app
):
    def announce(signup_url):
        ali = {
            "contact_person_id": str(uuid.uuid4()),
            "name": "Ali Doğan",
            "phone": "+492011234567",
            "language": "de",
        }
        feed("events.event.announced", _announcement(build, [ali], signup_url))

    signup = "https://registrations.example.org/events/e-1"
    announce(signup)
    announce(None)  # an event without a sign-up link: no "Anmelden:" left dangling
    assert dispatcher.dispatch_due(db) == 2
    with_link, without = (sms["Body"] for sms in twilio.messages)
    assert f"Anmelden: {signup} Abbestellen: " in with_link
    assert "Anmelden" not in without and without.startswith("Workshop, ")
    assert ". Abbestellen: http" in without
    stop = with_link.rsplit("Abbestellen: ", 1)[1]
    assert "/api/v1/reminders/stop/" in stop
    answer = app.test_client().post("/" + stop.split("/", 3)[3])
    assert "keine Ankündigungen" in answer.get_data(as_text=True)
    assert len(outbox_messages(db, "notifications.announcements.stopped")) == 1


def _subscription(**extra) -> dict:
    return {
        "subscription_id": str(extra.pop("subscription_id", uuid.uuid4())),
        "topic": {"kind": "series", "key": "abendvortraege-2027", "title": "Abendvorträge 2027"},
        "subscriber": {"name": "Lena Vogel", "email": "lena@example.org", "language": "de"},
        "links": {
            "confirm_url": "https://registrations.example.org/subscriptions/c-tok/confirm",
            "unsubscribe_url": UNSUBSCRIBE,
        },
        **extra,
    }


def _one_click(mail) -> None:
    assert mail["List-Unsubscribe"].strip() == f"<{UNSUBSCRIBE}>"
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert f"Abbestellen: {UNSUBSCRIBE}" in _text(mail)


def test_a_subscription_asks_to_confirm_then_announces_once(
    feed, build, dispatcher, db, smtp_server
):
    subscription_id = uuid.uuid4()
    requested = _subscription(subscription_id=subscription_id)
    feed("registrations.subscription.requested", requested)
    feed("registrations.subscription.requested", requested)  # asked for the link again
    dispatcher.dispatch_due(db)
    asked = smtp_server.mailbox.to("lena@example.org")
    assert [m["Subject"] for m in asked] == 2 * [
        "Bitte bestätigen Sie Ihr Abonnement: Abendvorträge 2027"
    ]
    assert "/subscriptions/c-tok/confirm" in _text(asked[0])
    _one_click(asked[0])

    event = build.registration(title="Abendvortrag: Pflege")["event"]
    signup = f"https://registrations.example.org/events/{event['event_id']}"
    confirmed = {"confirm_url": None, "unsubscribe_url": UNSUBSCRIBE}
    announced = requested | {"event": event, "signup_url": signup, "links": confirmed}
    feed("registrations.subscription.announced", announced)
    feed("registrations.subscription.announced", announced)  # once per subscription and date
    dispatcher.dispatch_due(db)
    [mail] = smtp_server.mailbox.to("lena@example.org")[2:]
    assert mail["Subject"] == "Neuer Termin: Abendvortrag: Pflege am Samstag, 20. März 2027"
    assert "„Abendvorträge 2027“, das Sie abonniert haben" in _text(mail)
    assert f"Anmelden: {signup}" in _text(mail)
    _one_click(mail)


def test_everyone_written_to_is_erased_and_forgotten(feed, build, db, clock, traces):
    feed(
        "registrations.invitation.sent",
        _invitation(build, {"name": "Ali Kaya", "phone": "+4915111111111"}),
    )
    feed("registrations.subscription.requested", _subscription())
    event_id = uuid.uuid4()
    person = {
        "contact_person_id": str(uuid.uuid4()),
        "name": "Fatma Arslan",
        "email": "fatma@example.org",
    }
    feed(
        "events.event.announced",
        {
            "announcement_id": str(uuid.uuid4()),
            "event": build.event(event_id),
            "signup_url": None,
            "recipients": [person],
        },
    )
    request = PersonKeys.of(phone="+4915111111111").as_data()
    feed("registrations.erasure.requested", {"request_id": str(uuid.uuid4()), **request})
    assert traces("Ali Kaya", "ali@example.org", "+4915111111111").in_database(db) == []
    # the subscription request and the announcement: forgotten after the retention period
    assert traces("Lena Vogel", "lena@example.org").in_database(db)
    fatma = traces("Fatma Arslan", "fatma@example.org")
    clock.advance(days=31)  # a month after the request, the event ended less than that ago
    with db.transaction() as session:
        apply_retention(session, clock.now)
    assert traces("Lena Vogel", "lena@example.org").in_database(db) == []
    assert fatma.in_database(db)
    clock.advance(days=20)  # a month after the event
    with db.transaction() as session:
        apply_retention(session, clock.now)
    assert fatma.in_database(db) == []
    with db.transaction() as session:  # nor a tie to her row in the directory
        kept = session.scalars(
            select(Recipient.contact_person_id).where(Recipient.erased_at.is_not(None))
        )
        assert set(kept) == {None}
