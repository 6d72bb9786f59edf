"""What the scheduler's tests and the reminders benchmark start from: many people of one event,
each with an email reminder due."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from dialog_platform.db import Database

from .operations.deliveries import enqueue
from .operations.recipients import keep_event, keep_recipient


def due_reminders(
    db: Database, count: int, now: datetime, languages: tuple[str, ...] = ("de",), spread: int = 1
) -> None:
    """``count`` people of one event tomorrow, each with an email reminder due now (or up to
    ``spread - 1`` minutes ago, so that schedulers meet rows of several due times), in
    ``languages`` in turn."""
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
        for i in range(count):
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
                language=languages[i % len(languages)],
                status="confirmed",
                links={"cancel_url": "https://x.test/c"},
            )
            due = now - timedelta(minutes=i % spread)
            enqueue(session, recipient, "reminder", event.id, "email-1440m", now, due_at=due)
