"""Contact data at rest: after a person got a confirmation, reminders by email and an SMS (and
another's address and number were refused, the answers quoting them), neither a dump of the
PostgreSQL database nor the embedded mode's SQLite file holds a name, an address or a number
in clear; the service still reads them, and the delivery log's answers quote neither. A new
data key rewrites every value and hash."""

from __future__ import annotations

import subprocess
import uuid

from sqlalchemy import select

from dialog_notifications.config import NotificationsSettings
from dialog_notifications.messaging.handlers import HANDLERS
from dialog_notifications.models import Base, DeliveryAttempt, Recipient
from dialog_notifications.scheduler import build_dispatcher
from dialog_platform import crypto
from dialog_platform.db import Database
from dialog_platform.migrations import upgrade
from dialog_platform.personal import email_hash, phone_hash
from dialog_platform.rotation import rotate_keys
from dialog_platform.testing.messages import deliver
from dialog_platform.testing.plugin import TEST_DATA_KEY
from dialog_platform.testing.resources import libpq_url

ZEYNEP = {
    "name": "Zeynep Kaya",
    "email": "Zeynep.Kaya@Example.org",
    "phone": "+4915112345678",
    "sms_consent": True,
}
#: Refused by the SMTP server ("rejected...") and by the SMS provider (not a valid number).
REFUSED = {
    "name": "Emre Yıldız",
    "email": "rejected.emre@example.org",
    "phone": "+49123",
    "sms_consent": True,
    "starts_at": "2027-03-20T19:00:00+01:00",
    "ends_at": "2027-03-20T21:00:00+01:00",
}


def _three_hours_before(clock) -> None:
    clock.now = clock.now.replace(day=20, hour=14)  # 15:00 in Berlin: SMS and reminders due


def test_a_dump_of_the_database_holds_no_contact_data(
    confirm, db, dispatcher, clock, smtp_server, twilio, traces
):
    ids = [confirm(**ZEYNEP)["registration_id"], confirm(**REFUSED)["registration_id"]]
    dispatcher.dispatch_due(db)
    _three_hours_before(clock)
    dispatcher.dispatch_due(db)
    clock.advance(hours=1)
    dispatcher.dispatch_due(db)  # the refused SMS, an hour later
    assert len(smtp_server.mailbox.to(ZEYNEP["email"])) == 3
    assert [m["To"] for m in twilio.messages] == [ZEYNEP["phone"]]

    dump = subprocess.run(
        ["pg_dump", "--no-owner", libpq_url(db.url)], capture_output=True, text=True, check=True
    ).stdout
    assert "COPY public.recipient" in dump
    assert traces(ZEYNEP["name"], ZEYNEP["email"], ZEYNEP["phone"]).in_text(dump) == []
    assert traces(REFUSED["name"], REFUSED["email"]).in_text(dump) == []
    assert REFUSED["phone"] not in dump

    with db.transaction() as session:
        zeynep = session.get(Recipient, uuid.UUID(ids[0]))
        assert (zeynep.name, zeynep.email, zeynep.phone) == tuple(ZEYNEP.values())[:3]
        assert zeynep.email_hash == email_hash("zeynep.kaya@example.org")
        assert zeynep.phone_hash == phone_hash(ZEYNEP["phone"])
        assert zeynep.links["cancel_url"].endswith("/cancel/tok-1")
        answers = session.scalars(select(DeliveryAttempt.answer)).all()
    refusals = [a for a in answers if a.startswith(("550", "400"))]
    assert len(refusals) == 4  # the confirmation, two email reminders, the SMS
    assert any("Recipient address rejected" in a for a in refusals)
    assert any("The 'To' number" in a for a in refusals)
    assert not [a for a in answers if "rejected.emre" in a or "+49123" in a]


def test_the_embedded_database_file_holds_no_contact_data(
    monkeypatch, tmp_path, clock, build, traces
):
    monkeypatch.setenv("DIALOG_ENV", "embedded")
    monkeypatch.setenv("DIALOG_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("DIALOG_DATA_KEYS", TEST_DATA_KEY)
    for name in ("NOTIFICATIONS_DATABASE_URL", "AMQP_URL", "SMTP_HOST", "SMS_ACCOUNT_SID"):
        monkeypatch.delenv(name, raising=False)
    settings = NotificationsSettings.from_env()
    upgrade("dialog_notifications", settings.database_url)
    db = Database.of(settings)
    try:
        data = build.registration(**ZEYNEP)
        for message_type, message in (
            ("events.event.published", build.snapshot_of(data)),
            ("registrations.registration.confirmed", data),
        ):
            deliver(db, HANDLERS, message_type, message, consumer="notifications")
        dispatcher = build_dispatcher(settings)
        dispatcher.dispatch_due(db)
        _three_hours_before(clock)
        dispatcher.dispatch_due(db)
        assert dispatcher.sent == 4
    finally:
        db.dispose()
    files = sorted(tmp_path.glob("notifications.sqlite*"))
    assert files and (tmp_path / "sms.log").exists() and len(list(settings.mail_dir.iterdir())) == 3
    stored = b"".join(path.read_bytes() for path in files).decode("latin-1")
    zeynep = traces(ZEYNEP["name"], ZEYNEP["email"], ZEYNEP["phone"])
    assert zeynep.in_text(stored) == []
    assert zeynep.in_text((tmp_path / "sms.log").read_text()) == [ZEYNEP["phone"]]  # it looks


def test_rotating_the_key_rewrites_every_value_and_hash(confirm, db, dispatcher, clock, traces):
    recipient_id = confirm(**ZEYNEP)["registration_id"]
    dispatcher.dispatch_due(db)
    new_key = crypto.new_key()
    crypto.use_keys([new_key, TEST_DATA_KEY])  # the new key first, the old behind it
    try:
        written = rotate_keys(db, Base)
        assert written["recipient"] == 1 and written["delivery_attempt"] > 0
        crypto.use_keys([new_key])  # the old key dropped: everything still reads
        with db.transaction() as session:
            person = session.get(Recipient, uuid.UUID(recipient_id))
            assert (person.name, person.email) == (ZEYNEP["name"], ZEYNEP["email"])
            assert person.email_hash == email_hash(ZEYNEP["email"])
            assert all(session.scalars(select(DeliveryAttempt.answer)))
    finally:
        crypto.use_keys([TEST_DATA_KEY])
