"""A batch is handled in one transaction; when one handler in it fails, the others still take
effect exactly once, and the failing one is retried (its handler called once per delivery)
until it is dead-lettered."""

import threading
import uuid
from collections import Counter

from sqlalchemy import Column, MetaData, String, Table, func, insert, select

from dialog_platform.db import Database
from dialog_platform.messaging.connection import connect
from dialog_platform.messaging.consumer import MessageConsumer
from dialog_platform.messaging.deadletters import list_dead_letters
from dialog_platform.messaging.outbox import add_to_outbox
from dialog_platform.messaging.publisher import ConfirmingPublisher
from dialog_platform.messaging.relay import Relay
from dialog_platform.messaging.tables import messaging_metadata
from dialog_platform.testing import wait_for

effects = Table("effect", MetaData(), Column("message_id", String(36), primary_key=True))
TITLES = ["eins", "zwei", "poison", "vier", "fünf"]


def _event(title: str) -> dict:
    return {
        "event_id": uuid.uuid4(),
        "version": 2,
        "status": "published",
        "type": "other",
        "title": title,
        "starts_at": "2027-01-01T10:00:00+00:00",
        "ends_at": "2027-01-01T12:00:00+00:00",
    }


def test_one_failing_handler_spares_the_rest_of_its_batch(make_database, rabbitmq_url, topology):
    db = Database(make_database())
    messaging_metadata.create_all(db.engine)
    effects.metadata.create_all(db.engine)
    calls: Counter = Counter()

    def handler(session, envelope, data):
        calls[data["title"]] += 1
        if data["title"] == "poison":
            raise RuntimeError("this one cannot be handled")
        session.execute(insert(effects).values(message_id=envelope.id))

    with db.transaction() as session:  # all five wait in the queue before the consumer starts
        for title in TITLES:
            add_to_outbox(session, "events", "events.event.published", _event(title))
    with connect(rabbitmq_url) as connection:
        relay = Relay(db, rabbitmq_url, topology)
        topology.declare(connection.default_channel)
        assert relay.relay_batch(ConfirmingPublisher(connection, topology.exchange)) == 5

    consumer = MessageConsumer(
        "registrations", db, {"events.event.published": handler}, rabbitmq_url, topology
    )
    stop = threading.Event()
    thread = threading.Thread(target=consumer.run, args=(stop,), daemon=True)
    thread.start()
    try:
        letters = wait_for(
            lambda: list_dead_letters(rabbitmq_url, topology, "registrations"),
            what="the poisoned message in the dead-letter queue",
        )
    finally:
        stop.set()
        thread.join(timeout=10)
        db.dispose()

    counted = Database(db.url)
    with counted.transaction() as session:
        assert session.execute(select(func.count()).select_from(effects)).scalar_one() == 4
    counted.dispose()
    assert calls["poison"] == 1 + len(topology.retry_delays)  # never twice for one delivery
    assert all(calls[title] in (1, 2) for title in TITLES if title != "poison")
    assert len(letters) == 1 and "this one cannot be handled" in letters[0].reason
