"""Scheduling, rescheduling and cancelling a session put messages with the parties to invite
on a real RabbitMQ queue (through the outbox and the relay), bound as notifications binds."""

import json

from kombu import Connection

from dialog_platform.messaging.publisher import ConfirmingPublisher
from dialog_platform.messaging.relay import Relay
from dialog_platform.testing import wait_for
from dialog_platform.testing.messages import probe_queue, read_envelope


def test_session_messages_reach_the_queue_with_the_parties(
    mediation_app, client, as_, make_case, samples, rabbitmq_url, topology
):
    ids = make_case()
    case_id, mediator = ids["case_id"], as_("mediator", "med-1")
    other = client.post(
        f"/api/v1/cases/{case_id}/parties",
        json={
            "kind": "organisation",
            "name": "Stadt Köln, Integrationsamt",
            "role": "Vermieterin",
            "email": "integration@example.org",
        },
        headers=mediator,
    ).json
    body = samples["session"] | {"party_ids": [ids["party_id"], other["id"]]}

    probing = probe_queue(rabbitmq_url, topology, "mediation.session.*")
    with probing as probe, Connection(rabbitmq_url) as conn:
        scheduled = client.post(f"/api/v1/cases/{case_id}/sessions", json=body, headers=mediator)
        assert scheduled.status_code == 201, scheduled.json
        session_url = f"/api/v1/cases/{case_id}/sessions/{scheduled.json['id']}"
        moved = client.put(session_url, json=body | {"place": "Rathaus, Saal 3"}, headers=mediator)
        assert moved.status_code == 200 and moved.json["version"] == 2
        assert client.post(f"{session_url}/cancel", headers=mediator).status_code == 200
        again = client.post(f"{session_url}/cancel", headers=mediator)
        assert again.status_code == 409

        relay = Relay(mediation_app.extensions["dialog_db"], rabbitmq_url, topology)
        publisher = ConfirmingPublisher(conn, topology.exchange)
        assert relay.relay_batch(publisher) >= 3  # and the case.opened message

        received = []
        for _ in range(3):
            message = wait_for(lambda: probe.get(no_ack=True), what="a session message")
            received.append(read_envelope(message.body))
        assert probe.get(no_ack=True) is None

    kinds = [m["type"] for m in received]
    assert kinds == [
        "mediation.session.scheduled",
        "mediation.session.rescheduled",
        "mediation.session.cancelled",
    ]
    first = received[0]["data"]
    assert first["case_reference"] == ids["reference"]
    assert first["starts_at"] == "2027-03-01T16:00:00+00:00"
    invited = {p["name"]: p for p in first["parties"]}
    assert set(invited) == {"Mehmet Demir", "Stadt Köln, Integrationsamt"}
    assert invited["Mehmet Demir"]["email"] == "mehmet@example.org"
    assert invited["Mehmet Demir"]["phone"] == "+4915112345678"
    assert invited["Mehmet Demir"]["language"] == "tr"
    assert received[1]["data"]["place"] == "Rathaus, Saal 3"
    assert received[1]["data"]["previous_place"] == "Begegnungsstätte, Raum 2"
    assert [m["data"]["version"] for m in received] == [1, 2, 3]
    text = json.dumps(received, ensure_ascii=False)
    for secret in ("Raumvergabe", "Streit", "Ayşe", "rooms_and_resources"):
        assert secret not in text  # no title, description, requester or category


def test_a_session_needs_parties_of_the_case_and_an_end_after_its_start(
    client, as_, make_case, samples
):
    ids = make_case()
    other = make_case()
    url = f"/api/v1/cases/{ids['case_id']}/sessions"
    foreign = samples["session"] | {"party_ids": [other["party_id"]]}
    refused = client.post(url, json=foreign, headers=as_("admin"))
    assert refused.status_code == 422 and "party_ids" in refused.json["errors"]
    backwards = samples["session"] | {
        "party_ids": [ids["party_id"]],
        "ends_at": "2027-03-01T16:00:00+01:00",
    }
    refused = client.post(url, json=backwards, headers=as_("admin"))
    assert refused.status_code == 422 and "ends_at" in refused.json["errors"]
    assert client.get(url, headers=as_("admin")).json == []
