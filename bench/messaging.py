"""Messaging benchmarks: the platform's relay and pipeline against plain pika (BENCHMARKS.md).

    uv run python bench/messaging.py [--messages N] [--queue-type quorum|classic] [--rounds 3]

One run warms up, then runs ``--rounds`` rounds of four figures, interleaved so that drift on a
noisy machine hits all of them alike:

- confirm-each and streamed-confirms: the baselines of ``baselines.py``;
- relay: N rows written into the outbox of a fresh PostgreSQL database beforehand (untimed), then
  ``Relay.relay_batch`` with a ``ConfirmingPublisher`` until no row is left unsent;
- pipeline: the same outbox, a relay process and a ``MessageConsumer`` process of
  ``registrations`` (inbox row, a handler that inserts one row, ack after commit) started and
  connected first, then timed from "go" until the consumer has handled all N.

Everything lives under a fresh broker prefix and fresh ``bench_*`` databases, removed at the end.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import re
import statistics
import sys
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import psycopg
from baselines import confirm_each, declare_queue, make_body, streamed_confirms
from kombu import Connection
from sqlalchemy import Column, DateTime, MetaData, String, Table, Text, func, insert, select, text
from sqlalchemy.engine import make_url

from dialog_platform.db import Database
from dialog_platform.logging import configure_logging
from dialog_platform.messaging.connection import connect
from dialog_platform.messaging.consumer import MessageConsumer
from dialog_platform.messaging.contracts import dump_for_publishing
from dialog_platform.messaging.envelope import Envelope
from dialog_platform.messaging.outbox import add_to_outbox
from dialog_platform.messaging.publisher import ConfirmingPublisher
from dialog_platform.messaging.relay import Relay
from dialog_platform.messaging.tables import inbox, messaging_metadata, outbox
from dialog_platform.messaging.topology import SUBSCRIPTIONS, Topology
from dialog_platform.testing.resources import amqp_url, libpq_url, postgres_admin_url

EVENT_TYPE = "events.event.published"
PRODUCER = "events"
SERVICE = "registrations"  # its work queue binds events.event.*
STREAM_WINDOW = 500
TARGETS = {"relay / streamed-confirms": 0.5, "pipeline / confirm-each": 2.0}
RATIOS = {
    "relay / streamed-confirms": ("relay", "streamed-confirms"),
    "pipeline / confirm-each": ("pipeline", "confirm-each"),
    "pipeline / streamed-confirms": ("pipeline", "streamed-confirms"),
}

#: What the pipeline's handler writes: one row per event, as registrations keeps a snapshot.
bench_metadata = MetaData()
events_seen = Table(
    "bench_events_seen",
    bench_metadata,
    Column("event_id", String(36), primary_key=True),
    Column("title", Text, nullable=False),
    Column("starts_at", DateTime(timezone=True), nullable=False),
)


def remember_event(session, envelope, data) -> None:
    """The pipeline's handler: insert one row."""
    session.execute(
        insert(events_seen).values(
            event_id=str(data["event_id"]), title=data["title"], starts_at=data["starts_at"]
        )
    )


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


