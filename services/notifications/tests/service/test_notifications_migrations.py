"""Migrations on PostgreSQL and on a SQLite file. Rows kept under the plural table names of
revision 0002 are found under the singular names after the upgrade (and again after the way
back), and the migrated schema is the models' (autogenerate finds no difference). Migration
0004: rows kept in clear at revision 0003 are encrypted (nothing of the person left in the
database's bytes), found by their keyed hashes, read back as they were, the log's answers
without the address and number they quoted; the way back gives the clear rows again."""

from __future__ import annotations

import json
import subprocess
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import select, text

from dialog_notifications.models import Base, Delivery, DeliveryAttempt, EventCopy, Recipient
from dialog_platform.db import Database
from dialog_platform.messaging.tables import messaging_metadata
from dialog_platform.migrations import alembic_config, schema_differences, upgrade
from dialog_platform.personal import email_hash, phone_hash
from dialog_platform.testing.resources import libpq_url

PACKAGE = "dialog_notifications"
EVENT, PERSON, DELIVERY = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
AT = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
NAME, EMAIL, PHONE = "Zeynep Kaya", "Zeynep.Kaya@Example.org", "+4915112345678"
LINKS = {"cancel_url": "https://registrations.example.org/cancel/tok-1"}
CONTEXT = {"reason": "Frau Kaya hat doppelt gebucht", "old_place": "Rathaus"}
REFUSED = "550 5.1.1 <zeynep.kaya@example.org>: Recipient address rejected"
QUOTED = "400 21211: The 'To' number 0151 1234 5678 is not a valid phone number."
#: The event's copy, as revisions 0002 and 0003 stored it.
EVENT_ROW = {
    "id": EVENT,
    "version": 3,
    "title": "Gesprächsabend",
    "starts_at": AT,
    "ends_at": AT,
    "place": "Gemeindehaus",
    "status": "published",
}
#: A recipient of that event and a delivery to them, as 0002 and 0003 stored them (each test
#: adds what its rows hold besides).
RECIPIENT_ROW = {
    "id": PERSON,
    "source": "registration",
    "version": 1,
    "event_id": EVENT,
    "language": "de",
    "status": "confirmed",
    "stop_token": "stop-token",
    "reminders_stopped": False,
}
DELIVERY_ROW = {
    "id": DELIVERY,
    "dedup_key": "key",
    "recipient_id": PERSON,
    "event_id": EVENT,
    "channel": "email",
    "due_at": AT,
    "context": "{}",
    "created_at": AT,
}


@pytest.fixture(params=["postgresql", "sqlite"])
def database_url(request, make_database, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'notifications.sqlite'}"
    return make_database("dialog_notifications")


def _rows_at_0002(db: Database) -> None:
    """One event, one recipient, one delivery and one attempt, as revision 0002 stored them."""
    rows = {
        "events": EVENT_ROW,
        "recipients": RECIPIENT_ROW | {"name": "Ada Example", "sms_consent": False, "links": "{}"},
        "deliveries": DELIVERY_ROW
        | {"kind": "reminder", "slot": "email-1440m", "status": "queued", "attempts": 0},
        "delivery_attempts": {"delivery_id": DELIVERY, "at": AT, "outcome": "queued", "answer": ""},
    }
    with db.engine.begin() as connection:
        for table, row in rows.items():
            _insert(db, connection, table, row)


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


def test_upgrade_keeps_the_rows_under_the_singular_names(database_url):
    upgrade(PACKAGE, database_url, "0002")
    db = Database(database_url)
    try:
        _rows_at_0002(db)
        upgrade(PACKAGE, database_url)
        expected = ("Gesprächsabend", "stop-token", (PERSON, AT), (DELIVERY, "queued"))
        assert _found(db) == expected
        assert schema_differences(db.engine, [Base.metadata, messaging_metadata]) == []
        command.downgrade(alembic_config(PACKAGE, database_url), "0002")
        with db.engine.connect() as connection:
            titles = connection.execute(text("SELECT title FROM events")).scalars().all()
        assert titles == ["Gesprächsabend"]
        upgrade(PACKAGE, database_url)
        assert _found(db) == expected
        assert schema_differences(db.engine, [Base.metadata, messaging_metadata]) == []
    finally:
        db.dispose()


