"""Where the consumer of the pipeline spends its time: pyinstrument over a ``MessageConsumer``
handling N messages that wait in its queue (relayed beforehand, untimed), in this process.

    uv run python bench/messaging_profile.py [--messages 5000] [--per-message] [--html FILE]
        [--no-profiler]

The consumer is the pipeline's (``messaging_rig.py``): ``registrations``, inbox row and one
handler row per message, in one INSERT per batch, or one per message with ``--per-message``.
Fresh ``bench_*`` databases and broker prefix, removed at the end, as ``messaging.py`` does.
"""

from __future__ import annotations

import argparse
import os
import threading
import time
import uuid
from contextlib import nullcontext
from pathlib import Path

from baselines import make_body
from common import scratch_databases
from messaging_rig import (
    EVENT_TYPE,
    SERVICE,
    CountingConsumer,
    Setup,
    bench_metadata,
    delete_namespace,
    fill_outbox,
    remember_event,
    remember_events,
)
from pyinstrument import Profiler

from dialog_platform.db import Database
from dialog_platform.logging import configure_logging
from dialog_platform.messaging.connection import connect
from dialog_platform.messaging.publisher import ConfirmingPublisher
from dialog_platform.messaging.relay import Relay
from dialog_platform.messaging.tables import messaging_metadata
from dialog_platform.messaging.topology import Topology
from dialog_platform.testing.resources import amqp_url, postgres_admin_url


class _Results:
    """Stands in for the pipeline's result queue: keeps the consumer's report."""

    def put(self, report) -> None:
        self.report = report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=5000)
    parser.add_argument("--per-message", action="store_true", help="a plain handler")
    parser.add_argument("--consumer-batch", type=int, default=100, help="as DIALOG_CONSUMER_BATCH")
    parser.add_argument("--html", type=Path, help="also write pyinstrument's HTML report here")
    parser.add_argument(
        "--no-profiler", action="store_true", help="only time it (the profiler costs CPU)"
    )
    options = parser.parse_args()
    configure_logging("bench", level="WARNING")
    topology = Topology(prefix=f"bench-{uuid.uuid4().hex[:10]}.")
    roles = ("events", "registrations")
    with scratch_databases(postgres_admin_url(), *roles) as (events_url, registrations_url):
        setup = Setup(
            amqp_url=amqp_url(),
            events_url=events_url,
            registrations_url=registrations_url,
            topology=topology,
            queue_type="quorum",
            relay_batch=2000,
            consumer_batch=options.consumer_batch,
            body=make_body(),
        )
        events_db, registrations_db = Database(events_url), Database(registrations_url)
        messaging_metadata.create_all(events_db.engine)
        messaging_metadata.create_all(registrations_db.engine)
        bench_metadata.create_all(registrations_db.engine)
        try:
            with connect(setup.amqp_url, name="bench-setup") as connection:
                topology.declare(connection.default_channel)
                fill_outbox(events_db, options.messages)
                relay = Relay(events_db, setup.amqp_url, topology)
                while relay.relay_batch(ConfirmingPublisher(connection, topology.exchange)):
                    pass
            profile(options, setup, registrations_db)
        finally:
            delete_namespace(setup)
            events_db.dispose()
            registrations_db.dispose()


def profile(options, setup: Setup, db: Database) -> None:
    """Consume the queue's N messages under pyinstrument; print the profile and CPU per one."""
    stop, results = threading.Event(), _Results()
    consumer = CountingConsumer(
        SERVICE,
        db,
        {EVENT_TYPE: remember_event if options.per_message else remember_events},
        setup.amqp_url,
        setup.topology,
        batch_size=setup.consumer_batch,
        target=options.messages,
        done=stop,  # the consumer's loop ends once all are handled
        results=results,
    )
    profiler = Profiler(interval=0.0005)
    load = os.getloadavg()[0]
    wall, cpu = time.perf_counter(), time.process_time()
    with nullcontext() if options.no_profiler else profiler:
        consumer.run(stop)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    _kind, handled, busy_wall, busy_cpu = results.report
    handler = "one INSERT per message" if options.per_message else "one INSERT per batch"
    print(f"consumer of {handled:,} messages, batch {setup.consumer_batch}, handler {handler}")
    print(f"load average {load:.1f} before, {os.getloadavg()[0]:.1f} after")
    print(
        f"from the first batch: {busy_wall:.2f} s, {handled / busy_wall:,.0f} msg/s, "
        f"{busy_cpu / handled * 1e6:,.0f} µs CPU per message "
        f"(with connecting: {wall:.2f} s, {cpu:.2f} s CPU)\n"
    )
    if options.no_profiler:
        return
    print(profiler.output_text(unicode=True, color=False, show_all=False))
    if options.html:
        options.html.write_text(profiler.output_html())


if __name__ == "__main__":
    main()
