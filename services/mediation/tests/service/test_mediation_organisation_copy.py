"""The mediation consumer keeps a copy of the organisations directory from the events service's
messages (real RabbitMQ): newer versions replace older ones, older ones are ignored, and a
party can then name the organisation."""

import threading
import uuid

from kombu import Connection

from dialog_mediation.messaging.handlers import HANDLERS
from dialog_platform.messaging.connection import topology_for
from dialog_platform.messaging.consumer import MessageConsumer
from dialog_platform.messaging.contracts import dump_for_publishing
from dialog_platform.messaging.envelope import Envelope
from dialog_platform.messaging.publisher import ConfirmingPublisher, Outgoing
from dialog_platform.testing import wait_for


def _organisation(kind: str, org_id: str, version: int, name: str) -> Outgoing:
    data = {
        "organisation_id": org_id,
        "version": version,
        "name": name,
        "kind": "alevi_congregation",
        "city": "Duisburg",
    }
    message_type = f"events.organisation.{kind}"
    envelope = Envelope(message_type, 1, "events", dump_for_publishing(message_type, 1, data), "c")
    return Outgoing(envelope.to_json(), message_type, envelope.id)


def test_directory_copy_follows_messages_and_parties_can_name_it(
    mediation_app, client, as_, make_case, rabbitmq_url
):
    topology = topology_for(mediation_app.config["DIALOG_SETTINGS"])
    consumer = MessageConsumer(
        "mediation", mediation_app.extensions["dialog_db"], HANDLERS, rabbitmq_url, topology
    )
    stop = threading.Event()
    worker = threading.Thread(target=consumer.run, args=(stop,), daemon=True)
    org_id = str(uuid.uuid4())
    with Connection(rabbitmq_url) as conn:
        topology.declare(conn.default_channel)
        worker.start()
        try:
            publisher = ConfirmingPublisher(conn, topology.exchange)
            publisher.publish(
                [
                    _organisation("created", org_id, 1, "Cem-Haus Duisburg"),
                    _organisation("updated", org_id, 3, "Alevitische Gemeinde Duisburg"),
                    _organisation("updated", org_id, 2, "an older name"),
                ]
            )
            wait_for(lambda: consumer.handled >= 3, what="three directory messages handled")
        finally:
            stop.set()
            worker.join(timeout=10)
    assert not worker.is_alive()

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
