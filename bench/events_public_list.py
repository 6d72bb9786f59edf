"""Public event list: latency at 1,000 events ÷ at 100,000 events (BENCHMARKS.md, target ≤ 1.5).

    uv run python bench/events_public_list.py [--small 1000] [--large 100000] [--rounds 3]
        [--requests 300] [--warmup 50]

Two fresh PostgreSQL databases (``bench_events_*``, dropped at the end), migrated by the
service's Alembic revisions, seeded by COPY with the same mix of events: starts spread evenly
from ten years ago to five years ahead; past ones mostly completed, upcoming ones mostly
published, some drafts and cancelled; one to three languages and one or two of twenty topics.

Timed: ``GET /api/v1/public/events`` (page 1 of 20, upcoming, by start, with its total) through
the events app's full request path (Flask test client, in this process: routing, query-args
validation, the queries, serialisation), and the same list filtered by type, by topic and by
language. Rounds alternate small and large database so drift hits both; each round's figure is
the median of ``--requests`` requests after ``--warmup``. Printed: median of the rounds and
their spread, the ratio, how many SQL statements one request runs, and the plans of each.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta

import psycopg
from common import scratch_databases
from sqlalchemy import event as sa_event
from sqlalchemy.engine import make_url

from dialog_platform.migrations import upgrade
from dialog_platform.testing.resources import libpq_url, postgres_admin_url

TYPES = ("information_event", "evening_lecture", "qualification_workshop", "other")
TOPICS = tuple(f"topic-{n:02d}" for n in range(20))
LANGUAGES = ("tr", "ar", "en", "ku")
LIST = "/api/v1/public/events"
QUERIES = {
    "list": {},
    "by type": {"type": "evening_lecture"},
    "by topic": {"topic": "topic-07"},
    "by language": {"language": "ar"},
}


def seed(url: str, count: int, rng: random.Random) -> None:
    """COPY ``count`` events (and their languages and topics) into the database at ``url``."""
    now = datetime.now(UTC)
    first, span = now - timedelta(days=3650), timedelta(days=5475).total_seconds()
    events, languages, topics = io.StringIO(), io.StringIO(), io.StringIO()
    for n in range(count):
        event_id = uuid.UUID(int=rng.getrandbits(128))
        starts = first + timedelta(seconds=rng.random() * span)
        starts = starts.replace(microsecond=0)
        roll = rng.random()
        if starts < now:
            status = "completed" if roll < 0.9 else ("cancelled" if roll < 0.95 else "draft")
        else:
            status = "published" if roll < 0.8 else ("draft" if roll < 0.95 else "cancelled")
        published = "\\N" if status == "draft" else (starts - timedelta(days=30)).isoformat()
        events.write(
            "\t".join(
                [
                    str(event_id),
                    rng.choice(TYPES),
                    f"Veranstaltung {n}",
                    "Beschreibung mit **Markdown**.",
                    starts.isoformat(),
                    (starts + timedelta(hours=2)).isoformat(),
                    str(rng.choice((20, 30, 50, 100))),
                    status,
                    "1" if status == "draft" else "2",
                    "Begegnungszentrum",
                    published,
                ]
            )
            + "\n"
        )
        for position, code in enumerate(["de", *rng.sample(LANGUAGES, rng.randint(0, 2))]):
            languages.write(f"{event_id}\t{code}\t{status}\t{starts.isoformat()}\t{position}\n")
        for position, topic in enumerate(rng.sample(TOPICS, rng.randint(1, 2))):
            topics.write(f"{event_id}\t{topic}\t{status}\t{starts.isoformat()}\t{position}\n")
    columns = {
        "event": "id, type, title, description, starts_at, ends_at, capacity, status, version,"
        " venue_name, published_at",
        "event_language": "event_id, code, status, starts_at, position",
        "event_topic": "event_id, topic, status, starts_at, position",
    }
    with psycopg.connect(libpq_url(url)) as conn:
        for table, buffer in (
            ("event", events),
            ("event_language", languages),
            ("event_topic", topics),
        ):
            with conn.cursor().copy(f"COPY {table} ({columns[table]}) FROM STDIN") as copy:
                copy.write(buffer.getvalue())
        conn.commit()
        conn.autocommit = True
        conn.execute("VACUUM ANALYZE")


def make_app(url: str, data_dir: str):
    os.environ.update(DIALOG_ENV="embedded", DIALOG_DATA_DIR=data_dir, EVENTS_DATABASE_URL=url)
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    from dialog_events.app import create_app

    return create_app()


def time_requests(client, query: dict, requests: int, warmup: int) -> float:
    """Median milliseconds of ``requests`` requests after ``warmup``."""
    for _ in range(warmup):
        assert client.get(LIST, query_string=query).status_code == 200
    samples = []
    for _ in range(requests):
        started = time.perf_counter()
        answer = client.get(LIST, query_string=query)
        samples.append((time.perf_counter() - started) * 1000)
        assert answer.status_code == 200
    return statistics.median(samples)


def statements_of_one_request(app, query: dict) -> list[tuple[str, object]]:
    engine = app.extensions["dialog_db"].engine
    seen: list[tuple[str, object]] = []

    def record(_conn, _cursor, statement, parameters, _context, _many):
        seen.append((statement, parameters))

    sa_event.listen(engine, "before_cursor_execute", record)
    try:
        assert app.test_client().get(LIST, query_string=query).status_code == 200
    finally:
        sa_event.remove(engine, "before_cursor_execute", record)
    return seen


def explain(app, statements) -> list[str]:
    plans = []
    with app.extensions["dialog_db"].engine.connect() as conn:
        for statement, parameters in statements:
            rows = conn.exec_driver_sql("EXPLAIN (ANALYZE, BUFFERS OFF) " + statement, parameters)
            plans.append("\n".join("      " + row[0] for row in rows))
    return plans


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=1000)
    parser.add_argument("--large", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--warmup", type=int, default=50)
    parser.add_argument("--plans", action="store_true", help="print EXPLAIN ANALYZE of each query")
    args = parser.parse_args()

    admin = postgres_admin_url()
    with (
        scratch_databases(admin, "events_small", "events_large") as urls,
        tempfile.TemporaryDirectory() as data_dir,
    ):
        apps = {}
        for size, url in zip((args.small, args.large), urls, strict=True):
            upgrade("dialog_events", url)
            started = time.perf_counter()
            seed(url, size, random.Random(20261126))
            print(f"seeded {size:,} events in {time.perf_counter() - started:.1f} s", flush=True)
            apps[size] = make_app(url, data_dir)
        results: dict[tuple[int, str], list[float]] = {}
        for _round in range(args.rounds):
            for name, query in QUERIES.items():
                for size, app in apps.items():
                    client = app.test_client()
                    figure = time_requests(client, query, args.requests, args.warmup)
                    results.setdefault((size, name), []).append(figure)

        print(
            f"\nsettings: page_size 20, {args.rounds} rounds x {args.requests} requests "
            f"(after {args.warmup} warm-up), Flask test client in-process, PostgreSQL "
            f"{make_url(urls[0]).host}, python {sys.version.split()[0]}"
        )
        print(f"{'query':<12} {'events':>8} {'median ms':>10} {'spread ms':>18} {'SQL':>4}")
        for name, query in QUERIES.items():
            for size, app in apps.items():
                figures = results[(size, name)]
                statements = statements_of_one_request(app, query)
                spread = f"{min(figures):.2f}-{max(figures):.2f}"
                print(
                    f"{name:<12} {size:>8,} {statistics.median(figures):>10.2f} {spread:>18}"
                    f" {len(statements):>4}"
                )
        print("\nratio (median latency at large ÷ at small; target ≤ 1.5):")
        for name in QUERIES:
            small = statistics.median(results[(args.small, name)])
            large = statistics.median(results[(args.large, name)])
            print(f"  {name:<12} {large / small:.2f}")
        if args.plans:
            for name, query in QUERIES.items():
                app = apps[args.large]
                print(f"\nplans of '{name}' at {args.large:,} events:")
                for plan in explain(app, statements_of_one_request(app, query)):
                    print(plan)
        for app in apps.values():
            app.extensions["dialog_db"].dispose()


if __name__ == "__main__":
    main()
