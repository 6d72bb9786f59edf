"""Reminders dispatched per second to a local SMTP server ÷ raw-smtplib (BENCHMARKS.md, ≥ 0.5).

    uv run python bench/notifications_reminders.py [--reminders 1000] [--rounds 3] [--batch 100]

The SMTP server is aiosmtpd's Sink handler in a second process on 127.0.0.1 (it accepts and
discards), the same server for both figures.

- platform: N due reminders (``dialog_notifications.testing.due_reminders``, in four languages
  in turn) stored in a fresh PostgreSQL database (``bench_notifications_*``, migrated by the
  service's Alembic revisions, dropped at the end), the scheduler built as its role builds it
  from production settings (``Database.of``, ``build_dispatcher``); timed is its
  ``Dispatcher.dispatch_due`` until nothing is due: claim a batch with FOR UPDATE SKIP LOCKED,
  render the template (Jinja, Babel dates), compose multipart text + HTML, send over the one
  SMTP connection the scheduler keeps open across batches, record each hand-off (committed
  on a second connection before the next mail), at the batch's end its statuses and
  ``notifications.delivery.sent`` messages in the outbox, commit.
- raw-smtplib: one ``smtplib.SMTP`` connection, ``sendmail`` of N pre-built mails of the same
  size as the platform's reminder, one after another.

Warm-up first, then rounds that alternate both; printed: median and spread of each, the ratio.
"""

from __future__ import annotations

import argparse
import email.policy
import os
import secrets
import smtplib
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime

import psycopg
from common import free_port
from sqlalchemy.engine import make_url

from dialog_notifications.composition import compose_email
from dialog_notifications.config import load_settings
from dialog_notifications.dispatch import Dispatcher, template_values
from dialog_notifications.models import Delivery
from dialog_notifications.rendering import render
from dialog_notifications.scheduler import build_dispatcher
from dialog_notifications.testing import due_reminders
from dialog_platform.clock import fixed
from dialog_platform.crypto import new_key
from dialog_platform.db import Database
from dialog_platform.logging import configure_logging
from dialog_platform.migrations import upgrade
from dialog_platform.testing.resources import libpq_url, postgres_admin_url

NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
SENDER = "Dialog <no-reply@dialog.example.org>"
LANGUAGES = ("de", "en", "tr", "ar")


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


def sample_mail(db: Database, settings) -> bytes:
    """One reminder as the platform composes it (for the baseline's mail size)."""
    from dialog_notifications.models import EventCopy, Recipient

    with db.transaction() as session:
        delivery = session.query(Delivery).first()
        recipient = session.get(Recipient, delivery.recipient_id)
        event = session.get(EventCopy, delivery.event_id)
        values = template_values(delivery, recipient, event, settings.public_url)
        rendered = render("reminder", "de", values)
        message = compose_email(
            rendered,
            to="x@example.org",
            sender=settings.mail_from,
            delivery_id=delivery.id,
            language="de",
        )
        return message.as_bytes(policy=email.policy.compat32.clone(linesep="\r\n"))  # as sent


def notifications_environment(url: str, smtp_port: int, batch: int, data_dir: str) -> dict:
    """The variables the scheduler runs under here: production settings, its mails to the local
    SMTP server in plain text, contact fields encrypted with a fresh key as in production."""
    return {
        "DIALOG_ENV": "production",
        "DIALOG_DATA_DIR": data_dir,
        "LOG_LEVEL": "WARNING",
        "NOTIFICATIONS_DATABASE_URL": url,
        "AMQP_URL": "amqp://guest:guest@127.0.0.1:5672//",  # not used by the scheduler
        "JWT_SECRET": secrets.token_hex(32),
        "DIALOG_DATA_KEYS": new_key(),
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(smtp_port),
        "SMTP_SECURITY": "none",
        "MAIL_FROM": SENDER,
        "NOTIFICATIONS_PUBLIC_URL": "https://benachrichtigungen.example.org",
        "NOTIFICATIONS_SCHEDULER_BATCH": str(batch),
    }


def platform_rate(
    db: Database, dispatcher: Dispatcher, n: int, profiler=None
) -> tuple[float, float]:
    """N due reminders stored (untimed), then sent by the scheduler's batches: how many a
    second, and this process's CPU milliseconds per reminder."""
    due_reminders(db, n, NOW, languages=LANGUAGES)
    sent_before = dispatcher.sent
    if profiler:
        profiler.start()
    start, cpu = time.perf_counter(), time.process_time()
    while dispatcher.dispatch_due(db):
        pass
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    if profiler:
        profiler.stop()
    sent = dispatcher.sent - sent_before
    assert sent == n, f"sent {sent} of {n}"
    return n / elapsed, cpu * 1000 / n


def raw_smtplib_rate(port: int, mail: bytes, n: int) -> float:
    smtp = smtplib.SMTP("127.0.0.1", port)
    start = time.perf_counter()
    for i in range(n):
        smtp.sendmail("no-reply@dialog.example.org", [f"person{i}@example.org"], mail)
    elapsed = time.perf_counter() - start
    smtp.quit()
    return n / elapsed


def profile(db: Database, dispatcher: Dispatcher, n: int, show_all=False) -> None:
    """One platform round under pyinstrument (``uv pip install pyinstrument``; not a
    dependency of the project), its call tree printed."""
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.0005)
    platform_rate(db, dispatcher, n, profiler)
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
    tmp = tempfile.TemporaryDirectory()
    os.environ.update(notifications_environment(url, port, args.batch, tmp.name))
    settings = load_settings()
    # As the scheduler role builds them: the database with the service's settings, the
    # channels they name (its SMTP connection open from batch to batch, round to round).
    db = Database.of(settings)
    dispatcher = build_dispatcher(settings)

    try:
        upgrade("dialog_notifications", url)
        with fixed(lambda: NOW):
            platform_rate(db, dispatcher, 100)  # warm-up (and a sample mail)
            mail = sample_mail(db, settings)
            raw_smtplib_rate(port, mail, 100)
            if args.profile:
                profile(db, dispatcher, args.reminders, show_all=True)
            platform, cpu, raw = [], [], []
            for _ in range(args.rounds):
                rate, cpu_per_mail = platform_rate(db, dispatcher, args.reminders)
                platform.append(rate)
                cpu.append(cpu_per_mail)
                raw.append(raw_smtplib_rate(port, mail, args.reminders))
    finally:
        dispatcher.close()
        db.dispose()
        tmp.cleanup()
        server.terminate()
        server.wait(timeout=10)
        with psycopg.connect(libpq_url(admin), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    ratio = statistics.median(platform) / statistics.median(raw)
    print(
        f"reminders: {args.reminders} per round, {args.rounds} rounds, batch {args.batch}, "
        f"mail {len(mail)} bytes (text + HTML), PostgreSQL, aiosmtpd Sink on 127.0.0.1 "
        "(second process), one SMTP connection for all batches / per round"
    )
    print(f"platform dispatch : {describe(platform)}")
    print(f"raw smtplib       : {describe(raw)}")
    print(f"ratio             : {ratio:.2f}  (target >= 0.5)")
    per_round = "  ".join(f"{p / r:.2f}" for p, r in zip(platform, raw, strict=True))
    print(f"ratio per round   : {per_round}")
    print(f"platform CPU      : {'  '.join(f'{ms:.2f}' for ms in cpu)} ms per reminder")


if __name__ == "__main__":
    main()
