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
from sqlalchemy import select

from ..db import Database
from ..messaging.contracts import dump_for_publishing, load_received, opened_data
from ..messaging.envelope import Envelope
from ..messaging.inbox import record_once
from ..messaging.tables import outbox
from ..messaging.topology import Topology


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
            handlers[envelope.type](session, envelope, loaded)
    return envelope
