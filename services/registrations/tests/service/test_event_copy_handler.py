"""The registrations service keeps its own copy of each event from the events service's
messages, ignores versions older than the one it holds, and shows only published events."""

import uuid

from dialog_platform.testing.messages import deliver
from dialog_registrations.messaging.handlers import HANDLERS


def _published(event_id: str, version: int, title: str) -> dict:
    return {
        "event_id": uuid.UUID(event_id),
        "version": version,
        "status": "published",
        "type": "information_event",
        "title": title,
        "starts_at": "2027-05-01T10:00:00+00:00",
        "ends_at": "2027-05-01T12:00:00+00:00",
        "capacity": 40,
    }


def test_copy_follows_newer_versions_and_ignores_older(registrations_app):
    db = registrations_app.extensions["dialog_db"]
    event_id = str(uuid.uuid4())
    client = registrations_app.test_client()

    assert client.get(f"/api/v1/public/events/{event_id}").status_code == 404
    deliver(
        db, HANDLERS, "events.event.published", _published(event_id, 3, "Infoabend Jugendhilfe")
    )
    deliver(db, HANDLERS, "events.event.published", _published(event_id, 2, "an older title"))

    shown = client.get(f"/api/v1/public/events/{event_id}")
    assert shown.status_code == 200
    assert shown.json["title"] == "Infoabend Jugendhilfe"
    assert shown.json["starts_at"] == "2027-05-01T10:00:00+00:00"

    newer = _published(event_id, 4, "Infoabend Jugendhilfe (neuer Raum)")
    deliver(db, HANDLERS, "events.event.published", newer)
    assert client.get(f"/api/v1/public/events/{event_id}").json["title"].endswith("(neuer Raum)")
