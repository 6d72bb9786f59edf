"""The registrations service keeps its own copy of each event from the events service's
messages, ignores versions older than the one it holds, and shows only published events."""

import uuid

from dialog_platform.messaging.contracts import dump_for_publishing, load_received
from dialog_platform.messaging.envelope import Envelope
from dialog_registrations.messaging.handlers import HANDLERS


def _published(event_id: str, version: int, title: str) -> tuple[Envelope, dict]:
    data = {
        "event_id": uuid.UUID(event_id),
        "version": version,
        "status": "published",
        "type": "information_event",
        "title": title,
        "starts_at": "2027-05-01T10:00:00+00:00",
        "ends_at": "2027-05-01T12:00:00+00:00",
        "capacity": 40,
    }
    wire = dump_for_publishing("events.event.published", 1, data)
    envelope = Envelope("events.event.published", 1, "events", wire, correlation_id="c")
    return envelope, load_received("events.event.published", 1, wire)


def test_copy_follows_newer_versions_and_ignores_older(registrations_app):
    db = registrations_app.extensions["dialog_db"]
    handler = HANDLERS["events.event.published"]
    event_id = str(uuid.uuid4())
    client = registrations_app.test_client()

    assert client.get(f"/api/v1/public/events/{event_id}").status_code == 404
    with db.transaction() as session:
        handler(session, *_published(event_id, 3, "Infoabend Jugendhilfe"))
    with db.transaction() as session:
        handler(session, *_published(event_id, 2, "an older title"))

    shown = client.get(f"/api/v1/public/events/{event_id}")
    assert shown.status_code == 200
    assert shown.json["title"] == "Infoabend Jugendhilfe"
    assert shown.json["starts_at"] == "2027-05-01T10:00:00+00:00"

    with db.transaction() as session:
        handler(session, *_published(event_id, 4, "Infoabend Jugendhilfe (neuer Raum)"))
    assert client.get(f"/api/v1/public/events/{event_id}").json["title"].endswith("(neuer Raum)")
