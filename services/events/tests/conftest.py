"""Fixtures of the events service's tests: the app on a fresh, migrated PostgreSQL database,
events, organisations and round tables made through the API, and what the database holds."""

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

#: A complete, valid event (a Thursday evening in Berlin, winter time).
EVENT = {
    "type": "evening_lecture",
    "title": "Grundlagen der Wohlfahrtspflege",
    "description": "**Wie** funktioniert die freie Wohlfahrtspflege?",
    "starts_at": "2031-03-06T18:00:00+01:00",
    "ends_at": "2031-03-06T20:00:00+01:00",
    "capacity": 25,
    "venue": {"name": "Begegnungszentrum", "address": "Weseler Str. 1, Duisburg"},
    "languages": ["de", "tr"],
    "topics": ["Wohlfahrtspflege", "SGB VIII"],
    "registration_closes_at": "2031-03-05T12:00:00+01:00",
}


@pytest.fixture
def event_body() -> dict:
    """A fresh copy of ``EVENT`` to post or change."""
    return dict(EVENT)


@pytest.fixture
def events_app(service_app):
    return service_app("events")


@pytest.fixture
def client(events_app):
    return events_app.test_client()


@pytest.fixture
def new_event(client, staff_headers):
    """``new_event(publish=True, **changes)``: create (and publish) an event; its JSON."""

    def make(publish: bool = False, **changes) -> dict:
        created = client.post(
            "/api/v1/events", json=EVENT | changes, headers=staff_headers("staff")
        )
        assert created.status_code == 201, created.json
        if not publish:
            return created.json
        published = client.post(
            f"/api/v1/events/{created.json['id']}/publish", headers=staff_headers("staff")
        )
        assert published.status_code == 200, published.json
        return published.json

    return make


@pytest.fixture
def new_organisation(client, staff_headers):
    """``new_organisation(**fields)``: add an organisation to the directory (DITIB Marxloh in
    Duisburg unless told otherwise); its JSON."""

    def make(**fields) -> dict:
        body = {"name": "DITIB Marxloh", "kind": "mosque_congregation", "city": "Duisburg"}
        answer = client.post(
            "/api/v1/organisations", json=body | fields, headers=staff_headers("staff")
        )
        assert answer.status_code == 201, answer.json
        return answer.json

    return make


@pytest.fixture
def new_round_table(client, staff_headers):
    """``new_round_table(name=..., **fields)``: create a round table; its JSON."""

    def make(**fields) -> dict:
        answer = client.post("/api/v1/round-tables", json=fields, headers=staff_headers("staff"))
        assert answer.status_code == 201, answer.json
        return answer.json

    return make


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
