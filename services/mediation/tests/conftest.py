"""Fixtures of the mediation service's tests: the app on a fresh, migrated PostgreSQL database,
tokens for named staff members, a case set up through the API, and what the database holds."""

import re
import shutil
import subprocess

import pytest
from kombu import Connection
from sqlalchemy import inspect, text

from dialog_platform.crypto import keyring
from dialog_platform.messaging.publisher import ConfirmingPublisher
from dialog_platform.messaging.relay import Relay
from dialog_platform.testing.resources import libpq_url

#: A Fernet token: encrypted columns and sealed message parts.
TOKEN = re.compile(r"gAAAAA[A-Za-z0-9_=-]{20,}")

CASE = {
    "title": "Raumvergabe Gemeindezentrum",
    "category": "rooms_and_resources",
    "description": "Streit um die Nutzung des Saals am Freitagabend.",
    "priority": "high",
    "requester_name": "Ayşe Yılmaz",
    "requester_channel": "phone",
    "opened_on": "2027-02-10",
}
PARTY = {
    "kind": "person",
    "name": "Mehmet Demir",
    "role": "Vorstand der Gemeinde",
    "email": "mehmet@example.org",
    "phone": "+4915112345678",
    "language": "tr",
}
SESSION = {
    "starts_at": "2027-03-01T17:00:00+01:00",
    "ends_at": "2027-03-01T19:00:00+01:00",
    "place": "Begegnungsstätte, Raum 2",
}


@pytest.fixture
def mediation_app(service_app):
    return service_app("mediation")


@pytest.fixture
def client(mediation_app):
    return mediation_app.test_client()


@pytest.fixture
def as_(staff_headers):
    """``as_("mediator", "med-1")``: headers of a staff member with that role and subject."""

    def headers(role: str, subject: str | None = None) -> dict[str, str]:
        return staff_headers(role, subject=subject or f"{role}-1")

    return headers


@pytest.fixture
def make_case(client, as_):
    """Open a case as an admin, assign mediator ``med-1``, add one party; return their ids."""

    def make(mediators=("med-1",), **overrides) -> dict:
        admin = as_("admin")
        created = client.post("/api/v1/cases", json=CASE | overrides, headers=admin)
        assert created.status_code == 201, created.json
        case_id = created.json["id"]
        body = {"mediators": [{"subject": s, "name": f"Mediator {s}"} for s in mediators]}
        assigned = client.put(f"/api/v1/cases/{case_id}/mediators", json=body, headers=admin)
        assert assigned.status_code == 200, assigned.json
        party = client.post(f"/api/v1/cases/{case_id}/parties", json=PARTY, headers=admin)
        assert party.status_code == 201, party.json
        return {
            "case_id": case_id,
            "party_id": party.json["id"],
            "reference": created.json["reference"],
        }

    return make


@pytest.fixture
def samples() -> dict:
    """Valid request bodies: ``case``, ``party`` and ``session`` (without party ids)."""
    return {"case": dict(CASE), "party": dict(PARTY), "session": dict(SESSION)}


@pytest.fixture
def stored_texts():
    """``stored_texts(db)``: every value of every column of every table, cast to text, and the
    clear text of each Fernet token inside one (encrypted columns, sealed message parts): all
    the database holds, as someone with its data keys could read it."""

    def texts(db) -> list[str]:
        found = []
        with db.engine.connect() as connection:
            schema = inspect(connection)
            for table in schema.get_table_names():
                columns = ", ".join(
                    f'CAST("{column["name"]}" AS TEXT)' for column in schema.get_columns(table)
                )
                for row in connection.execute(text(f'SELECT {columns} FROM "{table}"')):
                    for value in filter(None, row):
                        found.append(value)
                        found.extend(keyring().decrypt(token) for token in TOKEN.findall(value))
        return found

    return texts


@pytest.fixture
def database_dump():
    """``database_dump(url)``: what ``pg_dump`` writes of the PostgreSQL database at ``url``."""

    def dump(url: str) -> str:
        pg_dump = shutil.which("pg_dump")
        assert pg_dump, "these tests read the database as pg_dump writes it: install pg_dump"
        done = subprocess.run(
            [pg_dump, "--no-owner", libpq_url(url)], capture_output=True, text=True, check=True
        )
        return done.stdout

    return dump


@pytest.fixture
def relay_outbox(rabbitmq_url, topology):
    """``relay_outbox(db)``: publish what the outbox holds to the test's broker namespace, so
    its rows count as sent (what an erasure sweeps)."""

    def relay(db) -> int:
        with Connection(rabbitmq_url) as connection:
            topology.declare(connection.default_channel)
            publisher = ConfirmingPublisher(connection, topology.exchange)
            return Relay(db, rabbitmq_url, topology).relay_batch(publisher)

    return relay
