"""Migrations on PostgreSQL and on a SQLite file: registrations and invitations stored in clear
by revision 0003 are encrypted and hashed by the upgrade, read back the same through the
models, clear again after the way back; their consent columns become consent records with the
texts shown and come back; the migrated schema is the models' (autogenerate finds no
difference)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from alembic import command
from sqlalchemy import text

from dialog_platform.db import Database
from dialog_platform.messaging.tables import messaging_metadata
from dialog_platform.migrations import alembic_config, schema_differences, upgrade
from dialog_platform.personal import email_hash, phone_hash
from dialog_registrations.models import Base, Invitation, Registration

PACKAGE = "dialog_registrations"
EVENT, PERSON, DELEGATE, INVITATION = (uuid.uuid4() for _ in range(4))
AT = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
CLEAR = ("Ayşe Yılmaz", "Ayse.Yilmaz@Example.org", "+491701234567", "Cemevi Köln")
FORMER = "2026-11-consent-v1"
TEXTS = (
    "Düzenleyicilerin bu etkinliği yürütmek ve bana bu konuda yazmak için bilgilerimi "
    "saklamasını kabul ediyorum. Bilgiler etkinlikten sonra silinir.",
    "Lütfen bana SMS ile de hatırlatın (telefon numarası gerekir).",
)


@pytest.fixture(params=["postgresql", "sqlite"])
def database_url(request, make_database, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'registrations.sqlite'}"
    return make_database("dialog_registrations")


def _insert(db: Database, table: str, row: dict) -> None:
    if db.engine.dialect.name == "sqlite":  # the driver stores UUIDs as 32 hex digits
        row = {k: v.hex if isinstance(v, uuid.UUID) else v for k, v in row.items()}
    columns, values = ", ".join(row), ", ".join(f":{name}" for name in row)
    with db.engine.begin() as connection:
        connection.execute(text(f"INSERT INTO {table} ({columns}) VALUES ({values})"), row)


def _rows_at_0003(db: Database) -> None:
    name, email, phone, organisation = CLEAR
    _insert(
        db,
        "event_copy",
        {
            "id": EVENT,
            "version": 2,
            "status": "published",
            "type": "round_table_meeting",
            "title": "Runder Tisch",
            "starts_at": AT,
            "ends_at": AT,
            "capacity": 10,
            "requires_email_confirmation": False,
            "languages": "[]",
            "cancel_reason": "",
        },
    )
    _insert(
        db,
        "registration",
        {
            "id": PERSON,
            "event_id": EVENT,
            "version": 2,
            "status": "confirmed",
            "name": name,
            "email": email,
            "email_key": email.lower(),
            "phone": phone,
            "organisation": organisation,
            "language": "tr",
            "needs": "Rollstuhl",
            "consent_text_version": "2026-11-consent-v1",
            "consent_given_at": AT,
            "sms_consent": True,
            "sms_consent_at": AT,
            "source": "web",
            "created_at": AT,
            "cancel_reason": "",
        },
    )
    _insert(
        db,
        "invitation",
        {
            "id": INVITATION,
            "event_id": EVENT,
            "round_table_id": uuid.uuid4(),
            "round_table_name": "Runder Tisch",
            "delegate_id": DELEGATE,
            "name": name,
            "email": email,
            "phone": None,
            "language": "tr",
            "organisation_name": organisation,
            "status": "accepted",
            "version": 2,
            "sent_at": AT,
            "registration_id": PERSON,
        },
    )


def _raw(db: Database, query: str) -> list[str]:
    with db.engine.connect() as connection:
        return [" ".join(map(str, row)) for row in connection.execute(text(query))]


def _found(db: Database) -> tuple:
    with db.transaction() as session:
        registration = session.get(Registration, PERSON)
        invitation = session.get(Invitation, INVITATION)
        return (
            (registration.name, registration.email, registration.phone, registration.organisation),
            registration.needs,
            (registration.email_hash, registration.phone_hash),
            (invitation.name, invitation.email, invitation.organisation_name),
            invitation.email_hash,
            [
                (c.purpose, c.text_version, c.language, c.source, c.given_at, c.wording.text)
                for c in registration.consents
            ],
        )


def test_upgrade_encrypts_and_hashes_the_rows_and_the_way_back_restores_them(database_url):
    upgrade(PACKAGE, database_url, "0003")
    db = Database(database_url)
    name, email, phone, organisation = CLEAR
    try:
        _rows_at_0003(db)
        upgrade(PACKAGE, database_url)
        expected = (
            CLEAR,
            "Rollstuhl",
            (email_hash(email), phone_hash(phone)),
            (name, email, organisation),
            email_hash(email),
            [
                ("registration", FORMER, "tr", "form", AT, TEXTS[0]),
                ("sms_reminders", FORMER, "tr", "form", AT, TEXTS[1]),
            ],
        )
        assert _found(db) == expected
        stored = " ".join(
            _raw(db, "SELECT * FROM registration") + _raw(db, "SELECT * FROM invitation")
        )
        for clear in (name, email, email.lower(), phone, organisation, "Rollstuhl"):
            assert clear not in stored
        assert schema_differences(db.engine, [Base.metadata, messaging_metadata]) == []

        command.downgrade(alembic_config(PACKAGE, database_url), "0003")
        assert _raw(db, "SELECT name, email_key, phone FROM registration") == [
            f"{name} {email.lower()} {phone}"
        ]
        assert _raw(db, "SELECT organisation_name FROM invitation") == [organisation]
        assert _raw(db, "SELECT consent_text_version, sms_consent FROM registration") in (
            [f"{FORMER} True"],
            [f"{FORMER} 1"],  # SQLite's booleans
        )
        upgrade(PACKAGE, database_url)
        assert _found(db) == expected
        assert schema_differences(db.engine, [Base.metadata, messaging_metadata]) == []
    finally:
        db.dispose()
