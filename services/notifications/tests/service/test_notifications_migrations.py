"""Migrations on PostgreSQL and on a SQLite file: rows kept under the plural table names of
revision 0002 are found under the singular names after the upgrade (and again after the way
back), and the migrated schema is the models' (autogenerate finds no difference)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import select, text

from dialog_notifications.models import Base, Delivery, DeliveryAttempt, EventCopy, Recipient
from dialog_platform.db import Database
from dialog_platform.messaging.tables import messaging_metadata
from dialog_platform.migrations import alembic_config, upgrade

PACKAGE = "dialog_notifications"
EVENT, PERSON, DELIVERY = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
AT = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)


@pytest.fixture(params=["postgresql", "sqlite"])
def database_url(request, make_database, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'notifications.sqlite'}"
    return make_database("dialog_notifications")


def _rows_at_0002(db: Database) -> None:
    """One event, one recipient, one delivery and one attempt, as revision 0002 stored them."""
    rows = {
        "events": {
            "id": EVENT,
            "version": 3,
            "title": "Gesprächsabend",
            "starts_at": AT,
            "ends_at": AT,
            "place": "Gemeindehaus",
            "status": "published",
        },
        "recipients": {
            "id": PERSON,
            "source": "registration",
            "version": 1,
            "event_id": EVENT,
            "name": "Ada Example",
            "sms_consent": False,
            "language": "de",
            "status": "confirmed",
            "links": "{}",
            "stop_token": "stop-token",
            "reminders_stopped": False,
        },
        "deliveries": {
            "id": DELIVERY,
            "dedup_key": "key",
            "recipient_id": PERSON,
            "event_id": EVENT,
            "kind": "reminder",
            "channel": "email",
            "slot": "email-1440m",
            "status": "queued",
            "due_at": AT,
            "attempts": 0,
            "context": "{}",
            "created_at": AT,
        },
        "delivery_attempts": {"delivery_id": DELIVERY, "at": AT, "outcome": "queued", "answer": ""},
    }
    with db.engine.begin() as connection:
        for table, row in rows.items():
            if db.engine.dialect.name == "sqlite":  # the driver stores UUIDs as 32 hex digits
                row = {k: v.hex if isinstance(v, uuid.UUID) else v for k, v in row.items()}
            columns = ", ".join(row)
            values = ", ".join(f":{name}" for name in row)
            connection.execute(text(f"INSERT INTO {table} ({columns}) VALUES ({values})"), row)


def _found(db: Database) -> tuple:
    with db.transaction() as session:
        event = session.get(EventCopy, EVENT)
        recipient = session.get(Recipient, PERSON)
        delivery = session.get(Delivery, DELIVERY)
        [attempt] = session.scalars(select(DeliveryAttempt)).all()
        return (
            event.title,
            recipient.stop_token,
            (delivery.recipient_id, delivery.due_at),
            (attempt.delivery_id, attempt.outcome),
        )


def _differences(db: Database) -> list:
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection)
        return compare_metadata(context, [Base.metadata, messaging_metadata])


def test_upgrade_keeps_the_rows_under_the_singular_names(database_url):
    upgrade(PACKAGE, database_url, "0002")
    db = Database(database_url)
    try:
        _rows_at_0002(db)
        upgrade(PACKAGE, database_url)
        expected = ("Gesprächsabend", "stop-token", (PERSON, AT), (DELIVERY, "queued"))
        assert _found(db) == expected
        assert _differences(db) == []
        command.downgrade(alembic_config(PACKAGE, database_url), "0002")
        with db.engine.connect() as connection:
            titles = connection.execute(text("SELECT title FROM events")).scalars().all()
        assert titles == ["Gesprächsabend"]
        upgrade(PACKAGE, database_url)
        assert _found(db) == expected
        assert _differences(db) == []
    finally:
        db.dispose()
