"""The notifications service's consumer on a burst of sign-ups: N ``registration.created``
(confirmed, an email address each, so a seat-confirmed mail and two email reminders apiece)
waiting in its queue, handled by the service's own ``HANDLERS`` in this process.

    uv run python bench/notifications_consumer.py [--messages 5000] [--per-message]
        [--consumer-batch 100]

``--per-message`` hands each message to the handler alone (a plain handler around it, as the
consumer's fallback does), in the same batch transactions. Run with the sources of another
checkout first on ``PYTHONPATH`` to measure its handlers instead (plain ones are used as they
are). Production settings, a fresh ``bench_notifications_*`` database migrated by the service's
revisions and a broker prefix of its own, both removed at the end. Printed: messages a second
and this process's CPU per message (``time.process_time``) from the first batch on.
"""

from __future__ import annotations

import argparse
import os
import secrets
import tempfile
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta

from common import scratch_databases
from messaging_rig import CountingConsumer
from sqlalchemy import func, select

from dialog_notifications.config import load_settings
from dialog_notifications.messaging.handlers import HANDLERS
from dialog_notifications.models import Delivery
from dialog_platform.clock import fixed
from dialog_platform.crypto import new_key
from dialog_platform.db import Database
from dialog_platform.logging import configure_logging
from dialog_platform.messaging.connection import connect
from dialog_platform.messaging.consumer import BatchHandler
from dialog_platform.messaging.publisher import ConfirmingPublisher, Outgoing
from dialog_platform.messaging.topology import Topology
from dialog_platform.migrations import upgrade
from dialog_platform.testing.messages import envelope_for
from dialog_platform.testing.plugin import delete_namespace
from dialog_platform.testing.resources import amqp_url, postgres_admin_url

NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
STARTS = NOW + timedelta(days=20)
SERVICE = "notifications"
#: The events service's default plan: two emails and an SMS (none here: nobody gave a number).
PLAN = [
    {"channel": "email", "minutes_before": 7 * 24 * 60},
    {"channel": "email", "minutes_before": 24 * 60},
    {"channel": "sms", "minutes_before": 3 * 60},
]
VENUE = {"name": "Gemeindehaus", "address": "Hauptstraße 1, Berlin"}


class _Results:
    """Stands in for the pipeline's result queue: keeps the consumer's report."""

    def put(self, report) -> None:
        self.report = report


def event_published(event_id: uuid.UUID) -> dict:
    return {
        "event_id": str(event_id),
        "version": 1,
        "status": "published",
        "type": "evening_lecture",
        "title": "Gesprächsabend",
        "starts_at": STARTS.isoformat(),
        "ends_at": (STARTS + timedelta(hours=2)).isoformat(),
        "venue": VENUE,
        "reminder_plan": PLAN,
    }


def sign_up(event_id: uuid.UUID, n: int) -> dict:
    return {
        "registration_id": str(uuid.uuid4()),
        "version": 1,
        "status": "confirmed",
        "takes_seat": True,
        "participant": {
            "name": f"Person {n}",
            "email": f"person{n}@example.org",
            "language": "de",
        },
        "event": {
            "event_id": str(event_id),
            "version": 1,
            "title": "Gesprächsabend",
            "starts_at": STARTS.isoformat(),
            "ends_at": (STARTS + timedelta(hours=2)).isoformat(),
            "venue": VENUE,
        },
        "links": {"cancel_url": f"https://anmeldung.example.org/cancel/tok-{n}"},
    }


def environment(url: str, data_dir: str) -> dict[str, str]:
    """Production settings of the service, its contact fields under a fresh key."""
    return {
        "DIALOG_ENV": "production",
        "DIALOG_DATA_DIR": data_dir,
        "LOG_LEVEL": "WARNING",
        "NOTIFICATIONS_DATABASE_URL": url,
        "AMQP_URL": amqp_url(),
        "JWT_SECRET": secrets.token_hex(32),
        "DIALOG_DATA_KEYS": new_key(),
        "SMTP_HOST": "smtp.invalid",
        "NOTIFICATIONS_PUBLIC_URL": "https://benachrichtigungen.example.org",
    }


def fill_queue(topology: Topology, n: int) -> None:
    """The event's snapshot, then n sign-ups for it, on the service's queue (untimed)."""
    event_id = uuid.uuid4()
    envelopes = [envelope_for("events.event.published", event_published(event_id))]
    envelopes += [
        envelope_for("registrations.registration.created", sign_up(event_id, i)) for i in range(n)
    ]
    with connect(amqp_url(), name="bench-setup") as connection:
        topology.declare(connection.default_channel)
        publisher = ConfirmingPublisher(connection, topology.exchange)
        for first in range(0, len(envelopes), 1000):
            publisher.publish(
                Outgoing(body=e.to_json(), routing_key=e.type, message_id=e.id)
                for e in envelopes[first : first + 1000]
            )


def handlers(per_message: bool) -> dict:
    """The service's handlers; with ``per_message``, each batch handler given one at a time."""
    if not per_message:
        return HANDLERS
    return {
        message_type: _one_at_a_time(handler) if isinstance(handler, BatchHandler) else handler
        for message_type, handler in HANDLERS.items()
    }


def _one_at_a_time(handler: BatchHandler):
    return lambda session, envelope, data: handler.handle(session, [(envelope, data)])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=5000)
    parser.add_argument("--per-message", action="store_true", help="one message per call")
    parser.add_argument("--consumer-batch", type=int, default=100, help="as DIALOG_CONSUMER_BATCH")
    options = parser.parse_args()
    configure_logging("bench", level="WARNING")
    topology = Topology(prefix=f"bench-{uuid.uuid4().hex[:10]}.")
    tmp = tempfile.TemporaryDirectory()
    with scratch_databases(postgres_admin_url(), SERVICE) as (url,):
        os.environ.update(environment(url, tmp.name))
        db = Database.of(load_settings())
        try:
            upgrade("dialog_notifications", url)
            fill_queue(topology, options.messages)
            with fixed(lambda: NOW):
                report, load = consume(options, db, topology)
            with db.transaction() as session:
                queued = session.scalar(select(func.count()).select_from(Delivery))
        finally:
            delete_namespace(amqp_url(), topology)
            db.dispose()
    _kind, handled, wall, cpu = report
    created = handlers(options.per_message)["registrations.registration.created"]
    how = "a batch at a time" if isinstance(created, BatchHandler) else "one at a time"
    print(
        f"notifications consumer, {handled:,} messages (batch {options.consumer_batch}), "
        f"handler given them {how}; {queued:,} deliveries queued"
    )
    print(f"load average {load[0]:.1f} before, {load[1]:.1f} after")
    print(
        f"from the first batch: {wall:.2f} s, {handled / wall:,.0f} msg/s, "
        f"{cpu / handled * 1e6:,.0f} µs CPU per message"
    )


def consume(options, db: Database, topology: Topology):
    """Run the service's consumer until the queue's messages are handled; its report."""
    stop, results = threading.Event(), _Results()
    consumer = CountingConsumer(
        SERVICE,
        db,
        handlers(options.per_message),
        amqp_url(),
        topology,
        batch_size=options.consumer_batch,
        target=options.messages + 1,
        done=stop,
        results=results,
    )
    before = os.getloadavg()[0]
    started = time.perf_counter()
    consumer.run(stop)
    assert time.perf_counter() > started
    return results.report, (before, os.getloadavg()[0])


if __name__ == "__main__":
    main()
