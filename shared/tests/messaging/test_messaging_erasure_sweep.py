"""An erasure reaches a service's dead letters and retry queues: the messages naming the person
(inside their sealed parts too) are removed, the others stay where they were."""

import dataclasses
import uuid

from kombu import Connection

from dialog_platform.messaging.consumer import DEFAULT_EXCHANGE
from dialog_platform.messaging.contracts import dump_for_publishing
from dialog_platform.messaging.deadletters import list_dead_letters, remove_matching
from dialog_platform.messaging.envelope import Envelope
from dialog_platform.privacy import PersonKeys, message_mentions

TYPE = "registrations.registration.cancelled"


def _body(email: str, phone: str | None = None) -> str:
    data = {
        "registration_id": uuid.uuid4(),
        "version": 2,
        "status": "cancelled",
        "takes_seat": False,
        "participant": {"name": "Ayşe Yılmaz", "email": email, "phone": phone},
        "event": {
            "event_id": uuid.uuid4(),
            "version": 1,
            "title": "Infoabend",
            "starts_at": "2027-05-01T10:00:00+00:00",
            "ends_at": "2027-05-01T12:00:00+00:00",
        },
        "links": {"cancel_url": "https://dialog.example.org/registrations/cancel/abc"},
        "cancelled_by": "participant",
    }
    wire = dump_for_publishing(TYPE, 1, data)
    assert email not in str(wire)  # sealed: the address is not in the message
    return Envelope(TYPE, 1, "registrations", wire, correlation_id="c").to_json()


def test_the_person_is_found_inside_sealed_parts_by_address_or_number():
    ayse = PersonKeys.of(email=" Ayse@Example.org ")
    assert message_mentions(ayse, _body("ayse@example.org"))
    assert not message_mentions(ayse, _body("someone@example.org"))
    by_phone = PersonKeys.of(phone="0170 1234567")
    assert message_mentions(by_phone, _body("x@example.org", phone="+491701234567"))


def test_dead_letters_and_retries_of_the_person_are_removed(rabbitmq_url, topology):
    # Retries that wait a minute, so none goes back to the work queue during the test.
    topology = dataclasses.replace(topology, retry_delays=(60.0, 60.0, 60.0))
    service = "notifications"
    bodies = [_body("ayse@example.org"), _body("other@example.org"), _body("AYSE@example.org")]
    with Connection(rabbitmq_url) as connection:
        topology.declare(connection.default_channel)
        producer = connection.Producer(exchange=DEFAULT_EXCHANGE)
        queues = [topology.dead_letter_name(service)] * 2 + [topology.retry_name(service, 1)]
        for body, queue in zip(bodies, queues, strict=True):
            producer.publish(body, routing_key=queue, message_id=str(uuid.uuid4()))
    person = PersonKeys.of(email="ayse@example.org")
    removed = remove_matching(
        rabbitmq_url, topology, service, lambda body: message_mentions(person, body)
    )
    assert removed == 2
    left = list_dead_letters(rabbitmq_url, topology, service)
    assert [letter.body for letter in left] == [bodies[1]]
