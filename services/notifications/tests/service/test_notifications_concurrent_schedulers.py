"""Two scheduler processes (``dialog-notifications schedule``) over 1,000 due reminders send
each exactly once: batches are claimed with FOR UPDATE SKIP LOCKED on PostgreSQL."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select

from dialog_notifications.models import Delivery, DeliveryStatus
from dialog_notifications.operations.deliveries import enqueue
from dialog_notifications.operations.recipients import keep_event, keep_recipient
from dialog_platform.testing import wait_for

COUNT = 1000


def _due_reminders(db, now: datetime) -> None:
    with db.transaction() as session:
        event = keep_event(
            session,
            uuid.uuid4(),
            1,
            title="Gesprächsabend",
            place="Gemeindehaus",
            starts_at=now + timedelta(days=1),
            ends_at=now + timedelta(days=1, hours=2),
        )
        for i in range(COUNT):
            recipient = keep_recipient(
                session,
                uuid.uuid4(),
                1,
                source="registration",
                event_id=event.id,
                name=f"Person {i}",
                email=f"p{i}@example.org",
                phone=None,
                sms_consent=False,
                language="de",
                status="confirmed",
                links={"cancel_url": "https://x.test/c"},
            )
            due = now - timedelta(minutes=i % 7)
            enqueue(session, recipient, "reminder", event.id, "email-1440m", now, due_at=due)


def _started(log: Path) -> bool:
    return log.exists() and '"scheduler started"' in log.read_text()


def _sent_by(log: Path) -> int:
    stops = [
        json.loads(line) for line in log.read_text().splitlines() if '"scheduler stopped"' in line
    ]
    assert len(stops) == 1, log.read_text()[-2000:]
    return stops[0]["sent"]


def test_two_scheduler_processes_send_each_reminder_once(db, smtp_server, tmp_path):
    env = dict(
        os.environ,
        SMTP_HOST="127.0.0.1",
        SMTP_PORT=str(smtp_server.port),
        SMTP_SECURITY="none",
        NOTIFICATIONS_SCHEDULER_BATCH="25",
        LOG_FORMAT="json",
        LOG_LEVEL="INFO",
    )
    logs = [tmp_path / f"scheduler-{n}.log" for n in (1, 2)]
    processes = []
    for log in logs:
        with log.open("w") as out:
            processes.append(
                subprocess.Popen(
                    [sys.executable, "-m", "dialog_notifications.cli", "schedule"],
                    env=env,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                )
            )
    try:
        for log in logs:  # both wait for work before there is any
            wait_for(lambda log=log: _started(log), timeout=120, what=f"{log.name} to start")
        _due_reminders(db, datetime.now(UTC))
        wait_for(
            lambda: _count(db, DeliveryStatus.SENT) == COUNT,
            timeout=300,
            interval=0.2,
            what="every reminder sent",
        )
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        for process in processes:
            process.wait(timeout=60)

    ids = Counter(m["Message-ID"] for m in smtp_server.mailbox.messages)
    assert len(ids) == COUNT and set(ids.values()) == {1}
    sent = [_sent_by(log) for log in logs]
    assert sum(sent) == COUNT and min(sent) > 0  # both worked, neither sent what the other did
    assert _count(db, DeliveryStatus.SENT) == COUNT


def _count(db, status) -> int:
    with db.transaction() as session:
        return session.scalar(
            select(func.count()).select_from(Delivery).where(Delivery.status == status)
        )
