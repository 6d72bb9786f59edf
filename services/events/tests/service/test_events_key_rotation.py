"""Rotating the data key: with ``DIALOG_DATA_KEYS=new,old``, ``dialog-events rotate-keys``
writes every encrypted value again with the new key and every lookup hash from it, so the
person is found by the new key's hash and the old key can be dropped."""

import pytest
from cryptography.fernet import Fernet, InvalidToken
from sqlalchemy import text

from dialog_events.models import Base
from dialog_events.queries.people import contact_persons_of, delegates_of
from dialog_platform import crypto
from dialog_platform.crypto import Encrypted, Keyring
from dialog_platform.privacy import PersonKeys
from dialog_platform.testing.plugin import TEST_DATA_KEY
from dialog_platform.testing.processes import run_command

EMAIL = "ayse@example.org"


@pytest.fixture
def new_key():
    """A new data key; the tests' key is the process's again afterwards."""
    yield crypto.new_key()
    crypto.use_keys([TEST_DATA_KEY])


def _tokens(db) -> list[str]:
    """Every stored value of every encrypted column, as stored."""
    tokens = []
    with db.engine.connect() as connection:
        for mapper in Base.registry.mappers:
            table = mapper.persist_selectable
            for column in table.columns:
                if isinstance(column.type, Encrypted):
                    query = text(f'SELECT "{column.name}" FROM "{table.name}"')
                    tokens += [value for value in connection.scalars(query) if value]
    return tokens


def test_rotate_keys_rewrites_every_row_and_hash(
    events_app, client, staff_headers, new_organisation, new_round_table, monkeypatch, new_key
):
    headers = staff_headers("staff")
    person = {"name": "Ayşe Yılmaz", "email": EMAIL, "phone": "+4915112345678"}
    organisation = new_organisation(contact_persons=[person | {"role": "Vorstand"}])
    table = new_round_table(name="Runder Tisch Marxloh")
    joined = client.post(
        f"/api/v1/round-tables/{table['id']}/members",
        json={"organisation_id": organisation["id"], "delegates": [person]},
        headers=headers,
    )
    assert joined.status_code == 201, joined.json
    db = events_app.extensions["dialog_db"]
    assert len(_tokens(db)) == 2 * 4  # two rows: name, role (empty too), email, phone

    monkeypatch.setenv("DIALOG_DATA_KEYS", f"{new_key},{TEST_DATA_KEY}")
    rotated = run_command("events", "rotate-keys")
    assert rotated.returncode == 0, rotated.stderr
    assert "events: delegate: 1 row(s) written with the current key" in rotated.stdout
    assert "events: contact_person: 1 row(s) written with the current key" in rotated.stdout

    for token in _tokens(db):
        Fernet(new_key).decrypt(token.encode())
        with pytest.raises(InvalidToken):
            Fernet(TEST_DATA_KEY).decrypt(token.encode())
    crypto.use_keys([new_key])  # the old key is dropped
    by_new_hash = PersonKeys(
        email_hashes=frozenset([Keyring([new_key]).lookup_hash(f"email:{EMAIL}")])
    )
    with db.transaction() as session:
        assert [d.name for d in delegates_of(session, by_new_hash)] == ["Ayşe Yılmaz"]
        assert [c.role for c in contact_persons_of(session, by_new_hash)] == ["Vorstand"]
    shown = client.get(f"/api/v1/organisations/{organisation['id']}", headers=headers)
    assert shown.json["contact_persons"][0]["phone"] == "+4915112345678"
