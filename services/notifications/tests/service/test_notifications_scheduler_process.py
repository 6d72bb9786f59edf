"""The scheduler role (``dialog-notifications schedule``) in the embedded mode: SQLite, no
SMTP server configured, mails written as .eml files (a confirmation and a due reminder, whose
quiet hours come from the role's settings); it stops when told to."""

from __future__ import annotations

import email
import email.policy
import threading
from datetime import UTC, datetime

from click.testing import CliRunner

from dialog_notifications.cli import main
from dialog_notifications.config import load_settings
from dialog_notifications.messaging.handlers import HANDLERS
from dialog_notifications.scheduler import scheduler_batches
from dialog_notifications.testing import due_reminders
from dialog_platform.db import Database
from dialog_platform.logging import get_logger
from dialog_platform.messaging.supervision import run_every
from dialog_platform.testing import wait_for
from dialog_platform.testing.messages import deliver


def test_scheduler_sends_in_embedded_mode(monkeypatch, tmp_path, build):
    monkeypatch.setenv("DIALOG_ENV", "embedded")
    monkeypatch.setenv("DIALOG_DATA_DIR", str(tmp_path))
    for name in ("NOTIFICATIONS_DATABASE_URL", "SMTP_HOST", "SMS_ACCOUNT_SID", "MAIL_DIR"):
        monkeypatch.delenv(name, raising=False)
    migrated = CliRunner().invoke(main, ["migrate"])
    assert migrated.exit_code == 0, migrated.output
    assert "schedule" in CliRunner().invoke(main, ["--help"]).output

    settings = load_settings()
    assert settings.database_url.startswith("sqlite")
    db = Database.of(settings)
    data = build.registration(
        status="pending", starts_at="2099-05-01T18:00:00+02:00", ends_at="2099-05-01T20:00:00+02:00"
    )
    deliver(db, HANDLERS, "registrations.registration.created", data, consumer="notifications")
    due_reminders(db, 1, datetime.now(UTC))
    db.dispose()

    stop = threading.Event()

    def run() -> None:  # the scheduler's loop as run_periodic runs it, in a thread
        with scheduler_batches(settings) as batch:
            run_every(batch, 0.05, stop, get_logger("test"), "schedule")

    worker = threading.Thread(target=run)
    worker.start()
    try:
        emls = wait_for(lambda: _both(tmp_path / "mail"), what="the two .eml files")
    finally:
        stop.set()
        worker.join(timeout=30)
    assert not worker.is_alive()
    mails = [
        email.message_from_bytes(eml.read_bytes(), policy=email.policy.default) for eml in emls
    ]
    assert sorted(mail["Subject"].split(":")[0] for mail in mails) == [
        "Bitte bestätigen Sie Ihre E-Mail-Adresse",
        "Erinnerung",
    ]


def _both(folder) -> list:
    emls = list(folder.glob("*.eml"))
    return emls if len(emls) == 2 else []
