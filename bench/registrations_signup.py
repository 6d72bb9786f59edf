"""Public sign-up through gunicorn against PostgreSQL ÷ a bare Flask JSON endpoint on the very
same gunicorn settings (BENCHMARKS.md: target ≥ 0.25 on one event, ≥ 0.30 over 100 events),
and the flash crowd (1,000 sign-ups over 200 connections for 100 seats: 0 overbooked, the rest
waitlisted in order, p99 ≤ 5 x p50).

    uv run python bench/registrations_signup.py [--requests 2000] [--rounds 3] [--warmup 300]
        [--connections 16] [--loaders 2]

A fresh PostgreSQL database (``bench_registrations_*``, dropped at the end) is migrated by the
service's revisions and given 101 published event copies. The service runs as
``dialog-registrations web`` does (``dialog_platform.web.server``: WEB_CONCURRENCY workers x
WEB_THREADS threads, gthread); the baseline is ``bare_app`` below under the same options. Load
comes from ``--loaders`` separate processes with keep-alive connections. Timed per request:
``POST /api/v1/public/events/<id>/registrations`` (validation, event lock, seat count,
registration insert, outbox row, commit) with a new address each time, events requiring email
confirmation (a held seat and one outbox row per sign-up).
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

from common import free_port, registrations_environment
from flask import Flask, jsonify, request

bare_app = Flask(__name__)


@bare_app.post("/bare")
def bare():
    """The baseline: read the JSON body, answer a small JSON object."""
    body = request.get_json()
    return jsonify({"status": "ok", "name": body.get("name")}), 201


def _serve(wsgi_path: str, env: dict) -> tuple[subprocess.Popen, int]:
    port = free_port()
    code = f"from dialog_platform.web.server import serve; serve({wsgi_path!r}, {port})"
    process = subprocess.Popen(
        [sys.executable, "-c", code], env=env | {"PORT": str(port)}, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 300  # a start under other load can take minutes; untimed
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return process, port
        except OSError as error:
            if getattr(error, "code", None) == 404:  # the bare app has no /healthz: it is up
                return process, port
            time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"{wsgi_path} did not start")


def _load_part(args: tuple) -> dict:
    """One loader process: ``threads`` keep-alive connections sending ``jobs`` (path, body)."""
    port, jobs, threads = args
    latencies: list[float] = []
    statuses: Counter = Counter()
    bodies: list[dict] = []
    lock = threading.Lock()
    chunks = [jobs[n::threads] for n in range(threads)]

    def run(chunk):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        mine, my_statuses, my_bodies = [], Counter(), []
        for path, body in chunk:
            started = time.monotonic()
            connection.request("POST", path, body, {"Content-Type": "application/json"})
            response = connection.getresponse()
            data = response.read()
            mine.append(time.monotonic() - started)
            my_statuses[response.status] += 1
            my_bodies.append(json.loads(data))
        connection.close()
        with lock:
            latencies.extend(mine)
            statuses.update(my_statuses)
            bodies.extend(my_bodies)

    workers = [threading.Thread(target=run, args=(chunk,)) for chunk in chunks]
    start = time.monotonic()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return {
        "start": start,
        "end": time.monotonic(),
        "latencies": latencies,
        "statuses": statuses,
        "bodies": bodies,
    }


def load(pool, port: int, jobs: list, connections: int, loaders: int) -> dict:
    parts = [(port, jobs[n::loaders], max(connections // loaders, 1)) for n in range(loaders)]
    results = pool.map(_load_part, parts)
    latencies = sorted(x for r in results for x in r["latencies"])
    elapsed = max(r["end"] for r in results) - min(r["start"] for r in results)
    return {
        "rate": len(jobs) / elapsed,
        "p50": latencies[len(latencies) // 2],
        "p99": latencies[int(len(latencies) * 0.99) - 1],
        "statuses": sum((r["statuses"] for r in results), Counter()),
        "bodies": [b for r in results for b in r["bodies"]],
    }


def _sign_ups(event_ids: list, count: int) -> list:
    return [
        (
            f"/api/v1/public/events/{event_ids[n % len(event_ids)]}/registrations",
            json.dumps(
                {
                    "name": f"Person {n}",
                    "email": f"{uuid.uuid4().hex}@example.org",
                    "consent": True,
                    "language": "tr",
                }
            ),
        )
        for n in range(count)
    ]


def _seed(url: str, events: int, capacity: int | None, confirm: bool) -> list:
    from dialog_platform.db import Database
    from dialog_registrations.models import EventCopy

    db, starts, ids = Database(url), datetime.now(UTC) + timedelta(days=30), []
    with db.transaction() as session:
        for n in range(events):
            ids.append(uuid.uuid4())
            session.add(
                EventCopy(
                    id=ids[-1],
                    version=2,
                    status="published",
                    type="other",
                    title=f"Bench {n}",
                    starts_at=starts,
                    ends_at=starts + timedelta(hours=2),
                    capacity=capacity,
                    requires_email_confirmation=confirm,
                    languages=[],
                    cancel_reason="",
                )
            )
    db.dispose()
    return ids


def _spread(values: list[float]) -> str:
    return f"{statistics.median(values):8.0f}/s  (spread {min(values):.0f} to {max(values):.0f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--warmup", type=int, default=300)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--loaders", type=int, default=2)
    options = parser.parse_args()

    import psycopg
    from sqlalchemy.engine import make_url

    from dialog_platform.migrations import upgrade
    from dialog_platform.testing.resources import libpq_url, postgres_admin_url

    admin = postgres_admin_url()
    name = f"bench_registrations_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(libpq_url(admin), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = make_url(admin).set(database=name).render_as_string(hide_password=False)
    env = (
        os.environ
        | registrations_environment()
        | {
            "REGISTRATIONS_DATABASE_URL": url,
            "PYTHONPATH": str(Path(__file__).parent)
            + os.pathsep
            + os.environ.get("PYTHONPATH", ""),
        }
    )
    servers = []
    try:
        upgrade("dialog_registrations", url)
        one = _seed(url, 1, None, True)
        hundred = _seed(url, 100, None, True)
        crowd = _seed(url, 1, 100, False)
        service, service_port = _serve("dialog_registrations.wsgi:app", env)
        baseline, bare_port = _serve("registrations_signup:bare_app", env)
        servers = [service, baseline]
        pool = multiprocessing.get_context("spawn").Pool(options.loaders)
        bare_jobs = lambda n: [("/bare", json.dumps({"name": f"P{i}"})) for i in range(n)]  # noqa: E731
        load(pool, bare_port, bare_jobs(options.warmup), options.connections, options.loaders)
        load(
            pool, service_port, _sign_ups(one, options.warmup), options.connections, options.loaders
        )
        figures: dict[str, list[float]] = {"bare": [], "one": [], "hundred": []}
        for _ in range(options.rounds):
            for key, port, jobs in [
                ("bare", bare_port, bare_jobs(options.requests)),
                ("one", service_port, _sign_ups(one, options.requests)),
                ("hundred", service_port, _sign_ups(hundred, options.requests)),
            ]:
                result = load(pool, port, jobs, options.connections, options.loaders)
                assert set(result["statuses"]) == {201}, result["statuses"]
                figures[key].append(result["rate"])
        flash = load(pool, service_port, _sign_ups(crowd, 1000), 200, options.loaders)
        pool.close()
        seated = Counter(b["status"] for b in flash["bodies"])
        positions = sorted(
            b["waitlist_position"] for b in flash["bodies"] if b["status"] == "waitlisted"
        )
        bare, one_rate = statistics.median(figures["bare"]), statistics.median(figures["one"])
        hundred_rate = statistics.median(figures["hundred"])
        workers, threads = env.get("WEB_CONCURRENCY", "2"), int(env.get("WEB_THREADS", "4"))
        print(
            f"settings: gunicorn {workers} workers x {threads} threads",
            "(gthread)" if threads > 1 else "(sync)",
            "; SQLAlchemy pool 5+10 per worker;",
            f"{options.requests} requests per round, {options.rounds} rounds,",
            f"{options.connections} keep-alive connections from {options.loaders} loader processes",
        )
        print(f"bare-flask                        {_spread(figures['bare'])}")
        print(f"sign-up, one event                {_spread(figures['one'])}")
        print(f"sign-up, spread over 100 events   {_spread(figures['hundred'])}")
        print(f"ratio one event ÷ bare-flask       {one_rate / bare:.2f}   (target ≥ 0.25)")
        print(f"ratio 100 events ÷ bare-flask      {hundred_rate / bare:.2f}   (target ≥ 0.30)")
        print(
            f"flash crowd: 1000 sign-ups, 200 connections, 100 seats: {dict(seated)}; "
            f"waitlist positions 1..{len(positions)} in order: "
            f"{positions == list(range(1, len(positions) + 1))}; "
            f"p50 {flash['p50'] * 1000:.0f} ms, p99 {flash['p99'] * 1000:.0f} ms, "
            f"p99/p50 {flash['p99'] / flash['p50']:.1f} (target ≤ 5)"
        )
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=30)
        with psycopg.connect(libpq_url(admin), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
