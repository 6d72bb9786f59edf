"""Two scheduler processes (``dialog-notifications schedule``) over 1,000 due reminders send
each exactly once: batches are claimed with FOR UPDATE SKIP LOCKED on PostgreSQL."""

from __future__ import annotations

import json
import signal
import subprocess
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, select

from dialog_notifications.models import Delivery, DeliveryStatus
from dialog_notifications.testing import due_reminders
from dialog_platform.testing import wait_for
from dialog_platform.testing.processes import service_command

COUNT = 1000


def _started(log: Path) -> bool:
    return log.exists() and '"scheduler started"' in log.read_text()


def _sent_by(log: Path) -> int:
    stops = [
        json.loads(line) for line in log.read_text().splitlines() if '"scheduler stopped"' in line
    ]
    assert len(stops) == 1, log.read_text()[-2000:]
    return stops[0]["sent"]


def test_two_scheduler_processes_send_each_reminder_once(db, smtp_server, tmp_path):
    env = smtp_server.process_env(
        NOTIFICATIONS_SCHEDULER_BATCH="25", LOG_FORMAT="json", LOG_LEVEL="INFO"
    )
    logs = [tmp_path / f"scheduler-{n}.log" for n in (1, 2)]
    processes = []
    for log in logs:
        with log.open("w") as out:
            processes.append(
                subprocess.Popen(
                    service_command("notifications", "schedule"),
                    env=env,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                )
            )
    try:
        for log in logs:  # both wait for work before there is any
            wait_for(lambda log=log: _started(log), timeout=120, what=f"{log.name} to start")
        due_reminders(db, COUNT, datetime.now(UTC), spread=7)
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
