"""Messaging benchmarks: the platform's relay and pipeline against plain pika (BENCHMARKS.md).

    uv run python bench/messaging.py [--messages N] [--queue-type quorum|classic] [--rounds 3]

One run warms up, then runs ``--rounds`` rounds of six figures, interleaved so that drift on a
noisy machine hits all of them alike:

- confirm-each and streamed-confirms: the baselines of ``baselines.py``;
- streamed-fanout (for orientation): streamed-confirms with the relay's message, the platform's
  envelope, to the topic exchange, where two queues take it: the broker's share of the relay;
- relay: N rows written into the outbox of a fresh PostgreSQL database beforehand (untimed), then
  ``Relay.relay_batch`` with a ``ConfirmingPublisher`` until no row is left unsent;
- pipeline: the same outbox, a relay process and a ``MessageConsumer`` process of
  ``registrations`` (inbox row, a ``BatchHandler`` that inserts one row per message in one
  INSERT per batch, ack after commit) started and connected first, then timed from "go" until
  the consumer has handled all N;
- pipeline-per-message: the same with a plain handler, one INSERT per message.

Everything lives under a fresh broker prefix and fresh ``bench_*`` databases, removed at the end.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import statistics
import sys
import time
import uuid

from baselines import confirm_each, declare_queue, make_body, streamed_confirms
from common import scratch_databases, spread
from messaging_rig import (
    EVENT_TYPE,
    SERVICE,
    Setup,
    bench_metadata,
    consumer_process,
    count,
    delete_namespace,
    events_seen,
    fill_outbox,
    purge_queues,
    relay_process,
    sample_envelope,
    server_versions,
    wait_for_consumer,
)
from sqlalchemy import func, select, text

from dialog_platform.db import Database
from dialog_platform.logging import configure_logging
from dialog_platform.messaging.connection import connect
from dialog_platform.messaging.tables import inbox, messaging_metadata, outbox
from dialog_platform.messaging.topology import Topology, consumers_of
from dialog_platform.testing.resources import amqp_url, postgres_admin_url

STREAM_WINDOW = 500
#: How long a spawned relay or consumer may take to import and connect (a loaded machine).
CONNECT_SECONDS = 300
TARGETS = {"relay / streamed-confirms": 0.5, "pipeline / confirm-each": 2.0}
RATIOS = {
    "relay / streamed-confirms": ("relay", "streamed-confirms"),
    "relay / streamed-fanout": ("relay", "streamed-fanout"),
    "pipeline / confirm-each": ("pipeline", "confirm-each"),
    "pipeline / streamed-confirms": ("pipeline", "streamed-confirms"),
    "pipeline-per-message / confirm-each": ("pipeline-per-message", "confirm-each"),
}


# --- the figures ------------------------------------------------------------------------------


def bench_confirm_each(setup: Setup, n: int, _dbs, _details: dict) -> float:
    """The confirm-each baseline, messages/second."""
    purge_queues(setup)
    return confirm_each(setup.pika_url, setup.baseline_queue, setup.body, n)


def bench_streamed(setup: Setup, n: int, _dbs, _details: dict) -> float:
    """The streamed-confirms baseline, messages/second."""
    purge_queues(setup)
    return streamed_confirms(setup.pika_url, setup.baseline_queue, setup.body, n, STREAM_WINDOW)


def bench_streamed_fanout(setup: Setup, n: int, _dbs, _details: dict) -> float:
    """Plain pika doing the relay's broker work: the relay's envelope, streamed as the baseline
    is, to the topic exchange and from there to the queues bound to it; messages/second."""
    purge_queues(setup)
    envelope = sample_envelope().encode()
    exchange = setup.topology.exchange.name
    return streamed_confirms(setup.pika_url, EVENT_TYPE, envelope, n, STREAM_WINDOW, exchange)


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
        if not ready.wait(CONNECT_SECONDS):
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
    """Outbox to relay to consumer (a batch handler), both processes at once, messages/second."""
    return _pipeline(setup, n, dbs, details, batch_handler=True, label="")


def bench_pipeline_per_message(setup: Setup, n: int, dbs, details: dict) -> float:
    """The pipeline with a handler called once per message (one INSERT each)."""
    return _pipeline(setup, n, dbs, details, batch_handler=False, label=", per message")


def _pipeline(setup: Setup, n: int, dbs, details: dict, batch_handler: bool, label: str) -> float:
    events_db, registrations_db = dbs
    fill_outbox(events_db, n)
    with registrations_db.transaction() as session:
        session.execute(text(f"TRUNCATE inbox, {events_seen.name}"))
    purge_queues(setup)
    mp = multiprocessing.get_context("spawn")
    ready, go, done, stop, results = mp.Event(), mp.Event(), mp.Event(), mp.Event(), mp.Queue()
    consumer = _spawn(consumer_process, setup, n, batch_handler, done, stop, results)
    relay = _spawn(relay_process, setup, ready, go, results)
    try:
        if not ready.wait(CONNECT_SECONDS):
            raise TimeoutError("the relay did not connect")
        wait_for_consumer(setup, CONNECT_SECONDS)
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
        details.setdefault(f"{kind} in pipeline{label}", []).append(row)
    return n / elapsed


FIGURES = {
    "confirm-each": bench_confirm_each,
    "streamed-confirms": bench_streamed,
    "streamed-fanout": bench_streamed_fanout,
    "relay": bench_relay,
    "pipeline": bench_pipeline,
    "pipeline-per-message": bench_pipeline_per_message,
}


# --- running and reporting --------------------------------------------------------------------


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
    routed = consumers_of(EVENT_TYPE)
    print(f"  routed to {len(routed)} queues ({', '.join(routed)});")
    print(f"  streamed window {STREAM_WINDOW}, relay batch {setup.relay_batch},")
    print(f"  consumer batch (prefetch) {setup.consumer_batch}; handler: inbox + 1 row each,")
    print("  in one INSERT per batch (pipeline) or one per message (pipeline-per-message)\n")
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
    with scratch_databases(admin_url, "events", "registrations") as (events_url, registrations_url):
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
