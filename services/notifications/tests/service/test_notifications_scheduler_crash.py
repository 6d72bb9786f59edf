"""A scheduler process (``dialog-notifications schedule``) SIGKILLed while mails go out re-sends
at most the one mail it had in flight: counted at a real SMTP server (aiosmtpd), over two
crashes in the middle of batches and a restart after each; every mail arrives, every delivery
ends sent with one "sent" attempt and one ``notifications.delivery.sent`` message."""

from __future__ import annotations

import signal
import subprocess
from collections import Counter
from datetime import UTC, datetime

from sqlalchemy import func, select

from dialog_notifications.models import Delivery, DeliveryAttempt, DeliveryStatus
from dialog_notifications.testing import due_reminders
from dialog_platform.messaging.tables import outbox
from dialog_platform.testing import wait_for
from dialog_platform.testing.processes import service_command

COUNT = 600
BATCH = 100
CRASHES = 2


def _scheduler(env: dict, log) -> subprocess.Popen:
    return subprocess.Popen(
        service_command("notifications", "schedule"),
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def test_a_killed_scheduler_resends_at_most_one_mail(db, smtp_server, tmp_path):
    env = smtp_server.process_env(NOTIFICATIONS_SCHEDULER_BATCH=str(BATCH), LOG_FORMAT="json")
    due_reminders(db, COUNT, datetime.now(UTC), languages=("de", "en", "tr", "ar"))
    arrived = smtp_server.mailbox.messages
    with (tmp_path / "scheduler.log").open("w") as log:
        for crash in range(1, CRASHES + 1):
            process = _scheduler(env, log)
            try:
                # Some mails of this run arrived, and the current batch is not done yet.
                floor = crash * COUNT // (CRASHES + 2)
                wait_for(
                    lambda floor=floor: len(arrived) >= floor and len(arrived) % BATCH,
                    timeout=120,
                    interval=0.005,
                    what=f"mails before crash {crash}",
                )
            finally:
                process.send_signal(signal.SIGKILL)
                process.wait(timeout=30)
            assert len(arrived) < COUNT, "the scheduler finished before it was killed"
        process = _scheduler(env, log)
        try:
            wait_for(lambda: _sent(db) == COUNT, timeout=300, interval=0.1, what="every mail")
        finally:
            process.send_signal(signal.SIGTERM)
            assert process.wait(timeout=60) == 0

    ids = Counter(message["Message-ID"] for message in arrived)
    assert len(ids) == COUNT  # every mail arrived
    assert len(arrived) - COUNT <= CRASHES  # at most one more per crash
    assert max(ids.values()) <= 2
    with db.transaction() as session:
        attempts = Counter(
            session.scalars(
                select(DeliveryAttempt.delivery_id).where(DeliveryAttempt.outcome == "sent")
            )
        )
        outcomes = session.scalar(
            select(func.count())
            .select_from(outbox)
            .where(outbox.c.type == "notifications.delivery.sent")
        )
    assert len(attempts) == COUNT and set(attempts.values()) == {1}
    assert outcomes == COUNT


def _sent(db) -> int:
    with db.transaction() as session:
        return session.scalar(
            select(func.count()).select_from(Delivery).where(Delivery.status == DeliveryStatus.SENT)
        )
