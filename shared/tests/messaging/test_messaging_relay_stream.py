"""The relay streams batch after batch without waiting for each one's confirms, against real
PostgreSQL and RabbitMQ: a nack or a lost connection with several batches in flight stamps no
message the broker did not confirm, and the next run publishes every row, in outbox order. On
SQLite (one writer) it publishes and stamps one batch at a time. The publisher's own frames are
byte for byte what py-amqp's ``basic_publish`` writes."""

import socket
import time
import uuid
from datetime import UTC, datetime

import amqp
import pytest
from amqp.method_framing import frame_writer
from amqp.serialization import dumps
from kombu import Connection, Exchange, Queue, binding
from sqlalchemy import insert, select

from dialog_platform.db import Database
from dialog_platform.messaging.publisher import (
    ConfirmingPublisher,
    Outgoing,
    PublishNotConfirmed,
    _PublishFrames,
)
from dialog_platform.messaging.relay import Relay
from dialog_platform.messaging.tables import messaging_metadata, outbox
from dialog_platform.messaging.topology import Topology
from dialog_platform.testing.messages import probe_queue

MESSAGE_TYPE = "events.event.published"
ROWS = 12
BATCH = 3  # four batches: several of them in flight at once


@pytest.fixture
def db(make_database):
    database = Database(make_database())
    messaging_metadata.create_all(database.engine)
    yield database
    database.dispose()


def _fill(db: Database) -> list[str]:
    """ROWS pending outbox rows; their message ids, oldest first."""
    ids = [str(uuid.uuid4()) for _ in range(ROWS)]
    now = datetime.now(UTC)
    with db.transaction() as session:
        session.execute(
            insert(outbox),
            [{"message_id": i, "type": MESSAGE_TYPE, "body": "{}", "created_at": now} for i in ids],
        )
    return ids


def _unsent(db: Database) -> list[str]:
    query = select(outbox.c.message_id).where(outbox.c.sent_at.is_(None)).order_by(outbox.c.id)
    with db.transaction() as session:
        return list(session.scalars(query))


def _drain(queue) -> list[str]:
    """The message ids waiting in ``queue``, in the order the broker holds them."""
    seen = []
    while (message := queue.get(no_ack=True)) is not None:
        seen.append(message.properties["message_id"])
    return seen


def _first_seen(ids: list[str]) -> list[str]:
    return list(dict.fromkeys(ids))


class LateTaker:
    """The real publisher, handed the relay's next message a moment after each batch's last:
    the broker answers meanwhile, and its answers wait unread while the relay stamps the batch
    and claims the next one (two batches in flight, as on a busy machine). With ``cut_at``, the
    connection is cut as that message is taken."""

    def __init__(self, inner: ConfirmingPublisher, cut_at: int | None = None) -> None:
        self.inner, self.cut_at = inner, cut_at

    def publish(self, messages) -> int:
        def late():
            for taken, message in enumerate(messages, start=1):
                if taken == self.cut_at:
                    self.inner.channel.connection.transport.sock.shutdown(socket.SHUT_RDWR)
                yield message
                if message.on_confirmed is not None:
                    time.sleep(0.2)

        return self.inner.publish(late())


def _relay_rest(db, rabbitmq_url, topology) -> int:
    """A fresh relay on a fresh connection, until nothing is pending."""
    relay = Relay(db, rabbitmq_url, topology, batch_size=BATCH)
    with Connection(rabbitmq_url) as connection:
        publisher = ConfirmingPublisher(connection, topology.exchange)
        while relay.relay_batch(publisher):
            pass
    return relay.published


