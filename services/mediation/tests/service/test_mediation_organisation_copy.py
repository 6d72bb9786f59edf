"""The mediation service keeps a copy of the organisations directory from the events service's
messages: they reach its queue on a real RabbitMQ and its consumer applies them; newer versions
replace older ones, older ones are ignored, and a party can then name the organisation."""

import threading
import uuid

from kombu import Connection

from dialog_mediation.messaging.handlers import HANDLERS
from dialog_platform.messaging.consumer import MessageConsumer
from dialog_platform.messaging.publisher import ConfirmingPublisher, Outgoing
from dialog_platform.testing import wait_for
from dialog_platform.testing.messages import deliver, envelope_for


def _organisation(org_id: str, version: int, name: str) -> dict:
    return {
        "organisation_id": org_id,
        "version": version,
        "name": name,
        "kind": "alevi_congregation",
        "city": "Duisburg",
    }


def test_directory_messages_reach_the_consumer_on_rabbitmq(
    mediation_app, client, as_, rabbitmq_url, topology
):
    consumer = MessageConsumer(
        "mediation", mediation_app.extensions["dialog_db"], HANDLERS, rabbitmq_url, topology
    )
    stop = threading.Event()
    worker = threading.Thread(target=consumer.run, args=(stop,), daemon=True)
    org_id = str(uuid.uuid4())
    envelopes = [
        envelope_for("events.organisation.created", _organisation(org_id, 1, "Cem-Haus Duisburg")),
        envelope_for("events.organisation.updated", _organisation(org_id, 2, "Cemevi Duisburg")),
    ]
    with Connection(rabbitmq_url) as conn:
        topology.declare(conn.default_channel)
        worker.start()
        try:
            ConfirmingPublisher(conn, topology.exchange).publish(
                Outgoing(e.to_json(), e.type, e.id) for e in envelopes
            )
            wait_for(lambda: consumer.handled >= 2, what="two directory messages handled")
        finally:
            stop.set()
            worker.join(timeout=10)
    assert not worker.is_alive()

    directory = client.get("/api/v1/organisations", headers=as_("staff")).json
    assert [(o["id"], o["name"]) for o in directory] == [(org_id, "Cemevi Duisburg")]


def test_newer_versions_replace_the_copy_and_parties_can_name_it(
    mediation_app, client, as_, make_case
):
    db = mediation_app.extensions["dialog_db"]
    org_id = str(uuid.uuid4())
    for message_type, version, name in [
        ("events.organisation.created", 1, "Cem-Haus Duisburg"),
        ("events.organisation.updated", 3, "Alevitische Gemeinde Duisburg"),
        ("events.organisation.updated", 2, "an older name"),
    ]:
        deliver(db, HANDLERS, message_type, _organisation(org_id, version, name))

    directory = client.get("/api/v1/organisations", headers=as_("staff")).json
    assert directory == [
        {
            "id": org_id,
            "name": "Alevitische Gemeinde Duisburg",
            "kind": "alevi_congregation",
            "city": "Duisburg",
        }
    ]
    ids = make_case()
    party = client.post(
        f"/api/v1/cases/{ids['case_id']}/parties",
        json={"kind": "organisation", "organisation_id": org_id, "role": "Gastgeberin"},
        headers=as_("mediator", "med-1"),
    )
    assert party.status_code == 201
    assert party.json["name"] == "Alevitische Gemeinde Duisburg"
