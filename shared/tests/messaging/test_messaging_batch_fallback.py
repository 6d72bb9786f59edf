"""A batch is handled in one transaction; when one handler in it fails, the others still take
effect exactly once, and the failing one is retried (its handler called once per delivery)
until it is dead-lettered. A batch handler takes the batch's messages in one call; when it
fails, each message is handed to it again alone, so the poison one still fails alone."""

import threading
from collections import Counter

from sqlalchemy import Column, MetaData, String, Table, insert, select

from dialog_platform.db import Database
from dialog_platform.messaging.connection import connect
from dialog_platform.messaging.consumer import DEFAULT_EXCHANGE, BatchHandler, MessageConsumer
from dialog_platform.messaging.deadletters import list_dead_letters
from dialog_platform.messaging.outbox import add_to_outbox
from dialog_platform.messaging.publisher import ConfirmingPublisher
from dialog_platform.messaging.relay import Relay
from dialog_platform.messaging.tables import messaging_metadata
from dialog_platform.testing import wait_for
from dialog_platform.testing.messages import published_event_data

effects = Table("effect", MetaData(), Column("message_id", String(36), primary_key=True))
TITLES = ["eins", "zwei", "poison", "vier", "fünf"]


def _database_with_five_queued(make_database, rabbitmq_url, topology) -> Database:
    """A database with the effect table, and the five messages waiting in the queue."""
    db = Database(make_database())
    messaging_metadata.create_all(db.engine)
    effects.metadata.create_all(db.engine)
    with db.transaction() as session:
        for title in TITLES:
            add_to_outbox(
                session, "events", "events.event.published", published_event_data(title=title)
            )
    with connect(rabbitmq_url) as connection:
        relay = Relay(db, rabbitmq_url, topology)
        topology.declare(connection.default_channel)
        assert relay.relay_batch(ConfirmingPublisher(connection, topology.exchange)) == 5
    return db


def _run_until_dead_lettered(consumer: MessageConsumer, db: Database, rabbitmq_url, topology):
    """Run the consumer until the poison message is dead-lettered; the dead letters."""
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
    return letters


def _effects(db: Database) -> Counter:
    counted = Database(db.url)
    with counted.transaction() as session:
        found = Counter(session.scalars(select(effects.c.message_id)))
    counted.dispose()
    return found


def test_one_failing_handler_spares_the_rest_of_its_batch(make_database, rabbitmq_url, topology):
    db = _database_with_five_queued(make_database, rabbitmq_url, topology)
    calls: Counter = Counter()

    def handler(session, envelope, data):
        calls[data["title"]] += 1
        if data["title"] == "poison":
            raise RuntimeError("this one cannot be handled")
        session.execute(insert(effects).values(message_id=envelope.id))

    consumer = MessageConsumer(
        "registrations", db, {"events.event.published": handler}, rabbitmq_url, topology
    )
    letters = _run_until_dead_lettered(consumer, db, rabbitmq_url, topology)

    assert sum(_effects(db).values()) == 4
    assert calls["poison"] == 1 + len(topology.retry_delays)  # never twice for one delivery
    assert all(calls[title] in (1, 2) for title in TITLES if title != "poison")
    assert len(letters) == 1 and "this one cannot be handled" in letters[0].reason


def test_a_batch_handler_takes_the_batch_at_once_and_a_poison_message_fails_alone(
    make_database, rabbitmq_url, topology
):
    db = _database_with_five_queued(make_database, rabbitmq_url, topology)
    calls: list[list[str]] = []

    def handle_many(session, received):
        calls.append([data["title"] for _envelope, data in received])
        if any(data["title"] == "poison" for _envelope, data in received):
            raise RuntimeError("this one cannot be handled")
        session.execute(insert(effects), [{"message_id": envelope.id} for envelope, _ in received])

    consumer = MessageConsumer(
        "registrations",
        db,
        {"events.event.published": BatchHandler(handle_many)},
        rabbitmq_url,
        topology,
    )
    with connect(rabbitmq_url) as connection:  # the five as one batch
        queue = topology.work_queue("registrations")(connection.default_channel)
        batch = [wait_for(lambda: queue.get(no_ack=False), what="a message") for _ in TITLES]
        consumer.handle_batch(batch, ConfirmingPublisher(connection, DEFAULT_EXCHANGE))
    assert calls == [TITLES] + [[title] for title in TITLES]  # together, then each alone
    assert sorted(_effects(db).values()) == [1, 1, 1, 1]

    letters = _run_until_dead_lettered(consumer, db, rabbitmq_url, topology)
    retries = calls[1 + len(TITLES) :]
    assert retries == [["poison"]] * len(topology.retry_delays)  # alone: called once each time
    assert sum(_effects(db).values()) == 4
    assert len(letters) == 1 and "this one cannot be handled" in letters[0].reason
