"""Broker connections: RabbitMQ over AMQP in production, a broker-less kombu transport (SQLite
through SQLAlchemy) in the embedded mode. Both are reached with the same kombu API."""

from __future__ import annotations

import contextlib

from kombu import Connection

from ..config import Settings
from .topology import Topology

BROKER_NATIVE_SCHEMES = ("amqp", "amqps", "pyamqp")


def is_broker_native(url: str) -> bool:
    """True for a real AMQP broker (TTL, dead-lettering, publisher confirms)."""
    return url.split("://", 1)[0].split("+", 1)[0] in BROKER_NATIVE_SCHEMES


HEARTBEAT_SECONDS = 30


def connect(
    url: str, poll_seconds: float = 0.1, name: str = "dialog", heartbeat: float = HEARTBEAT_SECONDS
) -> Connection:
    if is_broker_native(url):
        connection = Connection(
            url,
            heartbeat=heartbeat,
            transport_options={"client_properties": {"connection_name": name}},
            connect_timeout=10,
        )
    else:
        connection = Connection(url)
    connection.ensure_connection(max_retries=3)
    if not is_broker_native(url):
        # kombu hands transport_options to create_engine, which rejects polling_interval;
        # the attribute has to be set on the live transport (EMBEDDED-TRANSPORT.md).
        connection.transport.polling_interval = poll_seconds
    return connection


def topology_for(settings: Settings) -> Topology:
    return Topology(
        exchange_name=settings.exchange,
        prefix=settings.queue_prefix,
        broker_native=is_broker_native(settings.amqp_url),
        quorum=settings.quorum_queues,
        delivery_limit=settings.delivery_limit,
        retry_delays=settings.retry_delays,
    )


def keep_alive(connection: Connection) -> None:
    """For a connection that is idle: read what the broker sent (its heartbeats among it), then
    send ours if due. Checking heartbeats without reading the socket would count the broker's
    as missed and drop a healthy connection. Call it about every second."""
    with contextlib.suppress(TimeoutError):  # nothing was waiting
        connection.drain_events(timeout=0)
    connection.heartbeat_check()
