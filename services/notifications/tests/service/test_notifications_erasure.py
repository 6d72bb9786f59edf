"""Erasure and export requests through the real handlers: an erased person is nowhere in the
database (as stored or as read), the mail folder or the SMS log, their pending messages are
dropped and the delivery log keeps outcomes and times; others are untouched; the answer is in
the outbox, and a repeated request is harmless. An export holds that person's data only."""

from __future__ import annotations

import uuid

from sqlalchemy import select, update

from dialog_notifications.models import Delivery, DeliveryAttempt, Recipient
from dialog_platform.messaging.tables import outbox
from dialog_platform.privacy import PersonKeys
from dialog_platform.testing.messages import outbox_messages

ZEYNEP = {
    "name": "Zeynep Kaya",
    "email": "zeynep.kaya@example.org",
    "phone": "+4915112345678",
    "sms_consent": True,
}
OTHER = {
    "name": "Bob Other",
    "email": "bob@example.org",
    "phone": "+4915187654321",
    "sms_consent": True,
}


def _request(**person) -> dict:
    return {"request_id": str(uuid.uuid4()), **PersonKeys.of(**person).as_data()}


def _two_people_notified(confirm, db, embedded_dispatcher, clock) -> tuple[str, str]:
    """Both confirmed for the same event: the confirmation and two email reminders sent, the
    SMS still pending."""
    event_id = uuid.uuid4()
    zeynep = confirm(event_id=event_id, **ZEYNEP)["registration_id"]
    other = confirm(event_id=event_id, **OTHER)["registration_id"]
    embedded_dispatcher.dispatch_due(db)
    clock.now = clock.now.replace(day=19, hour=18)  # a day before: both email reminders
    embedded_dispatcher.dispatch_due(db)
    return zeynep, other


def _sms_sent(db, embedded_dispatcher, clock) -> None:
    clock.now = clock.now.replace(day=20, hour=14)
    embedded_dispatcher.dispatch_due(db)


def test_an_erased_person_is_nowhere_and_others_are_untouched(
    confirm, feed, db, embedded_dispatcher, clock, files, traces
):
    zeynep_id, other_id = _two_people_notified(confirm, db, embedded_dispatcher, clock)
    feed("registrations.export.requested", _request(email=ZEYNEP["email"]))
    _mark_outbox_sent(db)  # the relay published the export: a sent row that names her
    zeynep, other = traces(*list(ZEYNEP.values())[:3]), traces(*list(OTHER.values())[:3])
    assert zeynep.in_files(*files) and zeynep.in_database(db)
    other_files = other.in_files(*files)
    assert len(other_files) == 3

    request = _request(email=ZEYNEP["email"].upper(), phone="0151 12345678")
    feed("registrations.erasure.requested", request)

    assert zeynep.in_database(db) == []
    assert zeynep.in_files(*files) == []
    [answer] = outbox_messages(db, "notifications.erasure.completed")
    assert answer["data"]["request_id"] == request["request_id"]
    assert answer["data"]["erased"] == {
        "recipients": 1,
        "deliveries_dropped": 1,  # her SMS reminder
        "contexts_cleared": 1,  # the confirmation's
        "mail_files": 3,
        "sms_log_lines": 0,
        "outbox": 1,  # the export's answer
        "dead_letters": 0,
    }
    assert outbox_messages(db, "notifications.export.completed") == []
    with db.transaction() as session:
        erased = session.get(Recipient, uuid.UUID(zeynep_id))
        assert (erased.status, erased.email_hash, erased.phone_hash) == ("confirmed", None, None)
        assert erased.links == {} and erased.erased_at == clock.now
        log = _log_of(session, zeynep_id)
    assert log["reminder:sms"] == ["queued", "dropped"]
    assert log["seat_confirmed:email"] == ["queued", "sent"]
    assert sorted(log["reminder:email"]) == ["queued", "queued", "sent", "sent"]

    _sms_sent(db, embedded_dispatcher, clock)  # nothing more goes to her; the other gets his
    assert other.in_files(*files) == [*other_files, "sms.log:1"]
    with db.transaction() as session:
        kept = session.get(Recipient, uuid.UUID(other_id))
        assert (kept.name, kept.email, kept.phone) == tuple(OTHER.values())[:3]

    feed("registrations.erasure.requested", request)  # again, e.g. the ledger replayed
    again = outbox_messages(db, "notifications.erasure.completed")[-1]["data"]["erased"]
    assert set(again.values()) == {0}
    assert other.in_files(*files) == [*other_files, "sms.log:1"]


