"""Helpers for tests of what a service sends and receives: the messages in its outbox, a probe
queue on the broker, and a message handed to its handlers the way the consumer does."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

from kombu import Connection, Queue, binding
from sqlalchemy import event, select, text

from ..db import Database
from ..messaging.connection import connect
from ..messaging.consumer import DEFAULT_EXCHANGE, BatchHandler, MessageConsumer
from ..messaging.contracts import dump_for_publishing, load_received, opened_data
from ..messaging.envelope import Envelope
from ..messaging.inbox import record_once
from ..messaging.publisher import ConfirmingPublisher, Outgoing
from ..messaging.tables import outbox
from ..messaging.topology import Topology
from .waiting import wait_for


def read_envelope(body: str | bytes) -> dict[str, Any]:
    """A message body as JSON, its sealed parts opened (``sealed``: the data as it travelled)."""
    envelope = json.loads(body)
    envelope["sealed"] = envelope["data"]
    envelope["data"] = opened_data(envelope["type"], envelope["version"], envelope["data"])
    return envelope


def outbox_messages(db: Database, message_type: str | None = None) -> list[dict[str, Any]]:
    """The envelopes in a service's outbox, oldest first (each a dict: id, type, data, ...),
    their sealed parts opened (``sealed`` keeps the data as it was written)."""
    with db.transaction() as session:
        bodies = session.scalars(select(outbox.c.body).order_by(outbox.c.id)).all()
    envelopes = [read_envelope(body) for body in bodies]
    return [e for e in envelopes if message_type is None or e["type"] == message_type]


@contextmanager
def probe_queue(url: str, topology: Topology, *keys: str) -> Iterator[Queue]:
    """A queue of this test's namespace bound to ``keys`` on the exchange, to see what reaches
    the broker; deleted afterwards. ``queue.get(no_ack=True)`` takes one message or None."""
    with Connection(url) as connection:
        queue = Queue(
            f"{topology.prefix}probe-{uuid.uuid4().hex[:6]}",
            bindings=[binding(topology.exchange, routing_key=key) for key in keys],
            durable=False,
            auto_delete=False,
        )(connection.default_channel)
        topology.exchange(connection.default_channel).declare()
        queue.declare()
        try:
            yield queue
        finally:
            queue.delete()


def published_event_data(
    starts: datetime = datetime(2030, 5, 4, 17, 0, tzinfo=UTC), **overrides: Any
) -> dict[str, Any]:
    """Valid ``data`` of an ``events.event.published`` message: an evening lecture of two hours
    from ``starts`` with 30 seats, a new event id each call; ``overrides`` replace fields."""
    return {
        "event_id": str(uuid.uuid4()),
        "version": 1,
        "status": "published",
        "type": "evening_lecture",
        "title": "Grundlagen der Wohlfahrtspflege",
        "starts_at": starts.isoformat(),
        "ends_at": (starts + timedelta(hours=2)).isoformat(),
        "capacity": 30,
    } | overrides


def registration_data(
    registration_id: uuid.UUID | None = None,
    version: int = 1,
    status: str = "confirmed",
    event_id: uuid.UUID | None = None,
    **overrides: Any,
) -> dict[str, Any]:
    """Valid ``data`` of a ``registrations.registration.*`` message: a registration (a new id
    unless given) at ``version`` in ``status`` for an evening lecture of two hours in 2030;
    ``overrides`` replace fields."""
    starts = datetime(2030, 5, 4, 17, 0, tzinfo=UTC)
    return {
        "registration_id": str(registration_id or uuid.uuid4()),
        "version": version,
        "status": status,
        "takes_seat": status in ("pending", "confirmed", "attended", "no_show"),
        "participant": {"name": "Ada Example", "email": "ada@example.org", "language": "de"},
        "event": {
            "event_id": str(event_id or uuid.uuid4()),
            "version": 1,
            "title": "Grundlagen der Wohlfahrtspflege",
            "starts_at": starts.isoformat(),
            "ends_at": (starts + timedelta(hours=2)).isoformat(),
        },
        "links": {"cancel_url": "https://registrations.example.org/cancel/tok-1"},
    } | overrides


def envelope_for(message_type: str, data: dict[str, Any], version: int = 1) -> Envelope:
    """An envelope whose data went through the contract as a publisher sends it."""
    return Envelope(
        type=message_type,
        version=version,
        producer=message_type.split(".", 1)[0],
        data=dump_for_publishing(message_type, version, data),
        correlation_id="test",
    )


def deliver(
    db: Database,
    handlers: dict,
    message_type: str,
    data: dict[str, Any],
    consumer: str = "test",
    envelope: Envelope | None = None,
) -> Envelope:
    """Hand a message to its handler the way the consumer does: the contract both ways, the
    inbox row, the handler, one transaction. A repeated envelope has no effect."""
    envelope = envelope or envelope_for(message_type, data)
    loaded = load_received(envelope.type, envelope.version, envelope.data)
    with db.transaction() as session:
        if record_once(session, consumer, envelope.id, envelope.type):
            handler = handlers[envelope.type]
            if isinstance(handler, BatchHandler):
                handler.handle(session, [(envelope, loaded)])
            else:
                handler(session, envelope, loaded)
    return envelope


def refuse_row(db: Database, table: str, column: str, value: uuid.UUID) -> None:
    """Make ``table`` refuse a row whose ``column`` holds ``value`` (a constraint, or on SQLite a
    trigger): a message whose write the database refuses, the poison one of a batch."""
    with db.transaction() as session:
        if session.get_bind().dialect.name == "postgresql":
            check = f"CHECK ({column} <> '{value}')"
            session.execute(text(f"ALTER TABLE {table} ADD CONSTRAINT refused_row {check}"))
        else:  # SQLite has no ALTER TABLE ... ADD CONSTRAINT; it stores a UUID as hex digits
            session.execute(
                text(
                    f"CREATE TRIGGER refused_row BEFORE INSERT ON {table}"
                    f" WHEN NEW.{column} = '{value.hex}' BEGIN SELECT RAISE(ABORT, 'refused'); END"
                )
            )


def consume_as_one_batch(
    db: Database,
    handlers: dict,
    service: str,
    envelopes: list[Envelope],
    amqp_url: str,
    topology: Topology,
) -> list[str]:
    """Publish ``envelopes`` to the broker, then have the service's consumer take them off its
    queue and handle them as one batch, as it does under load (a failed one goes to its retry
    queue). The queue must hold nothing else. Returns the SQL statements the batch took."""
    with connect(amqp_url) as connection:
        topology.declare(connection.default_channel)
        ConfirmingPublisher(connection, topology.exchange).publish(
            Outgoing(body=e.to_json(), routing_key=e.type, message_id=e.id) for e in envelopes
        )
        queue = topology.work_queue(service)(connection.default_channel)
        batch = [
            wait_for(lambda: queue.get(no_ack=False), what=f"message {n + 1} in the queue")
            for n in range(len(envelopes))
        ]
        consumer = MessageConsumer(service, db, handlers, amqp_url, topology)
        statements: list[str] = []

        def executed(_connection, _cursor, statement, *_args) -> None:
            statements.append(statement)

        event.listen(db.engine, "before_cursor_execute", executed)
        try:
            consumer.handle_batch(batch, ConfirmingPublisher(connection, DEFAULT_EXCHANGE))
        finally:
            event.remove(db.engine, "before_cursor_execute", executed)
    return statements
