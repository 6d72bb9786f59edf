"""Sign-up latency with 1,000,000 existing registrations ÷ with 1,000 (BENCHMARKS.md, target
≤ 1.2).

    uv run python bench/registrations_growth.py [--small 1000] [--large 1000000] [--quick]
        [--per-event 100] [--rounds 3] [--requests 200] [--warmup 50]

Two fresh PostgreSQL databases (``bench_registrations_*``, dropped at the end), migrated by the
service's revisions and seeded inside PostgreSQL with ``generate_series`` (a million rows in
well under a minute): ``--per-event`` registrations per event on average (a year of a large
federation: many events of a few dozen to a few hundred people), events a month ahead, each
registration with a consent record; statuses mixed (70 % confirmed, 10 % pending, 15 %
cancelled, 5 % waitlisted with their numbers), lookup hashes unique per event, contact fields
holding ciphertext-sized text; the seat counters filled as the migration fills them; then
``VACUUM ANALYZE``. ``--quick``: 100,000 instead of a million.

Timed: ``POST /api/v1/public/events/<id>/registrations`` with a new address each time, to a
random seeded event, through the service's full request path (Flask test client in this
process: validation, the counter, the inserts, the outbox row, the commit), with a data key
set. Rounds alternate the small and the large database; each round's figure is the median of
``--requests`` sign-ups after ``--warmup``. Printed: the medians, their spread, the ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
import uuid
from pathlib import Path

import psycopg
from common import registrations_environment, scratch_databases

from dialog_platform.migrations import upgrade
from dialog_platform.testing.resources import libpq_url, postgres_admin_url

SEED = """
INSERT INTO event_copy (id, version, status, type, title, starts_at, ends_at, capacity,
    requires_email_confirmation, languages, cancel_reason)
SELECT md5('event' || e)::uuid, 2, 'published', 'information_event', 'Veranstaltung ' || e,
    now() + interval '30 days', now() + interval '30 days 2 hours', %(capacity)s, true,
    '[]', ''
FROM generate_series(1, %(events)s) AS e;

INSERT INTO registration (id, event_id, version, status, waitlist_seq, name, email, email_hash,
    phone, organisation, language, needs, source, created_at, hold_until, cancel_reason)
SELECT md5('registration' || r)::uuid,
    md5('event' || (1 + r %% %(events)s))::uuid,
    1,
    s.status,
    CASE WHEN s.status = 'waitlisted' THEN r END,
    repeat('x', 120), repeat('y', 140),
    encode(sha256(('person' || r)::bytea), 'hex'),
    NULL, repeat('z', 100), 'de', repeat('z', 100), 'web',
    now() - interval '1 hour' * (r %% 8000),
    CASE WHEN s.status = 'pending' THEN now() + interval '2 days' END,
    ''
FROM generate_series(1, %(registrations)s) AS r,
LATERAL (SELECT CASE
    WHEN r %% 20 < 14 THEN 'confirmed' WHEN r %% 20 < 16 THEN 'pending'
    WHEN r %% 20 < 19 THEN 'cancelled' ELSE 'waitlisted' END AS status) AS s;

INSERT INTO consent_text (purpose, version, language, text)
VALUES ('registration', %(text_version)s, 'de', 'Einwilligung') ON CONFLICT DO NOTHING;

INSERT INTO consent (id, registration_id, purpose, text_version, language, given_at, source)
SELECT md5('consent' || id::text)::uuid, id, 'registration', %(text_version)s, 'de',
    created_at, 'web_form'
FROM registration;

UPDATE event_copy SET
  seats_taken = (SELECT count(*) FROM registration r WHERE r.event_id = event_copy.id
                 AND r.status IN ('pending', 'confirmed', 'attended', 'no_show')),
  waiting = (SELECT count(*) FROM registration r WHERE r.event_id = event_copy.id
             AND r.status = 'waitlisted'),
  waitlist_tail = (SELECT coalesce(max(r.waitlist_seq), 0) FROM registration r
                   WHERE r.event_id = event_copy.id);
