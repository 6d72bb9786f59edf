"""Two schedulers (threads with their own engines and SMTP connections) over 1,000 due reminders
send each exactly once: batches are claimed with FOR UPDATE SKIP LOCKED on PostgreSQL."""

from __future__ import annotations

import threading
import uuid
from collections import Counter
from datetime import timedelta

from sqlalchemy import func, select

from dialog_notifications import operations as ops
from dialog_notifications.channels.email import SmtpChannel
from dialog_notifications.channels.sms import SmsLogChannel
from dialog_notifications.dispatch import Dispatcher
from dialog_notifications.models import Delivery
from dialog_platform.db import Database

COUNT = 1000


def _due_reminders(db, clock) -> None:
    with db.transaction() as session:
        event = ops.keep_event(
            session, uuid.uuid4(), 1, title="Gesprächsabend", place="Gemeindehaus",
            starts_at=clock() + timedelta(days=1), ends_at=clock() + timedelta(days=1, hours=2),
        )  # fmt: skip
        for i in range(COUNT):
            recipient = ops.keep_recipient(
                session, uuid.uuid4(), 1, source="registration", event_id=event.id,
                name=f"Person {i}", email=f"p{i}@example.org", phone=None, sms_consent=False,
                language="de", status="confirmed", links={"cancel_url": "https://x.test/c"},
            )  # fmt: skip
            ops.enqueue(
                session, recipient, "reminder", event.id, "email-1440m", clock(),
                channel="email", due_at=clock() - timedelta(minutes=i % 7),
            )  # fmt: skip


def test_two_schedulers_send_each_reminder_once(
    notifications_url, db, clock, smtp_server, tmp_path
):
    _due_reminders(db, clock)
    start = threading.Barrier(2)
    sent: list[int] = []

    def scheduler() -> None:
        own_db = Database(notifications_url)
        dispatcher = Dispatcher(
            SmtpChannel("127.0.0.1", smtp_server.port, security="none", timeout=10),
            sms=SmsLogChannel(tmp_path / "sms.log"), mail_from="Dialog <no-reply@dialog.example.org>",
            public_url="http://notifications.test", clock=clock, batch_size=25,
        )  # fmt: skip
        start.wait()
        try:
            while dispatcher.dispatch_due(own_db):
                pass
        finally:
            own_db.dispose()
        sent.append(dispatcher.sent)

    threads = [threading.Thread(target=scheduler) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    ids = Counter(m["Message-ID"] for m in smtp_server.mailbox.messages)
    assert len(ids) == COUNT and set(ids.values()) == {1}
    assert sum(sent) == COUNT and min(sent) > 0  # both worked, neither sent what the other did
    with db.transaction() as session:
        counts = dict(
            session.execute(select(Delivery.status, func.count()).group_by(Delivery.status)).all()
        )
    assert {status.value: n for status, n in counts.items()} == {"sent": COUNT}
