"""Fixtures of the registrations service's tests: the app on a fresh, migrated database, events
copied in through the real message handler, and the app served over HTTP in a thread."""

from __future__ import annotations

import threading
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from werkzeug.serving import make_server

from dialog_platform.testing.messages import deliver, outbox_messages


@pytest.fixture
def registrations_app(service_app, monkeypatch):
    monkeypatch.setenv("REGISTRATIONS_SIGNUP_LIMIT", "100000")
    return service_app("registrations")


def event_data(**overrides) -> dict:
    """An EventSnapshot of a published event a week ahead, open for sign-up."""
    starts = datetime.now(UTC).replace(microsecond=0) + timedelta(days=7)
    data = {
        "event_id": uuid.uuid4(),
        "version": 2,
        "status": "published",
        "type": "information_event",
        "title": "Infoabend Wohlfahrtspflege",
        "starts_at": starts.isoformat(),
        "ends_at": (starts + timedelta(hours=2)).isoformat(),
        "capacity": 20,
        "requires_email_confirmation": False,
        "venue": {"name": "Gemeindezentrum", "address": "Hauptstr. 1, Köln"},
    }
    return data | overrides


def _deliver(app, message_type: str, data: dict) -> None:
    """Hand a message to the service's handler as the consumer would (contract both ways)."""
    from dialog_registrations.messaging.handlers import HANDLERS

    deliver(app.extensions["dialog_db"], HANDLERS, message_type, data, consumer="registrations")


@pytest.fixture
def event_snapshot():
    """Call with overrides: the data of an EventSnapshot (a published event a week ahead)."""
    return event_data


@pytest.fixture
def published_event(registrations_app):
    """Call with EventSnapshot overrides; the event is copied in and its id returned."""

    def publish(**overrides) -> uuid.UUID:
        data = event_data(**overrides)
        _deliver(registrations_app, "events.event.published", data)
        return data["event_id"]

    return publish


@pytest.fixture
def sent_messages(registrations_app):
    """Call with a message type (or none): the messages in the outbox, oldest first."""
    db = registrations_app.extensions["dialog_db"]
    return lambda message_type=None: outbox_messages(db, message_type)


@pytest.fixture
def deliver_message(registrations_app):
    """Call with a message type and its data: handled as the consumer would."""
    return lambda message_type, data: _deliver(registrations_app, message_type, data)


@pytest.fixture
def live_server(registrations_app):
    """The app served by werkzeug in a thread on 127.0.0.1 (a free port): its base URL."""
    server = make_server("127.0.0.1", 0, registrations_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)
