"""Fixtures of the registrations service's tests: the app on a fresh, migrated database, events
copied in through the real message handler, and the app served over HTTP in a thread."""

from __future__ import annotations

import json
import threading
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from werkzeug.serving import make_server

from dialog_platform.messaging.contracts import dump_for_publishing, load_received
from dialog_platform.messaging.envelope import Envelope
from dialog_platform.messaging.tables import outbox
from dialog_platform.migrations import upgrade


@pytest.fixture
def registrations_app(service_env, monkeypatch):
    from dialog_registrations.app import create_app

    monkeypatch.setenv("REGISTRATIONS_SIGNUP_LIMIT", "100000")
    upgrade("dialog_registrations", service_env("registrations"))
    app = create_app()
    yield app
    app.extensions["dialog_db"].dispose()


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


def deliver(app, message_type: str, data: dict) -> None:
    """Hand a message to the service's handler as the consumer would (contract both ways)."""
    from dialog_registrations.messaging.handlers import HANDLERS

    wire = dump_for_publishing(message_type, 1, data)
    envelope = Envelope(message_type, 1, "events", wire, correlation_id="test")
    with app.extensions["dialog_db"].transaction() as session:
        HANDLERS[message_type](session, envelope, load_received(message_type, 1, wire))


@pytest.fixture
def event_snapshot():
    """Call with overrides: the data of an EventSnapshot (a published event a week ahead)."""
    return event_data


@pytest.fixture
def published_event(registrations_app):
    """Call with EventSnapshot overrides; the event is copied in and its id returned."""

    def publish(**overrides) -> uuid.UUID:
        data = event_data(**overrides)
        deliver(registrations_app, "events.event.published", data)
        return data["event_id"]

    return publish


def _sent_messages(app, message_type: str | None = None) -> list[dict]:
    with app.extensions["dialog_db"].transaction() as session:
        rows = session.execute(select(outbox.c.type, outbox.c.body).order_by(outbox.c.id)).all()
    messages = [{"type": t, "data": json.loads(body)["data"]} for t, body in rows]
    return [m for m in messages if message_type is None or m["type"] == message_type]


@pytest.fixture
def sent_messages(registrations_app):
    """Call with a message type (or none): the messages in the outbox, oldest first."""
    return lambda message_type=None: _sent_messages(registrations_app, message_type)


@pytest.fixture
def deliver_message(registrations_app):
    """Call with a message type and its data: handled as the consumer would."""
    return lambda message_type, data: deliver(registrations_app, message_type, data)


@pytest.fixture
def live_server(registrations_app):
    """The app served by werkzeug in a thread on 127.0.0.1 (a free port): its base URL."""
    server = make_server("127.0.0.1", 0, registrations_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)
