"""Where one public sign-up spends its time: pyinstrument over N sign-ups through the whole
Flask request path (test client, one thread, so no lock waits), on one event and over 100,
plus the SQL statements one sign-up sends and how many of them run under the event's lock.

    uv run python bench/registrations_signup_profile.py [--requests 300] [--html profile.html]
    uv run python bench/registrations_signup_profile.py --clock cpu          # CPU-time shares
    uv run python bench/registrations_signup_profile.py --cpu [--rounds 3]   # no profiler
    uv run python bench/registrations_signup_profile.py --cprofile           # CPU-time shares

``--clock cpu`` samples on the process's CPU clock instead of the wall clock, so waiting for
PostgreSQL counts nothing and the shares are shares of the CPU a sign-up costs. ``--cpu`` only
times the sign-ups (``time.process_time`` of this process, which runs the whole
request: Flask, SQLAlchemy, psycopg; PostgreSQL's own CPU is not in it) and prints the CPU per
sign-up of each round. ``--cprofile`` profiles with cProfile on the process's CPU clock, so
waits for PostgreSQL count nothing, and prints the functions by cumulative CPU.

A fresh PostgreSQL database (``bench_registrations_*``, dropped at the end), migrated and
seeded as ``registrations_signup.py`` does, with a data key set (contact fields encrypted).
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import sys
import time
import uuid
from pathlib import Path

from common import registrations_environment, scratch_databases
from pyinstrument import Profiler
from pyinstrument.stack_sampler import get_stack_sampler
from sqlalchemy import event


def _statements_of_one(app, path: str) -> list[str]:
    """The SQL one sign-up sends, in order (parameters left out)."""
    engine = app.extensions["dialog_db"].engine
    sent: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        flat = " ".join(statement.split())
        sent.append(flat if len(flat) <= 150 else f"{flat[:110]} … {flat[-40:]}")

    event.listen(engine, "before_cursor_execute", record)
    try:
        _post(app.test_client(), path)
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return sent


def _post(client, path: str) -> None:
    body = {"name": "Person", "email": f"{uuid.uuid4().hex}@example.org", "consent": True}
    response = client.post(path, data=json.dumps(body | {"language": "tr"}), headers=_JSON)
    assert response.status_code == 201, response.json


_JSON = {"Content-Type": "application/json"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--html", help="also write pyinstrument's HTML report here")
    parser.add_argument("--clock", choices=("wall", "cpu"), default="wall")
    parser.add_argument("--cpu", action="store_true", help="CPU per sign-up, no profiler")
    parser.add_argument("--cprofile", action="store_true", help="cProfile on the CPU clock")
    parser.add_argument("--rounds", type=int, default=1, help="rounds of --requests (--cpu)")
    options = parser.parse_args()

    from registrations_signup import _seed

    from dialog_platform.migrations import upgrade
    from dialog_platform.testing.resources import postgres_admin_url

    with scratch_databases(postgres_admin_url(), "registrations") as (url,):
        os.environ.update(registrations_environment() | {"REGISTRATIONS_DATABASE_URL": url})
        upgrade("dialog_registrations", url)
        one, hundred = _seed(url, 1, None, True), _seed(url, 100, None, True)
        from dialog_registrations.app import create_app

        app = create_app()
        client = app.test_client()
        paths = {
            "one event": [f"/api/v1/public/events/{one[0]}/registrations"],
            "100 events": [f"/api/v1/public/events/{e}/registrations" for e in hundred],
        }
        for chosen in paths.values():
            for n in range(50):  # warm up: imports, caches, the pool
                _post(client, chosen[n % len(chosen)])
        statements = _statements_of_one(app, paths["one event"][0])
        print(f"SQL statements of one sign-up ({len(statements)}):")
        for n, statement in enumerate(statements, 1):
            print(f"  {n:2}. {statement}")
        if options.cpu or options.cprofile:
            for name, chosen in paths.items():
                _cpu(client, name, chosen, options)
            app.extensions["dialog_db"].dispose()
            return
        if options.clock == "cpu":
            get_stack_sampler().timer_func = time.process_time
        for name, chosen in paths.items():
            profiler = Profiler(interval=0.0005)
            profiler.start()
            for n in range(options.requests):
                _post(client, chosen[n % len(chosen)])
            profiler.stop()
            session = profiler.last_session
            seconds = session.cpu_time if options.clock == "cpu" else session.duration
            print(
                f"\n=== {name}: {options.requests} sign-ups in {seconds:.2f} s of the "
                f"{options.clock} clock, {seconds / options.requests * 1000:.2f} ms each "
                "(one thread, in-process) ==="
            )
            print(profiler.output_text(unicode=True, color=False, show_all=False))
            if options.html:
                Path(options.html).with_suffix(f".{name.split()[0]}.html").write_text(
                    profiler.output_html()
                )
        app.extensions["dialog_db"].dispose()


def _cpu(client, name: str, chosen: list[str], options) -> None:
    """CPU per sign-up of each round (``--cpu``), or the cProfile of one round (``--cprofile``)."""
    profile = cProfile.Profile(time.process_time) if options.cprofile else None
    rounds = []
    for _ in range(1 if profile else options.rounds):
        started = time.process_time()
        if profile:
            profile.enable()
        for n in range(options.requests):
            _post(client, chosen[n % len(chosen)])
        if profile:
            profile.disable()
        rounds.append((time.process_time() - started) / options.requests * 1000)
    figures = ", ".join(f"{ms:.2f}" for ms in rounds)
    print(f"=== {name}: CPU per sign-up (ms), {options.requests} a round: {figures}")
    if profile:
        stats = pstats.Stats(profile)
        stats.sort_stats("cumulative").print_stats(70)
        if os.environ.get("PROFILE_DUMP"):
            stats.dump_stats(os.environ["PROFILE_DUMP"] + "." + name.split()[0])


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    main()
