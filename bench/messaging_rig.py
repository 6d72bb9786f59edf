"""The rig of the messaging benchmarks (``messaging.py``): where a run works, the messages it
relays, the relay and consumer processes it spawns, and preparing state (untimed)."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from kombu import Connection
from sqlalchemy import Column, DateTime, MetaData, String, Table, Text, insert, text

from dialog_platform.db import Database
from dialog_platform.logging import configure_logging
from dialog_platform.messaging.connection import connect
from dialog_platform.messaging.consumer import BatchHandler, MessageConsumer
from dialog_platform.messaging.contracts import dump_for_publishing
from dialog_platform.messaging.envelope import Envelope
from dialog_platform.messaging.outbox import add_to_outbox
from dialog_platform.messaging.publisher import ConfirmingPublisher
from dialog_platform.messaging.relay import Relay
from dialog_platform.messaging.topology import SUBSCRIPTIONS, Topology

EVENT_TYPE = "events.event.published"
PRODUCER = "events"
SERVICE = "registrations"  # one of the services that consume EVENT_TYPE

#: What the pipeline's handler writes: one row per event, as registrations keeps a snapshot.
bench_metadata = MetaData()
events_seen = Table(
    "bench_events_seen",
    bench_metadata,
    Column("event_id", String(36), primary_key=True),
    Column("title", Text, nullable=False),
    Column("starts_at", DateTime(timezone=True), nullable=False),
)


def _seen(data) -> dict:
    return {
        "event_id": str(data["event_id"]),
        "title": data["title"],
        "starts_at": data["starts_at"],
    }


def remember_event(session, envelope, data) -> None:
    """The per-message pipeline's handler: insert one row."""
    session.execute(insert(events_seen).values(_seen(data)))


def _remember_events(session, received) -> None:
    session.execute(insert(events_seen), [_seen(data) for _envelope, data in received])


#: The pipeline's handler: the batch's rows in one multi-row insert.
remember_events = BatchHandler(_remember_events)


def event_data(i: int) -> dict:
    """The data of one valid ``events.event.published`` message."""
    starts = datetime(2030, 1, 1, 18, tzinfo=UTC) + timedelta(days=i % 365)
    return {
        "event_id": str(uuid.uuid4()),
        "version": 1,
        "status": "published",
        "type": "evening_lecture",
        "title": f"Evening lecture {i}",
        "starts_at": starts.isoformat(),
        "ends_at": (starts + timedelta(hours=2)).isoformat(),
        "capacity": 100,
    }


@dataclass(frozen=True)
class Setup:
    """Where and how one benchmark run works."""

    amqp_url: str
    events_url: str  # the producer's database (outbox)
    registrations_url: str  # the consumer's database (inbox, handler table)
    topology: Topology
    queue_type: str
    relay_batch: int
    consumer_batch: int
    body: bytes

    @property
    def pika_url(self) -> str:
        # kombu spells the default vhost "//", pika wants it quoted.
        return self.amqp_url[:-2] + "/%2F" if self.amqp_url.endswith("//") else self.amqp_url

    @property
    def baseline_queue(self) -> str:
        return f"{self.topology.prefix}baseline"


# --- child processes (spawned: each imports this module afresh) -------------------------------


def relay_process(setup: Setup, ready, go, results) -> None:
    """Connect, wait for ``go``, relay until the outbox has no unsent row; report the timing."""
    configure_logging(PRODUCER, level="WARNING")
    db = Database(setup.events_url)
    db.ping()
    relay = Relay(db, setup.amqp_url, setup.topology, batch_size=setup.relay_batch)
    with connect(setup.amqp_url, name="bench-relay") as connection:
        setup.topology.declare(connection.default_channel)
        publisher = ConfirmingPublisher(connection, setup.topology.exchange)
        ready.set()
        go.wait()
        start, cpu = time.perf_counter(), time.process_time()
        while relay.relay_batch(publisher):
            pass
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    db.dispose()
    results.put(("relay", relay.published, elapsed, cpu))


