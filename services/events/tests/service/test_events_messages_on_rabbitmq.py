"""Exactly one message per change, carried by the outbox relay to a real RabbitMQ queue:
published, updated (version, changed fields, material, previous values), cancelled with the
reason, round-table meeting scheduled with its invitees, organisation created and updated."""

import pytest
from kombu import Connection

from dialog_platform.messaging.publisher import ConfirmingPublisher
from dialog_platform.messaging.relay import Relay
from dialog_platform.testing import wait_for
from dialog_platform.testing.messages import probe_queue, read_envelope


@pytest.fixture
def messages(events_app, rabbitmq_url, topology):
    """``messages()``: relay what the outbox holds; return the bodies that reached the probe
    queue (bound to ``events.#``), after checking that nothing more arrived."""
    with probe_queue(rabbitmq_url, topology, "events.#") as probe, Connection(rabbitmq_url) as conn:
        relay = Relay(events_app.extensions["dialog_db"], rabbitmq_url, topology)
        publisher = ConfirmingPublisher(conn, topology.exchange)

        def take(expected: int) -> list[dict]:
            assert relay.relay_batch(publisher) == expected
            bodies = []
            for _ in range(expected):
                message = wait_for(lambda: probe.get(no_ack=True), what="a message")
                body = read_envelope(message.body)
                assert message.delivery_info["routing_key"] == body["type"]
                bodies.append(body)
            assert probe.get(no_ack=True) is None  # exactly these, nothing more
            return bodies

        yield take


def test_each_change_of_an_event_sends_exactly_one_message(
    client, staff_headers, new_event, messages
):
    headers = staff_headers("staff")
    event = new_event(publish=True)
    (published,) = messages(1)
    assert published["type"] == "events.event.published"
    data = published["data"]
    assert (data["event_id"], data["version"], data["status"]) == (event["id"], 2, "published")
    assert data["venue"]["name"] == "Begegnungszentrum"
    assert data["languages"] == ["de", "tr"]
    assert data["registration_closes_at"] == "2031-03-05T11:00:00+00:00"
    assert [(r["channel"], r["minutes_before"]) for r in data["reminder_plan"]] == [
        ("email", 7 * 1440),
        ("email", 1440),
        ("sms", 180),
    ]

    path = f"/api/v1/events/{event['id']}"
    assert (
        client.patch(path, json={"title": "Neuer Titel", "capacity": 30}, headers=headers).json[
            "version"
        ]
        == 3
    )
    (retitled,) = messages(1)
    assert retitled["type"] == "events.event.updated"
    assert retitled["data"]["version"] == 3
    assert retitled["data"]["changed_fields"] == ["capacity", "title"]
    assert retitled["data"]["material"] is False
    assert retitled["data"]["previous"] == {
        "capacity": 25,
        "title": "Grundlagen der Wohlfahrtspflege",
    }

    moved = client.patch(
        path,
        json={
            "starts_at": "2031-03-06T19:00:00+01:00",
            "ends_at": "2031-03-06T21:00:00+01:00",
            "venue": {"name": "Rathaus", "address": "Burgplatz 19, Duisburg"},
        },
        headers=headers,
    )
    assert moved.status_code == 200, moved.json
    (relocated,) = messages(1)
    assert relocated["data"]["version"] == 4
    assert relocated["data"]["changed_fields"] == ["ends_at", "starts_at", "venue"]
    assert relocated["data"]["material"] is True
    assert relocated["data"]["previous"]["starts_at"] == "2031-03-06T17:00:00+00:00"
    assert relocated["data"]["previous"]["venue"]["name"] == "Begegnungszentrum"
    assert relocated["data"]["starts_at"] == "2031-03-06T18:00:00+00:00"

    same = client.patch(path, json={"title": "Neuer Titel"}, headers=headers)
    assert same.status_code == 200 and same.json["version"] == 4  # nothing changed
    refused = client.patch(path, json={"ends_at": "2031-03-06T18:00:00+01:00"}, headers=headers)
    assert refused.status_code == 422
    messages(0)  # neither a change to nothing nor a refused change sends anything

    cancel = client.post(
        f"{path}/cancel", json={"reason": "Der Saal ist gesperrt."}, headers=headers
    )
    assert cancel.status_code == 200
    (cancelled,) = messages(1)
    assert cancelled["type"] == "events.event.cancelled"
    assert cancelled["data"]["reason"] == "Der Saal ist gesperrt."
    assert (cancelled["data"]["version"], cancelled["data"]["status"]) == (5, "cancelled")


