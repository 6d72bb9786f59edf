"""Reminders dispatched per second to a local SMTP server ÷ raw-smtplib (BENCHMARKS.md, ≥ 0.5).

    uv run python bench/notifications_reminders.py [--reminders 1000] [--rounds 3] [--batch 100]

The SMTP server is aiosmtpd's Sink handler in a second process on 127.0.0.1 (it accepts and
discards), the same server for both figures.

- platform: N due reminders stored in a fresh PostgreSQL database (``bench_notifications_*``,
  migrated by the service's Alembic revisions, dropped at the end); timed is the scheduler's
  ``Dispatcher.dispatch_due`` until nothing is due: claim a batch with FOR UPDATE SKIP LOCKED,
  render the template (Jinja, Babel dates), compose multipart text + HTML, send over one SMTP
  connection per batch, log the attempt, write ``notifications.delivery.sent`` to the outbox,
  commit.
- raw-smtplib: one ``smtplib.SMTP`` connection, ``sendmail`` of N pre-built mails of the same
  size as the platform's reminder, one after another.

Warm-up first, then rounds that alternate both; printed: median and spread of each, the ratio.
"""

from __future__ import annotations

import argparse
import email.policy
import smtplib
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta

import psycopg
from common import free_port
from sqlalchemy.engine import make_url

from dialog_notifications.channels.email import SmtpChannel
from dialog_notifications.channels.sms import SmsLogChannel
from dialog_notifications.composition import compose_email
from dialog_notifications.dispatch import Dispatcher, template_values
from dialog_notifications.models import Delivery
from dialog_notifications.operations.deliveries import enqueue
from dialog_notifications.operations.recipients import keep_event, keep_recipient
from dialog_notifications.rendering import render
from dialog_platform.clock import fixed
from dialog_platform.crypto import new_key, use_keys
from dialog_platform.db import Database
from dialog_platform.logging import configure_logging
from dialog_platform.migrations import upgrade
from dialog_platform.testing.resources import libpq_url, postgres_admin_url

NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
SENDER = "Dialog <no-reply@dialog.example.org>"


def start_smtp_server(port: int) -> subprocess.Popen:
    command = [sys.executable, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{port}"]
    server = subprocess.Popen(
        [*command, "-c", "aiosmtpd.handlers.Sink"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            with smtplib.SMTP("127.0.0.1", port, timeout=2) as probe:
                probe.noop()
            return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("the aiosmtpd server did not start")


def seed(db: Database, n: int) -> None:
    """N confirmed recipients of one event, each with a due day-before reminder."""
    with db.transaction() as session:
        event = keep_event(
            session,
            uuid.uuid4(),
            1,
            title="Interreligiöser Gesprächsabend",
            place="Gemeindehaus, Hauptstraße 1, 10115 Berlin",
            starts_at=NOW + timedelta(days=1),
            ends_at=NOW + timedelta(days=1, hours=2),
        )
        for i in range(n):
            recipient = keep_recipient(
                session,
                uuid.uuid4(),
                1,
                source="registration",
                event_id=event.id,
                name=f"Teilnehmerin {i}",
                email=f"person{i}@example.org",
                phone=None,
                sms_consent=False,
                language=("de", "en", "tr", "ar")[i % 4],
                status="confirmed",
                links={"cancel_url": f"https://registrations.example.org/cancel/{uuid.uuid4()}"},
            )
            enqueue(
                session,
                recipient,
                "reminder",
                event.id,
                "email-1440m",
                NOW,
                channel="email",
                due_at=NOW,
            )


def sample_mail(db: Database) -> bytes:
    """One reminder as the platform composes it (for the baseline's mail size)."""
    from dialog_notifications.models import EventCopy, Recipient

    with db.transaction() as session:
        delivery = session.query(Delivery).first()
        recipient = session.get(Recipient, delivery.recipient_id)
        event = session.get(EventCopy, delivery.event_id)
        values = template_values(delivery, recipient, event, "http://localhost:8003")
        rendered = render("reminder", "de", values)
        message = compose_email(
            rendered, to="x@example.org", sender=SENDER, delivery_id=delivery.id, language="de"
        )
        return message.as_bytes(policy=email.policy.compat32.clone(linesep="\r\n"))  # as sent


def platform_rate(db: Database, port: int, n: int, batch: int, tmp: str, profiler=None) -> float:
    seed(db, n)
    dispatcher = Dispatcher(
        SmtpChannel("127.0.0.1", port, security="none"),
        SmsLogChannel(f"{tmp}/sms.log"),
        SENDER,
        "http://localhost:8003",
        batch_size=batch,
    )
    if profiler:
        profiler.start()
    start = time.perf_counter()
    while dispatcher.dispatch_due(db):
        pass
    elapsed = time.perf_counter() - start
    if profiler:
        profiler.stop()
    assert dispatcher.sent == n, f"sent {dispatcher.sent} of {n}"
    return n / elapsed


def raw_smtplib_rate(port: int, mail: bytes, n: int) -> float:
    smtp = smtplib.SMTP("127.0.0.1", port)
    start = time.perf_counter()
    for i in range(n):
        smtp.sendmail("no-reply@dialog.example.org", [f"person{i}@example.org"], mail)
    elapsed = time.perf_counter() - start
    smtp.quit()
    return n / elapsed


def profile(db: Database, port: int, n: int, batch: int, tmp: str, show_all=False) -> None:
    """One platform round under pyinstrument (``uv pip install pyinstrument``; not a
    dependency of the project), its call tree printed."""
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.0005)
    platform_rate(db, port, n, batch, tmp, profiler)
    print(profiler.output_text(unicode=True, show_all=show_all))


def describe(rates: list[float]) -> str:
    return f"median {statistics.median(rates):8.1f}/s  spread {min(rates):.1f}-{max(rates):.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reminders", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument(
        "--profile", action="store_true", help="print a pyinstrument profile of one round"
    )
    args = parser.parse_args()
    configure_logging("notifications", "WARNING", "console")

    admin = postgres_admin_url()
    name = f"bench_notifications_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(libpq_url(admin), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = make_url(admin).set(database=name).render_as_string(hide_password=False)
    port = free_port()
    server = start_smtp_server(port)
    use_keys([new_key()])  # the platform encrypts contact data with the process's data key
    db = Database(url)

    try:
        upgrade("dialog_notifications", url)
        with tempfile.TemporaryDirectory() as tmp, fixed(lambda: NOW):
            platform_rate(db, port, 100, args.batch, tmp)  # warm-up (and a sample mail)
            mail = sample_mail(db)
            raw_smtplib_rate(port, mail, 100)
            if args.profile:
                profile(db, port, args.reminders, args.batch, tmp, show_all=True)
            platform, raw = [], []
            for _ in range(args.rounds):
                platform.append(platform_rate(db, port, args.reminders, args.batch, tmp))
                raw.append(raw_smtplib_rate(port, mail, args.reminders))
    finally:
        db.dispose()
        server.terminate()
        server.wait(timeout=10)
        with psycopg.connect(libpq_url(admin), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    ratio = statistics.median(platform) / statistics.median(raw)
    print(
        f"reminders: {args.reminders} per round, {args.rounds} rounds, batch {args.batch}, "
        f"mail {len(mail)} bytes (text + HTML), PostgreSQL, aiosmtpd Sink on 127.0.0.1 "
        "(second process), one SMTP connection per batch / per round"
    )
    print(f"platform dispatch : {describe(platform)}")
    print(f"raw smtplib       : {describe(raw)}")
    print(f"ratio             : {ratio:.2f}  (target >= 0.5)")


if __name__ == "__main__":
    main()
