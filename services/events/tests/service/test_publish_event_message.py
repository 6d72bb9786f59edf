"""Publishing an event writes exactly one ``events.event.published`` message, which the relay
delivers to a real RabbitMQ queue; a refused request writes nothing."""

import json

from kombu import Connection

from dialog_platform.messaging.publisher import ConfirmingPublisher
from dialog_platform.messaging.relay import Relay
from dialog_platform.testing import wait_for
from dialog_platform.testing.messages import outbox_messages, probe_queue

EVENT = {
    "type": "evening_lecture",
    "title": "Grundlagen der Wohlfahrtspflege",
    "starts_at": "2027-03-04T18:00:00+01:00",
    "ends_at": "2027-03-04T20:00:00+01:00",
    "capacity": 25,
}


def test_publish_sends_one_message_with_the_new_version(
    events_app, client, staff_headers, rabbitmq_url, topology
):
    db = events_app.extensions["dialog_db"]
    created = client.post("/api/v1/events", json=EVENT, headers=staff_headers("staff"))
    assert created.status_code == 201, created.json
    assert outbox_messages(db) == []  # a draft tells nobody

    with probe_queue(rabbitmq_url, topology, "events.#") as probe, Connection(rabbitmq_url) as conn:
        published = client.post(
            f"/api/v1/events/{created.json['id']}/publish",
            headers=staff_headers("admin") | {"X-Correlation-ID": "corr-publish-1"},
        )
        assert published.status_code == 200
        assert published.headers["X-Correlation-ID"] == "corr-publish-1"
        again = client.post(
            f"/api/v1/events/{created.json['id']}/publish", headers=staff_headers("admin")
        )
        assert again.status_code == 409
        assert again.json["code"] == "transition_refused"
        assert len(outbox_messages(db)) == 1  # the refused second publish wrote nothing

        relay = Relay(db, rabbitmq_url, topology)
        assert relay.relay_batch(ConfirmingPublisher(conn, topology.exchange)) == 1

        message = wait_for(lambda: probe.get(no_ack=True), what="the published message")
        body = json.loads(message.body)
        assert message.delivery_info["routing_key"] == "events.event.published"
        assert body["type"] == "events.event.published"
        assert body["producer"] == "events"
        assert body["correlation_id"] == "corr-publish-1"  # followed from request to message
        assert body["data"]["event_id"] == created.json["id"]
        assert body["data"]["version"] == 2
        assert body["data"]["starts_at"] == "2027-03-04T17:00:00+00:00"
        assert message.properties["message_id"] == body["id"]
        assert probe.get(no_ack=True) is None  # exactly one