class CountingConsumer(MessageConsumer):
    """The platform's consumer, unchanged, that also signals when ``target`` are handled."""

    def __init__(self, *args, target: int, done, results, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.target, self.done, self.results = target, done, results
        self.started: tuple[float, float] | None = None

    def handle_batch(self, batch, publisher) -> None:
        if self.started is None:
            self.started = (time.perf_counter(), time.process_time())
        super().handle_batch(batch, publisher)
        if self.handled >= self.target and not self.done.is_set():
            wall = time.perf_counter() - self.started[0]
            cpu = time.process_time() - self.started[1]
            self.results.put(("consumer", self.handled, wall, cpu))
            self.done.set()


def consumer_process(setup: Setup, n: int, batch_handler: bool, done, stop, results) -> None:
    """Run the registrations consumer until ``stop``; ``done`` is set once n are handled."""
    configure_logging(SERVICE, level="WARNING")
    db = Database(setup.registrations_url)
    consumer = CountingConsumer(
        SERVICE,
        db,
        {EVENT_TYPE: remember_events if batch_handler else remember_event},
        setup.amqp_url,
        setup.topology,
        batch_size=setup.consumer_batch,
        target=n,
        done=done,
        results=results,
    )
    consumer.run(stop)
    db.dispose()


# --- preparing state (untimed) ----------------------------------------------------------------


def fill_outbox(db: Database, n: int, per_transaction: int = 2500) -> None:
    """Empty the outbox, then write n messages with ``add_to_outbox`` in a few transactions."""
    with db.transaction() as session:
        session.execute(text("TRUNCATE outbox RESTART IDENTITY"))
    for first in range(0, n, per_transaction):
        with db.transaction() as session:
            for i in range(first, min(n, first + per_transaction)):
                add_to_outbox(session, PRODUCER, EVENT_TYPE, event_data(i))
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("ANALYZE outbox"))


def sample_envelope() -> str:
    """The JSON body ``add_to_outbox`` writes for one message of the benchmark."""
    data = dump_for_publishing(EVENT_TYPE, 1, event_data(0))
    return Envelope(EVENT_TYPE, 1, PRODUCER, data, correlation_id=str(uuid.uuid4())).to_json()


def count(db: Database, query) -> int:
    """The single number ``query`` selects."""
    with db.transaction() as session:
        return session.execute(query).scalar_one()


def purge_queues(setup: Setup) -> None:
    """Empty every work queue of the namespace and the baselines' queue."""
    with Connection(setup.amqp_url) as conn:
        channel = conn.channel()
        for service, keys in SUBSCRIPTIONS.items():
            if keys:
                channel.queue_purge(setup.topology.queue_name(service))
        channel.queue_purge(setup.baseline_queue)


def wait_for_consumer(setup: Setup, timeout: float = 60.0) -> None:
    """Return once the consumer's queue has a consumer attached."""
    deadline = time.monotonic() + timeout
    with Connection(setup.amqp_url) as conn:
        channel = conn.channel()
        while time.monotonic() < deadline:
            queue = setup.topology.queue_name(SERVICE)
            if channel.queue_declare(queue, passive=True).consumer_count:
                return
            time.sleep(0.05)
    raise TimeoutError("the consumer did not attach to its queue")


def delete_namespace(setup: Setup) -> None:
    """Delete the run's queues and exchange (as the test plugin's ``delete_namespace``)."""
    with Connection(setup.amqp_url) as conn:
        channel = conn.channel()
        for service, keys in SUBSCRIPTIONS.items():
            if keys:
                for queue in setup.topology.service_queues(service):
                    channel.queue_delete(queue.name)
        channel.queue_delete(setup.baseline_queue)
        channel.exchange_delete(setup.topology.exchange.name)


def server_versions(setup: Setup, dbs) -> tuple[str, str]:
    """RabbitMQ's and PostgreSQL's versions."""
    with Connection(setup.amqp_url) as conn:
        conn.ensure_connection(max_retries=1)
        rabbit = conn.connection.server_properties.get("version", "?")
    with dbs[0].engine.connect() as conn:
        postgres = conn.execute(text("SHOW server_version")).scalar_one()
    return rabbit, postgres
