"""Fixtures of the notifications service's tests: a migrated PostgreSQL database, an injectable
clock, and ``feed`` which hands a contract-valid message to the real handlers the way the
consumer does (contract load, inbox row, handler, one transaction)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest

from dialog_platform.db import Database
from dialog_platform.messaging.contracts import dump_for_publishing, load_received
from dialog_platform.messaging.envelope import Envelope
from dialog_platform.messaging.inbox import record_once
from dialog_platform.migrations import upgrade


class FakeClock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock():
    return FakeClock(datetime(2027, 3, 1, 9, 0, tzinfo=UTC))


@pytest.fixture
def notifications_url(service_env):
    url = service_env("notifications")
    upgrade("dialog_notifications", url)
    return url


@pytest.fixture
def db(notifications_url):
    database = Database(notifications_url)
    yield database
    database.dispose()


@pytest.fixture
def handlers(clock):
    from dialog_notifications.messaging.handlers import make_handlers

    return make_handlers(clock)


def envelope_for(message_type: str, data: dict, producer: str | None = None) -> Envelope:
    return Envelope(
        type=message_type,
        version=1,
        producer=producer or message_type.split(".")[0],
        data=dump_for_publishing(message_type, 1, data),
        correlation_id="test",
    )


@pytest.fixture
def feed(db, handlers):
    def deliver(message_type: str, data: dict, envelope: Envelope | None = None) -> Envelope:
        envelope = envelope or envelope_for(message_type, data)
        with db.transaction() as session:
            loaded = load_received(envelope.type, envelope.version, envelope.data)
            if record_once(session, "notifications", envelope.id, envelope.type):
                handlers[envelope.type](session, envelope, loaded)
        return envelope

    return deliver


def _registration(
    status="confirmed",
    version=1,
    language="de",
    email="ada@example.org",
    phone=None,
    sms_consent=False,
    event_id=None,
    registration_id=None,
    starts_at="2027-03-20T18:00:00+01:00",
    title="Gesprächsabend",
    event_version=2,
    **extra,
) -> dict:
    return {
        "registration_id": str(registration_id or uuid.uuid4()),
        "version": version,
        "status": status,
        "takes_seat": status in ("pending", "confirmed", "attended", "no_show"),
        "waitlist_position": extra.pop("waitlist_position", None),
        "participant": {
            "name": extra.pop("name", "Ada Example"),
            "email": email,
            "phone": phone,
            "language": language,
            "sms_consent": sms_consent,
        },
        "event": {
            "event_id": str(event_id or uuid.uuid4()),
            "version": event_version,
            "title": title,
            "starts_at": starts_at,
            "ends_at": extra.pop("ends_at", "2027-03-20T20:00:00+01:00"),
            "venue": {"name": "Gemeindehaus", "address": "Hauptstraße 1, Berlin"},
        },
        "links": {
            "confirm_url": "https://registrations.example.org/confirm/tok-1",
            "cancel_url": "https://registrations.example.org/cancel/tok-1",
        },
        **extra,
    }


def _event(event_id, version=3, starts_at="2027-03-20T18:00:00+01:00", **extra) -> dict:
    return {
        "event_id": str(event_id),
        "version": version,
        "status": extra.pop("status", "published"),
        "type": "evening_lecture",
        "title": extra.pop("title", "Gesprächsabend"),
        "starts_at": starts_at,
        "ends_at": extra.pop("ends_at", "2027-03-20T20:00:00+01:00"),
        "venue": extra.pop("venue", {"name": "Gemeindehaus", "address": "Hauptstraße 1, Berlin"}),
        "reminder_plan": extra.pop("reminder_plan", []),
        **extra,
    }


@pytest.fixture
def build():
    """Builders of contract-valid message data."""
    return SimpleNamespace(registration=_registration, event=_event)
