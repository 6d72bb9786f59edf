"""Measures the memory and CPU of every process role, the numbers deploy/README.md sizes the
containers by: the whole platform as in production (every role its own process, each service on
its own fresh PostgreSQL database, RabbitMQ in a vhost of its own, mails to a local SMTP sink),
idle first, then while staff publish events and people sign up (CLIENTS at a time).

    .venv/bin/python deploy/measure.py [SIGN_UPS]      # default 1000; needs root for rabbitmqctl

Prints per role: resident memory idle and at its peak (VmHWM, summed over the role's processes:
gunicorn's master and workers for web), and CPU seconds used during the load. Everything it made
(databases, vhost) is removed at the end.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from tempfile import mkdtemp
from urllib.parse import urlsplit, urlunsplit

import psycopg
from aiosmtpd.controller import Controller
from sqlalchemy.engine import make_url

from dialog_platform.auth import mint_token
from dialog_platform.config import SERVICES
from dialog_platform.embedded import WORKER_ROLES, Platform, _wait_ready
from dialog_platform.testing.plugin import TEST_DATA_KEY
from dialog_platform.testing.resources import amqp_url, libpq_url, postgres_admin_url

SECRET = "measure-signing-key-that-is-long-enough-for-hs256"
TICK = os.sysconf("SC_CLK_TCK")
#: Sign-ups sent at the same time.
CLIENTS = 8


class Sink:
    """An SMTP server that counts what it receives."""

    def __init__(self) -> None:
        self.received = 0

    async def handle_DATA(self, _server, _session, _envelope) -> str:
        self.received += 1
        return "250 OK"


def group_members(pgid: int) -> list[int]:
    members = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == pgid:
                members.append(int(entry.name))
    return members


def sample(pgid: int) -> tuple[float, float, float]:
    """(resident MiB now, peak resident MiB, CPU seconds) summed over a process group."""
    rss = peak = cpu = 0.0
    for pid in group_members(pgid):
        try:
            status = Path(f"/proc/{pid}/status").read_text()
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        kib = {
            line.split(":")[0]: int(line.split()[1])
            for line in status.splitlines()
            if line.endswith(" kB")
        }
        rss += kib.get("VmRSS", 0) / 1024
        peak += kib.get("VmHWM", 0) / 1024
        cpu += (int(fields[11]) + int(fields[12])) / TICK
    return rss, peak, cpu


def http(method: str, url: str, body: dict | None = None, token: str | None = None) -> dict:
    request = urllib.request.Request(url, method=method, data=json.dumps(body or {}).encode())
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read() or b"null")


def until(probe, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not probe():
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out waiting for {what}")
        time.sleep(0.2)


def load(platform: Platform, sink: Sink, sign_ups: int) -> None:
    token = mint_token(SECRET, "measure", ["admin"])
    events, registrations = (f"http://127.0.0.1:{platform.port(s)}" for s in SERVICES[:2])
    starts = datetime.now(UTC) + timedelta(days=30)
    event_ids = []
    for number in range(max(1, sign_ups // 100)):
        event = {
            "type": "information_event",
            "title": f"Infoabend {number}",
            "starts_at": starts.isoformat(),
            "ends_at": (starts + timedelta(hours=2)).isoformat(),
            "capacity": 1000,
        }
        created = http("POST", f"{events}/api/v1/events", event, token)
        http("POST", f"{events}/api/v1/events/{created['id']}/publish", None, token)
        event_ids.append(created["id"])
    for event_id in event_ids:
        url = f"{registrations}/api/v1/public/events/{event_id}"
        until(lambda url=url: _answers(url), 120, "registrations to know the events")

    def sign_up(number: int) -> None:
        person = {"name": f"Teilnehmende {number}", "email": f"p{number}@example.org"}
        event_id = event_ids[number % len(event_ids)]
        http(
            "POST",
            f"{registrations}/api/v1/public/events/{event_id}/registrations",
            person | {"consent": True},
        )

    with ThreadPoolExecutor(CLIENTS) as clients:  # people signing up at the same time
        list(clients.map(sign_up, range(sign_ups)))
    until(lambda: sink.received >= sign_ups, 600, f"{sign_ups} mails")


def _answers(url: str) -> bool:
    try:
        http("GET", url)
        return True
    except OSError:
        return False


def main(sign_ups: int = 1000) -> None:
    admin, broker = libpq_url(postgres_admin_url()), amqp_url()
    vhost = f"dialog-measure-{uuid.uuid4().hex[:8]}"
    databases = {
        service: f"dialog_measure_{service}_{uuid.uuid4().hex[:8]}" for service in SERVICES
    }
    sink = Sink()
    smtp = Controller(sink, hostname="127.0.0.1", port=random.randrange(30000, 40000))
    smtp.start()
    subprocess.run(["rabbitmqctl", "-q", "add_vhost", vhost], check=True)
    subprocess.run(["rabbitmqctl", "-q", "set_permissions", "-p", vhost, "guest", ".*", ".*", ".*"])
    base = random.randrange(20000, 30000, 10)
    env = dict(
        os.environ,
        DIALOG_ENV="production",
        AMQP_URL=urlunsplit(urlsplit(broker)._replace(path=f"/{vhost}")),
        JWT_SECRET=SECRET,
        DIALOG_DATA_KEYS=TEST_DATA_KEY,
        REGISTRATIONS_PUBLIC_URL=f"http://127.0.0.1:{base + 1}",
        NOTIFICATIONS_PUBLIC_URL=f"http://127.0.0.1:{base + 2}",
        REGISTRATIONS_SIGNUP_LIMIT="1000000",
        SMTP_HOST="127.0.0.1",
        SMTP_PORT=str(smtp.port),
        SMTP_SECURITY="none",
        WEB_CONCURRENCY=os.environ.get("WEB_CONCURRENCY", "2"),
        PROMETHEUS_MULTIPROC_DIR=mkdtemp(prefix="dialog-measure-prom-"),
    )
    with psycopg.connect(admin, autocommit=True) as connection:
        for service, name in databases.items():
            connection.execute(f'CREATE DATABASE "{name}"')
            url = make_url(postgres_admin_url()).set(database=name)
            env[f"{service.upper()}_DATABASE_URL"] = url.render_as_string(hide_password=False)
    platform = Platform(env, base, Path(mkdtemp(prefix="dialog-measure-logs-")))
    try:
        platform.migrate()
        platform.start_all()
        for service in SERVICES:
            if not _wait_ready(f"http://127.0.0.1:{platform.port(service)}/readyz"):
                raise SystemExit(f"{service} did not start; logs in {platform.log_dir}")
        time.sleep(10)  # let every process settle before the idle sample
        idle = {key: sample(p.pid) for key, p in platform.processes.items()}
        started = time.monotonic()
        load(platform, sink, sign_ups)
        seconds = time.monotonic() - started
        busy = {key: sample(p.pid) for key, p in platform.processes.items()}
        print(f"{sign_ups} sign-ups, {sink.received} mails, {seconds:.0f} s under load\n")
        print("| role | idle RSS MiB | peak RSS MiB | CPU s under load | mean cores |")
        print("| --- | --- | --- | --- | --- |")
        for service, command in sorted(idle, key=lambda k: (SERVICES.index(k[0]), k[1])):
            cpu = busy[(service, command)][2] - idle[(service, command)][2]
            name = f"{service} {' '.join(command)}"
            rss, peak = idle[(service, command)][0], busy[(service, command)][1]
            print(f"| {name} | {rss:.0f} | {peak:.0f} | {cpu:.1f} | {cpu / seconds:.2f} |")
        print(f"\n(worker roles: {dict(WORKER_ROLES)})")
    finally:
        platform.stop()
        smtp.stop()
        subprocess.run(["rabbitmqctl", "-q", "delete_vhost", vhost])
        with psycopg.connect(admin, autocommit=True) as connection:
            for name in databases.values():
                connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main(*(int(arg) for arg in sys.argv[1:2]))