def test_a_nack_with_batches_in_flight_stamps_no_refused_message(db, rabbitmq_url, topology):
    ids = _fill(db)
    with (
        probe_queue(rabbitmq_url, topology, MESSAGE_TYPE) as probe,
        Connection(rabbitmq_url) as connection,
    ):
        # A queue that refuses what it cannot hold: the broker nacks the fifth message on.
        full = Queue(
            f"{topology.prefix}full-{uuid.uuid4().hex[:6]}",
            bindings=[binding(topology.exchange, routing_key=MESSAGE_TYPE)],
            queue_arguments={"x-max-length": 4, "x-overflow": "reject-publish"},
            durable=False,
        )(connection.default_channel)
        full.declare()
        try:
            relay = Relay(db, rabbitmq_url, topology, batch_size=BATCH)
            publisher = LateTaker(ConfirmingPublisher(connection, topology.exchange))
            with pytest.raises(PublishNotConfirmed):
                while relay.relay_batch(publisher):
                    pass
            # Whole batches at most, and only those before the refused message's batch.
            unsent = _unsent(db)
            assert set(ids[3:]) <= set(unsent)
            assert unsent == ids[ROWS - len(unsent) :]
        finally:
            full.delete()
        assert _relay_rest(db, rabbitmq_url, topology) == len(unsent)
        assert _unsent(db) == []
        assert _first_seen(_drain(probe)) == ids  # every message, in outbox order


def test_a_lost_connection_with_batches_in_flight_loses_nothing(db, rabbitmq_url, topology):
    ids = _fill(db)
    with probe_queue(rabbitmq_url, topology, MESSAGE_TYPE) as probe:
        relay = Relay(db, rabbitmq_url, topology, batch_size=BATCH)
        with Connection(rabbitmq_url) as connection:
            publisher = LateTaker(ConfirmingPublisher(connection, topology.exchange), cut_at=7)
            with pytest.raises(OSError):
                while relay.relay_batch(publisher):
                    pass
        unsent = _unsent(db)
        assert set(ids[6:]) <= set(unsent)  # nothing the cut connection wrote is stamped
        assert unsent == ids[ROWS - len(unsent) :]

        assert _relay_rest(db, rabbitmq_url, topology) == len(unsent)
        assert _unsent(db) == []
        assert _first_seen(_drain(probe)) == ids  # every message, in outbox order


@pytest.mark.filterwarnings(
    "ignore:The ``noload`` loader strategy is deprecated:sqlalchemy.exc.SADeprecationWarning"
)
def test_on_sqlite_the_relay_stamps_one_batch_at_a_time_and_only_its_own(tmp_path):
    """The embedded mode: SQLite's single writer, the broker-less bus."""
    topology = Topology(prefix=f"test-{uuid.uuid4().hex[:10]}.", broker_native=False)
    db = Database(f"sqlite:///{tmp_path}/events.sqlite")
    messaging_metadata.create_all(db.engine)
    try:
        ids = _fill(db)
        with Connection(f"sqla+sqlite:///{tmp_path}/bus.sqlite") as bus:
            publisher = ConfirmingPublisher(bus, topology.exchange)
            relay = Relay(db, bus.as_uri(), topology, batch_size=5)
            for published, unsent in ((5, ids[5:]), (5, ids[10:]), (2, []), (0, [])):
                assert relay.relay_batch(publisher) == published
                assert _unsent(db) == unsent
    finally:
        db.dispose()


class _Recording:
    """Where py-amqp's frame writer and the publisher's write their bytes."""

    frame_max = 4096  # small: a large body takes several body frames
    bytes_sent = 0

    def __init__(self) -> None:
        self.transport = self
        self.written = bytearray()

    def write(self, data) -> None:
        self.written += bytes(data)


def test_the_publishers_frames_are_what_py_amqp_writes():
    messages = [
        Outgoing("{}", MESSAGE_TYPE, str(uuid.uuid4())),
        Outgoing('{"title": "Übung"}' * 500, "a.b", "id-2", headers={"x-attempts": 2}),
        Outgoing("", "queue", "id-3", exchange=Exchange("")),
    ]

    class Channel:
        channel_id = 7
        connection = _Recording()

    ours = _PublishFrames(Channel, "dialog")
    for message in messages:
        ours.add(message)
    assert ours.write() == 3

    theirs = _Recording()
    write = frame_writer(theirs, theirs.transport)
    for message in messages:
        exchange = "dialog" if message.exchange is None else message.exchange.name
        arguments = dumps("Bssbb", (0, exchange, message.routing_key, False, False))
        content = amqp.Message(
            message.body,
            content_type="application/json",
            content_encoding="utf-8",
            delivery_mode=2,
            message_id=message.message_id,
            application_headers=message.headers,
        )
        write(1, 7, amqp.spec.Basic.Publish, arguments, content)
    assert Channel.connection.written == theirs.written
