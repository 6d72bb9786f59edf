"""SMTP down for a while: sends are retried with growing delays and all arrive, once, when it is
back. A permanently refused address or number is not retried, and staff see it."""

from __future__ import annotations

import json
import uuid

from sqlalchemy import select

from dialog_notifications.models import Delivery, DeliveryAttempt
from dialog_platform.testing.messages import outbox_messages


def _statuses(db) -> list[str]:
    with db.transaction() as session:
        return sorted(s.value for s in session.scalars(select(Delivery.status)))


def test_mails_wait_out_an_smtp_outage_and_arrive_once(
    feed, build, db, dispatcher, clock, smtp_server
):
    people = [f"person{i}@example.org" for i in range(5)]
    for address in people:
        feed(
            "registrations.registration.created",
            build.registration(status="pending", email=address),
        )
    smtp_server.stop()
    assert dispatcher.dispatch_due(db) == 5
    assert _statuses(db) == ["retrying"] * 5
    clock.advance(seconds=59)
    assert dispatcher.dispatch_due(db) == 0  # the first retry waits a minute
    clock.advance(seconds=1)
    assert dispatcher.dispatch_due(db) == 5  # still down: the next delay is longer
    clock.advance(seconds=299)
    assert dispatcher.dispatch_due(db) == 0
    smtp_server.start()  # back, on the same port
    clock.advance(seconds=1)
    assert dispatcher.dispatch_due(db) == 5
    assert sorted(m["To"] for m in smtp_server.mailbox.messages) == people
    assert _statuses(db) == ["sent"] * 5
    clock.advance(days=1)
    assert dispatcher.dispatch_due(db) == 0
    assert len(smtp_server.mailbox.messages) == 5
    with db.transaction() as session:
        outcomes = session.scalars(select(DeliveryAttempt.outcome).order_by(DeliveryAttempt.id))
        assert sorted(set(outcomes)) == ["queued", "retrying", "sent"]
    assert [m["type"] for m in outbox_messages(db)] == ["notifications.delivery.sent"] * 5


def test_retries_end_in_a_failure_staff_can_see(feed, build, db, dispatcher, clock, smtp_server):
    dispatcher.retry_delays = (60, 120)
    feed("registrations.registration.created", build.registration(status="pending"))
    smtp_server.stop()
    for step in (0, 60, 120):
        clock.advance(seconds=step)
        assert dispatcher.dispatch_due(db) == 1
    clock.advance(days=1)
    assert dispatcher.dispatch_due(db) == 0
    assert _statuses(db) == ["failed"]
    [message] = outbox_messages(db)
    assert message["type"] == "notifications.delivery.failed"
    assert message["data"]["attempts"] == 3
    assert "ada@example.org" not in json.dumps(message)


def test_refused_address_is_not_retried(
    feed, build, app, db, dispatcher, clock, smtp_server, staff_headers
):
    event_id = uuid.uuid4()
    refused = build.registration(status="pending", email="rejected@example.org", event_id=event_id)
    feed("registrations.registration.created", refused)
    feed(
        "registrations.registration.created",
        build.registration(status="pending", event_id=event_id),
    )
    assert dispatcher.dispatch_due(db) == 2
    clock.advance(days=2)
    assert dispatcher.dispatch_due(db) == 0
    assert _statuses(db) == ["failed", "sent"]
    assert [m["To"] for m in smtp_server.mailbox.messages] == ["ada@example.org"]
    [failed] = outbox_messages(db, "notifications.delivery.failed")
    assert failed["data"]["attempts"] == 1
    assert failed["data"]["error"].startswith("550 5.1.1")
    assert "rejected@example.org" not in failed["data"]["error"]

    client = app.test_client()
    log = client.get(f"/api/v1/deliveries?event_id={event_id}", headers=staff_headers("staff"))
    failed_only = client.get("/api/v1/deliveries?status=failed", headers=staff_headers("staff"))
    assert log.status_code == 200
    by_status = {entry["delivery"]["status"]: entry for entry in log.json}
    assert set(by_status) == {"failed", "sent"}
    assert "Recipient address rejected" in by_status["failed"]["delivery"]["last_error"]
    assert [a["outcome"] for a in by_status["failed"]["attempts"]] == ["queued", "failed"]
    assert [e["delivery"]["id"] for e in failed_only.json] == [
        by_status["failed"]["delivery"]["id"]
    ]


def _sms(db) -> dict[str, tuple[str, str]]:
    with db.transaction() as session:
        rows = session.scalars(select(Delivery).where(Delivery.channel == "sms")).all()
        return {str(r.recipient_id): (r.status.value, (r.last_error or "")[:9]) for r in rows}


def test_sms_provider_errors_temporary_and_permanent(confirm, db, dispatcher, clock, twilio):
    ok = confirm(phone="+4915112345678", sms_consent=True, email="a@example.org")
    bad = confirm(
        phone="+49123",
        sms_consent=True,
        email="b@example.org",
        starts_at="2027-03-20T19:00:00+01:00",
        ends_at="2027-03-20T21:00:00+01:00",
    )
    ok_id, bad_id = ok["registration_id"], bad["registration_id"]
    twilio.unavailable = 1  # the next request gets 503 Service Unavailable
    clock.now = clock.now.replace(day=20, hour=14)  # 3 hours before the first event
    dispatcher.dispatch_due(db)
    assert _sms(db)[ok_id] == ("retrying", "503 20500")
    clock.advance(hours=1)  # the retry is due, and so is the second event's SMS
    dispatcher.dispatch_due(db)
    assert _sms(db) == {ok_id: ("sent", ""), bad_id: ("failed", "400 21211")}
    clock.advance(days=1)
    dispatcher.dispatch_due(db)
    assert [m["To"] for m in twilio.messages] == ["+4915112345678"]