def test_drafts_tell_nobody(client, staff_headers, new_event, messages):
    draft = new_event()
    path = f"/api/v1/events/{draft['id']}"
    assert (
        client.patch(path, json={"title": "x"}, headers=staff_headers("staff")).status_code == 200
    )
    client.post(f"{path}/cancel", json={"reason": "doch nicht"}, headers=staff_headers("staff"))
    messages(0)


def test_meeting_scheduled_invites_current_delegates(
    client, staff_headers, messages, new_organisation, new_round_table
):
    headers = staff_headers("staff")
    mosque = new_organisation()
    cemevi = new_organisation(name="Cemevi Duisburg", kind="alevi_congregation")
    assert [m["type"] for m in messages(2)] == ["events.organisation.created"] * 2

    table = new_round_table(name="Runder Tisch Marxloh", city="Duisburg")
    base = f"/api/v1/round-tables/{table['id']}"
    members = [
        client.post(
            f"{base}/members",
            json={"organisation_id": org["id"], "delegates": [delegate]},
            headers=headers,
        ).json
        for org, delegate in [
            (mosque, {"name": "Ayşe Yılmaz", "email": "ayse@example.org", "language": "tr"}),
            (cemevi, {"name": "Ali Doğan", "role": "Vorstand", "phone": "+4920312345"}),
        ]
    ]
    assert client.delete(f"{base}/members/{members[1]['id']}", headers=headers).status_code == 200
    joined, joined_too, left = messages(3)  # each change of the members: a new version
    assert [m["type"] for m in (joined, joined_too, left)] == ["events.round_table.updated"] * 3
    assert [m["data"]["version"] for m in (joined, joined_too, left)] == [2, 3, 4]
    assert [i["name"] for i in joined_too["data"]["invitees"]] == ["Ayşe Yılmaz", "Ali Doğan"]
    assert [i["name"] for i in left["data"]["invitees"]] == ["Ayşe Yılmaz"]
    assert "Ayşe" not in str(left["sealed"])  # the delegates travel sealed
    scheduled = client.post(
        f"{base}/meetings",
        json={"starts_at": "2031-06-12T17:30:00+02:00", "ends_at": "2031-06-12T19:30:00+02:00"},
        headers=headers,
    )
    assert scheduled.status_code == 201, scheduled.json
    (message,) = messages(1)
    assert message["type"] == "events.round_table.meeting_scheduled"
    data = message["data"]
    assert data["round_table_name"] == "Runder Tisch Marxloh"
    assert data["event"]["event_id"] == scheduled.json["id"]
    assert data["event"]["type"] == "round_table_meeting"
    assert data["event"]["round_table_id"] == table["id"]
    assert data["event"]["status"] == "published"
    assert [(i["name"], i["organisation_name"], i["language"]) for i in data["invitees"]] == [
        ("Ayşe Yılmaz", "DITIB Marxloh", "tr")  # the cemevi left before the meeting
    ]


def test_organisation_updates_tell_only_copied_fields(
    client, staff_headers, messages, new_organisation
):
    headers = staff_headers("admin")
    organisation = new_organisation()
    (created,) = messages(1)
    assert created["data"] == {
        "organisation_id": organisation["id"],
        "version": 1,
        "name": "DITIB Marxloh",
        "kind": "mosque_congregation",
        "city": "Duisburg",
    }
    path = f"/api/v1/organisations/{organisation['id']}"
    notes = client.patch(path, json={"needs_notes": "Räume für Jugendarbeit"}, headers=headers)
    assert notes.status_code == 200 and notes.json["version"] == 1
    messages(0)  # internal notes are not told to anyone
    renamed = client.patch(path, json={"city": "Duisburg-Marxloh"}, headers=headers)
    assert renamed.json["version"] == 2
    (updated,) = messages(1)
    assert updated["type"] == "events.organisation.updated"
    assert (updated["data"]["version"], updated["data"]["city"]) == (2, "Duisburg-Marxloh")