def test_erasure_by_number_removes_the_sms_log_lines(
    confirm, feed, db, embedded_dispatcher, clock, files, traces
):
    _two_people_notified(confirm, db, embedded_dispatcher, clock)
    _sms_sent(db, embedded_dispatcher, clock)
    zeynep, other = traces(*list(ZEYNEP.values())[:3]), traces(*list(OTHER.values())[:3])
    assert zeynep.in_files(*files)[-1].startswith("sms.log")

    feed("registrations.erasure.requested", _request(phone=ZEYNEP["phone"]))

    [answer] = outbox_messages(db, "notifications.erasure.completed")
    assert answer["data"]["erased"]["sms_log_lines"] == 1
    assert zeynep.in_files(*files) == [] and zeynep.in_database(db) == []
    assert len(other.in_files(*files)) == 4  # three mails and his SMS


def test_an_export_holds_that_persons_data_only(confirm, feed, db, embedded_dispatcher, clock):
    zeynep_id, other_id = _two_people_notified(confirm, db, embedded_dispatcher, clock)
    request = _request(email=ZEYNEP["email"])
    feed("registrations.export.requested", request)

    [answer] = outbox_messages(db, "notifications.export.completed")
    assert answer["data"]["request_id"] == request["request_id"]
    records = answer["data"]["document"]["records"]
    [recipient] = records["recipients"]
    assert recipient["id"] == zeynep_id
    assert {k: recipient[k] for k in ("name", "email", "phone", "sms_consent")} == ZEYNEP
    assert (recipient["language"], recipient["reminders_stopped"]) == ("de", False)
    assert recipient["event_title"] == "Gesprächsabend"
    kinds = sorted((d["kind"], d["channel"], d["status"]) for d in records["deliveries"])
    assert kinds == [
        ("reminder", "email", "sent"),
        ("reminder", "email", "sent"),
        ("reminder", "sms", "queued"),
        ("seat_confirmed", "email", "sent"),
    ]
    assert {d["recipient_id"] for d in records["deliveries"]} == {zeynep_id}
    shown = str(answer["data"])
    assert other_id not in shown and "bob" not in shown.lower() and "87654321" not in shown
    assert isinstance(answer["sealed"]["document"], str)  # the outbox holds it sealed

    feed("registrations.export.requested", _request(email="nobody@example.org"))
    nobody = outbox_messages(db, "notifications.export.completed")[-1]["data"]["document"]
    assert nobody == {"records": {"recipients": [], "deliveries": []}}


def _mark_outbox_sent(db) -> None:
    with db.transaction() as session:
        session.execute(update(outbox).values(sent_at=outbox.c.created_at))


def _log_of(session, recipient_id: str) -> dict[str, list[str]]:
    rows = session.execute(
        select(Delivery.kind, Delivery.channel, DeliveryAttempt.outcome)
        .join(DeliveryAttempt, DeliveryAttempt.delivery_id == Delivery.id)
        .where(Delivery.recipient_id == uuid.UUID(recipient_id))
        .order_by(Delivery.kind, DeliveryAttempt.id)
    )
    log: dict[str, list[str]] = {}
    for kind, channel, outcome in rows:
        log.setdefault(f"{kind}:{channel}", []).append(outcome)
    return log