"""


def seed(url: str, registrations: int, per_event: int) -> list[uuid.UUID]:
    from dialog_registrations.domain.consent import SOURCE_OF_SIGN_UP, text_version

    events = max(registrations // per_event, 1)
    parameters = {
        "events": events,
        "registrations": registrations,
        "capacity": per_event * 3,  # room left: every timed sign-up takes a seat or a hold
        "text_version": text_version(int(os.environ.get("REGISTRATIONS_RETENTION_DAYS", "90"))),
    }
    script = SEED.replace("'web_form'", f"'{SOURCE_OF_SIGN_UP['web']}'")
    with psycopg.connect(libpq_url(url)) as conn:
        for statement in script.split(";\n"):
            if statement.strip():
                conn.execute(statement, parameters)
        conn.commit()
        conn.autocommit = True
        conn.execute("VACUUM ANALYZE")
        return [row[0] for row in conn.execute("SELECT id FROM event_copy")]


def make_app(url: str):
    os.environ["REGISTRATIONS_DATABASE_URL"] = url
    from dialog_registrations.app import create_app

    return create_app()


def time_sign_ups(app, events: list, requests: int, warmup: int, rng: random.Random) -> float:
    """Median milliseconds of ``requests`` sign-ups after ``warmup``."""
    client, samples = app.test_client(), []
    for n in range(warmup + requests):
        body = {
            "name": "Person",
            "email": f"{uuid.uuid4().hex}@example.org",
            "consent": True,
            "language": "tr",
        }
        path = f"/api/v1/public/events/{rng.choice(events)}/registrations"
        started = time.perf_counter()
        answer = client.post(
            path, data=json.dumps(body), headers={"Content-Type": "application/json"}
        )
        elapsed = (time.perf_counter() - started) * 1000
        assert answer.status_code == 201, answer.json
        if n >= warmup:
            samples.append(elapsed)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=1000)
    parser.add_argument("--large", type=int, default=1_000_000)
    parser.add_argument("--quick", action="store_true", help="100,000 instead of a million")
    parser.add_argument("--per-event", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=50)
    args = parser.parse_args()
    large = 100_000 if args.quick else args.large
    os.environ.update(registrations_environment())
    rng = random.Random(20261201)
    with scratch_databases(postgres_admin_url(), "registrations", "registrations") as urls:
        apps, events = {}, {}
        for size, url in zip((args.small, large), urls, strict=True):
            upgrade("dialog_registrations", url)
            started = time.perf_counter()
            events[size] = seed(url, size, args.per_event)
            print(
                f"seeded {size:,} registrations over {len(events[size]):,} events "
                f"in {time.perf_counter() - started:.1f} s",
                flush=True,
            )
            apps[size] = make_app(url)
        figures: dict[int, list[float]] = {args.small: [], large: []}
        for _round in range(args.rounds):
            for size, app in apps.items():
                figures[size].append(
                    time_sign_ups(app, events[size], args.requests, args.warmup, rng)
                )
        for app in apps.values():
            app.extensions["dialog_db"].dispose()
    print(
        f"\nsettings: {args.rounds} rounds x {args.requests} sign-ups (after {args.warmup} "
        f"warm-up), about {args.per_event} registrations per event, events requiring email "
        f"confirmation, Flask test client in-process, python {sys.version.split()[0]}"
    )
    for size, values in figures.items():
        print(
            f"sign-up with {size:>9,} registrations: median {statistics.median(values):6.2f} ms"
            f"  (rounds {', '.join(f'{v:.2f}' for v in values)})"
        )
    ratio = statistics.median(figures[large]) / statistics.median(figures[args.small])
    print(f"ratio {large:,} ÷ {args.small:,}: {ratio:.2f}   (target ≤ 1.2)")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    main()