def _rows_at_0003(db: Database) -> None:
    rows = {
        "event_copy": EVENT_ROW,
        "recipient": RECIPIENT_ROW
        | {
            "name": NAME,
            "email": EMAIL,
            "phone": PHONE,
            "sms_consent": True,
            "links": json.dumps(LINKS),
        },
        "delivery": DELIVERY_ROW
        | {"kind": "cancelled", "slot": "v2", "status": "failed", "attempts": 1}
        | {"context": json.dumps(CONTEXT), "last_error": REFUSED},
    }
    attempts = [REFUSED, QUOTED]
    with db.engine.begin() as connection:
        for table, row in rows.items():
            _insert(db, connection, table, row)
        for answer in attempts:
            row = {"delivery_id": DELIVERY, "at": AT, "outcome": "failed", "answer": answer}
            _insert(db, connection, "delivery_attempt", row)


def _insert(db, connection, table: str, row: dict) -> None:
    if db.engine.dialect.name == "sqlite":  # the driver stores UUIDs as 32 hex digits
        row = {k: v.hex if isinstance(v, uuid.UUID) else v for k, v in row.items()}
    values = ", ".join(f":{name}" for name in row)
    connection.execute(text(f"INSERT INTO {table} ({', '.join(row)}) VALUES ({values})"), row)


def _stored(db: Database, database_url: str) -> str:
    """The database's bytes (a SQLite file with its journal) or its dump, as text."""
    if database_url.startswith("sqlite"):
        db.dispose()
        path = Path(database_url.removeprefix("sqlite:///"))
        files = sorted(path.parent.glob(path.name + "*"))
        return b"".join(p.read_bytes() for p in files).decode("latin-1")
    command_line = ["pg_dump", "--no-owner", libpq_url(database_url)]
    return subprocess.run(command_line, capture_output=True, text=True, check=True).stdout


def test_existing_rows_are_encrypted_and_come_back_on_the_way_down(database_url, traces):
    upgrade(PACKAGE, database_url, "0003")
    db = Database(database_url)
    _rows_at_0003(db)
    zeynep = traces(NAME, EMAIL, PHONE)
    assert zeynep.in_text(_stored(db, database_url))  # it is found while it is there

    upgrade(PACKAGE, database_url)
    assert zeynep.in_text(_stored(db, database_url)) == []
    with db.transaction() as session:
        person = session.scalar(select(Recipient).where(Recipient.email_hash == email_hash(EMAIL)))
        assert (person.id, person.name, person.email, person.phone) == (PERSON, NAME, EMAIL, PHONE)
        assert person.phone_hash == phone_hash(PHONE) and person.links == LINKS
        assert person.erased_at is None
        delivery = session.get(Delivery, DELIVERY)
        assert delivery.context == CONTEXT
        assert delivery.last_error == "550 5.1.1 <[address]>: Recipient address rejected"
        answers = session.scalars(select(DeliveryAttempt.answer).order_by(DeliveryAttempt.id))
        assert list(answers) == [
            "550 5.1.1 <[address]>: Recipient address rejected",
            "400 21211: The 'To' number [number] is not a valid phone number.",
        ]

    command.downgrade(alembic_config(PACKAGE, database_url), "0003")
    with db.engine.connect() as connection:
        back = connection.execute(text("SELECT name, email, phone, links FROM recipient")).one()
        context = connection.execute(text("SELECT context FROM delivery")).scalar_one()
    assert back[:3] == (NAME, EMAIL, PHONE)
    assert _json(back[3]) == LINKS and _json(context) == CONTEXT
    db.dispose()


def _json(value):
    """A JSON column as the driver gives it: PostgreSQL's decoded, SQLite's as text."""
    return json.loads(value) if isinstance(value, str) else value
