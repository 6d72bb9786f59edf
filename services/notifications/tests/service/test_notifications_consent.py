"""Consent: a withdrawn consent to SMS stops every SMS to that person at once (whatever the
message's version), and pressing "stop reminders" tells the registrations service, once,
through the outbox in the same transaction as the stop."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from dialog_notifications.models import Delivery, Recipient
from dialog_platform.testing.messages import outbox_messages


def _sms_statuses(db) -> list[str]:
    with db.transaction() as session:
        rows = session.scalars(select(Delivery.status).where(Delivery.channel == "sms"))
        return sorted(status.value for status in rows)


def test_no_sms_after_the_consent_is_withdrawn(confirm, feed, build, db, dispatcher, clock, twilio):
    data = confirm(phone="+4915112345678", sms_consent=True)
    keeps = confirm(phone="+4915187654321", sms_consent=True, email="bob@example.org")
    assert _sms_statuses(db) == ["queued", "queued"]
    withdrawn = dict(data, purpose="sms_reminders")  # the same version as the confirmation
    withdrawn["participant"] = dict(data["participant"], sms_consent=False)
    feed("registrations.registration.consent_withdrawn", withdrawn)
    assert _sms_statuses(db) == ["dropped", "queued"]

    clock.now = clock.now.replace(day=20, hour=14)  # the SMS reminders' time
    dispatcher.dispatch_due(db)
    assert [m["To"] for m in twilio.messages] == ["+4915187654321"]
    with db.transaction() as session:
        assert session.get(Recipient, uuid.UUID(data["registration_id"])).sms_consent is False
        assert session.get(Recipient, uuid.UUID(keeps["registration_id"])).sms_consent is True


def test_a_consent_withdrawn_before_anything_else_is_kept(feed, build, db):
    data = build.registration(phone="+4915112345678", sms_consent=True, purpose="sms_reminders")
    feed("events.event.published", build.snapshot_of(data))
    feed("registrations.registration.consent_withdrawn", data)
    with db.transaction() as session:
        recipient = session.get(Recipient, uuid.UUID(data["registration_id"]))
        assert recipient.sms_consent is False
    assert _sms_statuses(db) == []


def test_stopping_reminders_is_told_once_through_the_outbox(confirm, app, db):
    data = confirm()
    with db.transaction() as session:
        token = session.get(Recipient, uuid.UUID(data["registration_id"])).stop_token
    client = app.test_client()
    assert client.post(f"/api/v1/reminders/stop/{token}").status_code == 200
    assert client.post(f"/api/v1/reminders/stop/{token}").status_code == 200  # already done
    [stopped] = outbox_messages(db, "notifications.reminders.stopped")
    assert stopped["data"]["recipient_id"] == data["registration_id"]
    assert stopped["data"]["stopped_at"].startswith("2027-03-01T09:00:00")
