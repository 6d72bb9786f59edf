"""Fixtures of the notifications service's tests: the app on a fresh, migrated PostgreSQL
database (the plugin's ``service_app``), its database, ``feed`` which hands a message to the real
handlers the way the consumer does (the plugin's ``deliver``) at the test's fixed ``clock``, and
builders of contract-valid message data."""

from __future__ import annotations

import uuid
from functools import partial
from types import SimpleNamespace

import pytest

from dialog_notifications.messaging.handlers import HANDLERS
from dialog_platform.testing.messages import deliver

#: The plan the events service gives an event when staff name none: an email a week and a day
#: before, an SMS three hours before (to those who agreed to SMS).
PLAN = [
    {"channel": "email", "minutes_before": 7 * 24 * 60},
    {"channel": "email", "minutes_before": 24 * 60},
    {"channel": "sms", "minutes_before": 3 * 60},
]


@pytest.fixture
def app(service_app):
    return service_app("notifications")


@pytest.fixture
def db(app):
    return app.extensions["dialog_db"]


@pytest.fixture
def feed(db, clock):
    """``feed(type, data)``: the message through its contract, the inbox and its handler."""
    return partial(deliver, db, HANDLERS, consumer="notifications")


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
        "reminder_plan": extra.pop("reminder_plan", PLAN),
        **extra,
    }


def _snapshot_of(registration: dict, **extra) -> dict:
    """The events service's snapshot of the event a registration message sums up, at the same
    version and time (with ``PLAN`` unless told otherwise)."""
    summary = registration["event"]
    same = {name: summary[name] for name in ("version", "starts_at", "ends_at", "title")}
    return _event(summary["event_id"], **(same | extra))


@pytest.fixture
def build():
    """Builders of contract-valid message data."""
    return SimpleNamespace(registration=_registration, event=_event, snapshot_of=_snapshot_of)


@pytest.fixture
def confirm(feed, build):
    """``confirm(**registration)``: the event is published with its plan, then a registration
    for it is confirmed; returns the registration's data."""

    def published_and_confirmed(**overrides) -> dict:
        data = build.registration(**overrides)
        feed("events.event.published", build.snapshot_of(data))
        feed("registrations.registration.confirmed", data)
        return data

    return published_and_confirmed