def consumer_process(setup: Setup, n: int, done, stop, results) -> None:
    """Run the registrations consumer until ``stop``; ``done`` is set once n are handled."""
    configure_logging(SERVICE, level="WARNING")
    db = Database(setup.registrations_url)
    consumer = CountingConsumer(
        SERVICE,
        db,
        {EVENT_TYPE: remember_event},
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


@contextmanager
def scratch_databases(admin_url: str):
    """Two fresh databases (producer and consumer side), dropped afterwards."""
    admin = libpq_url(admin_url)
    names = [f"bench_{role}_{uuid.uuid4().hex[:10]}" for role in ("events", "registrations")]
    with psycopg.connect(admin, autocommit=True) as conn:
        for name in names:
            conn.execute(f'CREATE DATABASE "{name}"')
    try:
        url = make_url(admin_url)
        yield [url.set(database=n).render_as_string(hide_password=False) for n in names]
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            for name in names:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


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


def bound_services(routing_key: str) -> list[str]:
    """The services whose work queue a message with this key reaches (AMQP topic matching)."""

    def matches(pattern: str) -> bool:
        regex = re.escape(pattern).replace(r"\*", r"[^.]+").replace(r"\#", ".*")
        return re.fullmatch(regex, routing_key) is not None

    return [service for service, keys in SUBSCRIPTIONS.items() if any(map(matches, keys))]


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


# --- the four figures -------------------------------------------------------------------------


def bench_confirm_each(setup: Setup, n: int, _dbs, _details: dict) -> float:
    """The confirm-each baseline, messages/second."""
    purge_queues(setup)
    return confirm_each(setup.pika_url, setup.baseline_queue, setup.body, n)


def bench_streamed(setup: Setup, n: int, _dbs, _details: dict) -> float:
    """The streamed-confirms baseline, messages/second."""
    purge_queues(setup)
    return streamed_confirms(setup.pika_url, setup.baseline_queue, setup.body, n, STREAM_WINDOW)


def _spawn(target, *args):
    process = multiprocessing.get_context("spawn").Process(target=target, args=args, daemon=True)
    process.start()
    return process


def _join(*processes, timeout: float = 30.0) -> None:
    for process in processes:
        process.join(timeout)
        if process.is_alive():
            process.kill()
            raise RuntimeError(f"{process.name} did not stop")


def bench_relay(setup: Setup, n: int, dbs, details: dict) -> float:
    """The relay stage on a pre-filled outbox, messages/second."""
    events_db, _ = dbs
    fill_outbox(events_db, n)
    purge_queues(setup)
    mp = multiprocessing.get_context("spawn")
    ready, go, results = mp.Event(), mp.Event(), mp.Queue()
    relay = _spawn(relay_process, setup, ready, go, results)
    try:
        if not ready.wait(60):
            raise TimeoutError("the relay did not connect")
        go.set()
        _, published, elapsed, cpu = results.get(timeout=max(300, n / 20))
    finally:
        _join(relay)
    unsent = count(events_db, select(func.count()).where(outbox.c.sent_at.is_(None)))
    if published != n or unsent:
        raise RuntimeError(f"relay published {published} of {n}; {unsent} rows left unsent")
    details.setdefault("relay alone", []).append((n / elapsed, cpu / elapsed, cpu / n))
    return n / elapsed


def bench_pipeline(setup: Setup, n: int, dbs, details: dict) -> float:
    """Outbox to relay to consumer, both processes running at once, messages/second."""
    events_db, registrations_db = dbs
    fill_outbox(events_db, n)
    with registrations_db.transaction() as session:
        session.execute(text(f"TRUNCATE inbox, {events_seen.name}"))
    purge_queues(setup)
    mp = multiprocessing.get_context("spawn")
    ready, go, done, stop, results = mp.Event(), mp.Event(), mp.Event(), mp.Event(), mp.Queue()
    consumer = _spawn(consumer_process, setup, n, done, stop, results)
    relay = _spawn(relay_process, setup, ready, go, results)
    try:
        if not ready.wait(60):
            raise TimeoutError("the relay did not connect")
        wait_for_consumer(setup)
        start = time.perf_counter()
        go.set()
        if not done.wait(max(300, n / 20)):
            raise TimeoutError("the pipeline did not handle every message in time")
        elapsed = time.perf_counter() - start
        reports = {kind: rest for kind, *rest in (results.get(timeout=60) for _ in range(2))}
    finally:
        stop.set()
        _join(relay, consumer)
    handled = count(registrations_db, select(func.count()).select_from(events_seen))
    recorded = count(registrations_db, select(func.count()).select_from(inbox))
    if handled != n or recorded != n:
        raise RuntimeError(
            f"{handled} handler rows and {recorded} inbox rows for {n} messages: were some "
            f"dead-lettered (queue {setup.topology.dead_letter_name(SERVICE)})?"
        )
    for kind, (done_count, wall, cpu) in reports.items():
        row = (done_count / wall, cpu / wall, cpu / done_count)
        details.setdefault(f"{kind} in pipeline", []).append(row)
    return n / elapsed


FIGURES = {
    "confirm-each": bench_confirm_each,
    "streamed-confirms": bench_streamed,
    "relay": bench_relay,
    "pipeline": bench_pipeline,
}


# --- running and reporting --------------------------------------------------------------------


def server_versions(setup: Setup, dbs) -> tuple[str, str]:
    """RabbitMQ's and PostgreSQL's versions."""
    with Connection(setup.amqp_url) as conn:
        conn.ensure_connection(max_retries=1)
        rabbit = conn.connection.server_properties.get("version", "?")
    with dbs[0].engine.connect() as conn:
        postgres = conn.execute(text("SHOW server_version")).scalar_one()
    return rabbit, postgres


def spread(values: list[float]) -> str:
    """Minimum - maximum, and half their distance relative to the median."""
    median = statistics.median(values)
    low, high = min(values), max(values)
    return f"{low:>9,.0f} - {high:>9,.0f}  (±{(high - low) / 2 / median:.0%})"


def report(args, setup: Setup, dbs, figures: dict, details: dict) -> None:
    """Print the settings, each figure's median and spread, and the ratios."""
    rabbit, postgres = server_versions(setup, dbs)
    envelope_bytes = len(sample_envelope().encode())
    print()
    print(f"settings: {args.messages:,} messages per figure and round,", end=" ")
    print(f"{args.warmup:,} per figure to warm up,")
    print(f"  {args.rounds} rounds, {setup.queue_type} queues, persistent, RabbitMQ {rabbit},")
    print(f"  PostgreSQL {postgres}, {os.cpu_count()} cores, Python {sys.version.split()[0]},")
    print(f"  load average {args.load_before:.1f} before the run, {os.getloadavg()[0]:.1f} after;")
    print(f"  baseline body {len(setup.body)} B to one queue (default exchange);")
    print(f"  platform envelope {envelope_bytes} B ({EVENT_TYPE}) to the topic exchange,")
    routed = bound_services(EVENT_TYPE)
    print(f"  routed to {len(routed)} queues ({', '.join(routed)});")
    print(f"  streamed window {STREAM_WINDOW}, relay batch {setup.relay_batch},")
    print(f"  consumer batch (prefetch) {setup.consumer_batch}, handler: inbox + 1 insert\n")
    print(f"{'figure':<22}{'median msg/s':>13}   {'spread (min - max)':>28}")
    for name, values in figures.items():
        print(f"{name:<22}{statistics.median(values):>13,.0f}   {spread(values)}")
    print("\nthe platform's processes (medians over the rounds):")
    for name, rows in details.items():
        rate, busy, cpu = (statistics.median(column) for column in zip(*rows, strict=True))
        print(
            f"  {name:<20}{rate:>8,.0f} msg/s over its own active time, on a CPU {busy:.0%} "
            f"of it, {cpu * 1e6:,.0f} µs CPU per message"
        )
    print("\nratio (of the medians; per round in brackets)")
    for label, (top, bottom) in RATIOS.items():
        if top in figures and bottom in figures:
            ratio = statistics.median(figures[top]) / statistics.median(figures[bottom])
            rounds = ", ".join(
                f"{t / b:.2f}" for t, b in zip(figures[top], figures[bottom], strict=True)
            )
            target = TARGETS.get(label)
            verdict = "" if target is None else f"target ≥ {target}: "
            verdict += "" if target is None else ("met" if ratio >= target else "MISSED")
            print(f"  {label:<30}{ratio:>6.2f}  ({rounds})  {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--messages", type=int, default=5000, help="messages per figure and round")
    parser.add_argument("--queue-type", choices=("quorum", "classic"), default="quorum")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--warmup", type=int, default=1000, help="messages per figure to warm up")
    parser.add_argument("--relay-batch", type=int, default=2000, help="as DIALOG_RELAY_BATCH")
    parser.add_argument("--consumer-batch", type=int, default=100, help="as DIALOG_CONSUMER_BATCH")
    parser.add_argument("--only", nargs="+", choices=list(FIGURES), default=list(FIGURES))
    args = parser.parse_args()

    args.load_before = os.getloadavg()[0]
    configure_logging("bench", level="WARNING")
    admin_url = postgres_admin_url()
    prefix = f"bench-{uuid.uuid4().hex[:10]}."
    topology = Topology(prefix=prefix, quorum=args.queue_type == "quorum")
    with scratch_databases(admin_url) as (events_url, registrations_url):
        setup = Setup(
            amqp_url=amqp_url(),
            events_url=events_url,
            registrations_url=registrations_url,
            topology=topology,
            queue_type=args.queue_type,
            relay_batch=args.relay_batch,
            consumer_batch=args.consumer_batch,
            body=make_body(250),
        )
        dbs = (Database(events_url), Database(registrations_url))
        messaging_metadata.create_all(dbs[0].engine)
        messaging_metadata.create_all(dbs[1].engine)
        bench_metadata.create_all(dbs[1].engine)
        try:
            with connect(setup.amqp_url, name="bench-setup") as connection:
                topology.declare(connection.default_channel)
            declare_queue(setup.pika_url, setup.baseline_queue, args.queue_type)
            figures: dict[str, list[float]] = {name: [] for name in args.only}
            details: dict[str, list] = {}
            print(f"warming up with {args.warmup:,} messages per figure", flush=True)
            for name in args.only:
                FIGURES[name](setup, args.warmup, dbs, {})
            for round_ in range(1, args.rounds + 1):
                for name in args.only:
                    rate = FIGURES[name](setup, args.messages, dbs, details)
                    figures[name].append(rate)
                    print(f"round {round_}: {name:<18}{rate:>10,.0f} msg/s", flush=True)
            report(args, setup, dbs, figures, details)
        finally:
            delete_namespace(setup)
            for db in dbs:
                db.dispose()


if __name__ == "__main__":
    main()
