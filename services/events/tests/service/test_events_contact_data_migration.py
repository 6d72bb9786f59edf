"""Migration 0004 on a database that already holds contact data in clear (PostgreSQL and
SQLite): contact persons move out of the organisation's JSON list into their own rows, and
their and the delegates' names, roles and channels end up encrypted, found by lookup hashes."""

import json
import uuid
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import command

from dialog_events.models import Membership, Organisation
from dialog_events.queries.people import contact_persons_of, delegates_of
from dialog_platform.db import UtcDateTime
from dialog_platform.migrations import alembic_config
from dialog_platform.privacy import PersonKeys
from dialog_platform.testing.migrations import upgraded_over

ORG, TABLE, MEMBERSHIP = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
CONTACTS = [
    {
        "name": "Ayşe Yılmaz",
        "role": "Vorstand",
        "email": "ayse@example.org",
        "phone": "0151 12345678",
    },
    {"name": "Ali Doğan", "email": None, "phone": "beim Pförtner fragen"},
]
DELEGATES = [("Zeynep Arslan", "zeynep@example.org", "+491709876543"), ("Cem Kurt", None, None)]


def _table(name: str, *columns: sa.ColumnClause) -> sa.TableClause:
    return sa.table(name, sa.column("id", sa.Uuid()), *columns)


def _old_rows(url: str) -> None:
    """What revision 0003 held: contacts in a JSON list, delegates in clear."""
    engine = sa.create_engine(url)
    plain = [sa.column(name) for name in ("name", "kind", "city", "address", "recognition")]
    notes = [sa.column("needs_notes"), sa.column("support_notes"), sa.column("version")]
    with engine.begin() as connection:
        connection.execute(
            _table(
                "organisation", *plain, *notes, sa.column("contact_persons", sa.JSON())
            ).insert(),
            {
                "id": ORG,
                "name": "DITIB Marxloh",
                "kind": "mosque_congregation",
                "city": "Duisburg",
                "address": "",
                "recognition": "none",
                "needs_notes": "",
                "support_notes": "",
                "version": 1,
                "contact_persons": CONTACTS,
            },
        )
        room = [sa.column(n) for n in ("name", "city", "description", "version")]
        connection.execute(
            _table("round_table", *room).insert(),
            {"id": TABLE, "name": "RT", "city": "", "description": "", "version": 1},
        )
        connection.execute(
            _table(
                "membership",
                sa.column("round_table_id", sa.Uuid()),
                sa.column("organisation_id", sa.Uuid()),
                sa.column("joined_at", UtcDateTime()),
            ).insert(),
            {
                "id": MEMBERSHIP,
                "round_table_id": TABLE,
                "organisation_id": ORG,
                "joined_at": datetime(2026, 1, 1, tzinfo=UTC),
            },
        )
        person = [sa.column(n) for n in ("name", "role", "email", "phone", "language")]
        connection.execute(
            _table("delegate", sa.column("membership_id", sa.Uuid()), *person).insert(),
            [
                {
                    "id": uuid.uuid4(),
                    "membership_id": MEMBERSHIP,
                    "name": name,
                    "role": "",
                    "email": email,
                    "phone": phone,
                    "language": "de",
                }
                for name, email, phone in DELEGATES
            ],
        )
    engine.dispose()


def test_existing_contact_data_is_moved_and_encrypted(any_dialect_url):
    url = any_dialect_url
    with upgraded_over("dialog_events", url, "0003", _old_rows) as db:
        with db.engine.connect() as connection:
            stored = connection.execute(sa.text("SELECT name, phone FROM contact_person")).all()
            stored += connection.execute(sa.text("SELECT name, email FROM delegate")).all()
        assert stored and all(
            value is None or value.startswith("gAAAAA") for row in stored for value in row
        )
        with db.transaction() as session:
            organisation = session.get(Organisation, ORG)
            people = [(p.name, p.role, p.email, p.phone) for p in organisation.contact_persons]
            assert people == [
                ("Ayşe Yılmaz", "Vorstand", "ayse@example.org", "+4915112345678"),
                ("Ali Doğan", "", None, "beim Pförtner fragen"),  # not a number: kept as typed
            ]
            membership = session.get(Membership, MEMBERSHIP)
            assert [d.name for d in membership.delegates] == ["Cem Kurt", "Zeynep Arslan"]
            ayse = PersonKeys.of(phone="+4915112345678")
            assert [c.name for c in contact_persons_of(session, ayse)] == ["Ayşe Yılmaz"]
            zeynep = PersonKeys.of(email="Zeynep@example.org")
            assert [d.phone for d in delegates_of(session, zeynep)] == ["+491709876543"]

        command.downgrade(alembic_config("dialog_events", url), "0003")  # and back, in clear
        with db.engine.connect() as connection:
            (listed,) = connection.execute(sa.text("SELECT contact_persons FROM organisation"))
            names = connection.scalars(sa.text("SELECT name FROM delegate ORDER BY name")).all()
        listed = json.loads(listed[0]) if isinstance(listed[0], str) else listed[0]  # SQLite
        assert [(p["name"], p["phone"]) for p in listed] == [
            ("Ayşe Yılmaz", "+4915112345678"),
            ("Ali Doğan", "beim Pförtner fragen"),
        ]
        assert names == ["Cem Kurt", "Zeynep Arslan"]
