"""The same message delivered three times to the consumer (over a real RabbitMQ) sends one mail;
a replay of the same facts under a new message id sends nothing either."""

from __future__ import annotations

import threading

from kombu import Connection

from dialog_notifications.messaging.handlers import HANDLERS
from dialog_platform.messaging.consumer import MessageConsumer
from dialog_platform.testing import wait_for
from dialog_platform.testing.messages import envelope_for

TYPE = "registrations.registration.confirmed"


def test_three_deliveries_and_a_replay_send_one_mail(
    build, db, dispatcher, smtp_server, rabbitmq_url, topology
):
    data = build.registration()
    original, replay = envelope_for(TYPE, data), envelope_for(TYPE, data)  # the same facts twice
    consumer = MessageConsumer(
        "notifications", db, HANDLERS, rabbitmq_url, topology, batch_size=1, poll_seconds=0.05
    )
    stop = threading.Event()
    with Connection(rabbitmq_url) as connection:
        topology.declare(connection.default_channel)
        producer = connection.Producer()
        for envelope in (original, original, original, replay):
            producer.publish(
                envelope.to_json(),
                exchange=topology.exchange,
                routing_key=TYPE,
                message_id=envelope.id,
                content_type="application/json",
                delivery_mode=2,
            )
    worker = threading.Thread(target=consumer.run, args=(stop,))
    worker.start()
    try:
        wait_for(lambda: consumer.handled >= 4, what="four deliveries handled")
    finally:
        stop.set()
        worker.join(timeout=30)
    dispatcher.dispatch_due(db)
    mails = smtp_server.mailbox.to("ada@example.org")
    assert [m["Subject"] for m in mails] == ["Ihr Platz ist bestätigt: Gesprächsabend"]
