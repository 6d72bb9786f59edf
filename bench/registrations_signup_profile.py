"""Where one public sign-up spends its time: pyinstrument over N sign-ups through the whole
Flask request path (test client, one thread, so no lock waits), on one event and over 100,
plus the SQL statements one sign-up sends and how many of them run under the event's lock.

    uv run python bench/registrations_signup_profile.py [--requests 300] [--html profile.html]

A fresh PostgreSQL database (``bench_registrations_*``, dropped at the end), migrated and
seeded as ``registrations_signup.py`` does, with a data key set (contact fields encrypted).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import uuid
from pathlib import Path

from common import registrations_environment, scratch_databases
from pyinstrument import Profiler
from sqlalchemy import event


def _statements_of_one(app, path: str) -> list[str]:
    """The SQL one sign-up sends, in order (parameters left out)."""
    engine = app.extensions["dialog_db"].engine
    sent: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        sent.append(" ".join(statement.split())[:110])

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
        for name, chosen in paths.items():
            profiler = Profiler(interval=0.0005)
            profiler.start()
            for n in range(options.requests):
                _post(client, chosen[n % len(chosen)])
            profiler.stop()
            seconds = profiler.last_session.duration
            print(
                f"\n=== {name}: {options.requests} sign-ups in {seconds:.2f} s, "
                f"{seconds / options.requests * 1000:.2f} ms each (one thread, in-process) ==="
            )
            print(profiler.output_text(unicode=True, color=False, show_all=False))
            if options.html:
                Path(options.html).with_suffix(f".{name.split()[0]}.html").write_text(
                    profiler.output_html()
                )
        app.extensions["dialog_db"].dispose()


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    main()
