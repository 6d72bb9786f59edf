"""Rotating the data key: with ``DIALOG_DATA_KEYS=new,old``, ``dialog-mediation rotate-keys``
writes every encrypted value again with the new key, the append-only notes (redacted ones too)
included, and every party's lookup hash from it; the old key can then be dropped, and the notes
still refuse an ordinary change."""

import pytest
from cryptography.fernet import Fernet, InvalidToken
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from dialog_mediation.models import Base, TimelineEntry
from dialog_mediation.operations.redaction import ERASURE, redact_entries
from dialog_mediation.queries import parties_of
from dialog_platform import crypto
from dialog_platform.crypto import Encrypted, Keyring
from dialog_platform.privacy import PersonKeys
from dialog_platform.testing.plugin import TEST_DATA_KEY
from dialog_platform.testing.processes import run_command


@pytest.fixture
def new_key():
    """A new data key; the tests' key is the process's again afterwards."""
    yield crypto.new_key()
    crypto.use_keys([TEST_DATA_KEY])


def _tokens(db) -> dict[str, list[str]]:
    """table -> every stored value of its encrypted columns, as stored."""
    tokens: dict[str, list[str]] = {}
    with db.engine.connect() as connection:
        for mapper in Base.registry.mappers:
            table = mapper.persist_selectable
            for column in (c for c in table.columns if isinstance(c.type, Encrypted)):
                query = text(f'SELECT "{column.name}" FROM "{table.name}"')
                tokens.setdefault(table.name, []).extend(filter(None, connection.scalars(query)))
    return tokens


def test_rotate_keys_rewrites_every_row_notes_included(
    mediation_app, client, as_, make_case, samples, monkeypatch, new_key
):
    admin = as_("admin")
    ids = make_case()
    url = f"/api/v1/cases/{ids['case_id']}/notes"
    for body in ("Erstes Gespräch.", "Zweites Gespräch."):
        assert (
            client.post(url, json={"kind": "note", "body": body}, headers=admin).status_code == 201
        )
    db = mediation_app.extensions["dialog_db"]
    with db.transaction() as session:  # one note redacted: its body is gone, the row stays
        (first,) = [
            e for e in session.scalars(select(TimelineEntry)) if e.body == "Erstes Gespräch."
        ]
        redact_entries(session, [first], ERASURE, "erasure")
    before = _tokens(db)
    assert len(before["timeline_entry"]) == 1 and len(before["party"]) == 3

    monkeypatch.setenv("DIALOG_DATA_KEYS", f"{new_key},{TEST_DATA_KEY}")
    rotated = run_command("mediation", "rotate-keys")
    assert rotated.returncode == 0, rotated.stderr
    assert "mediation: timeline_entry: 2 row(s) written with the current key" in rotated.stdout

    after = _tokens(db)
    assert {table: len(values) for table, values in after.items()} == {
        table: len(values) for table, values in before.items()
    }
    for token in (token for values in after.values() for token in values):
        Fernet(new_key).decrypt(token.encode())
        with pytest.raises(InvalidToken):
            Fernet(TEST_DATA_KEY).decrypt(token.encode())
    crypto.use_keys([new_key])  # the old key is dropped
    email = samples["party"]["email"]
    by_new_hash = PersonKeys(frozenset([Keyring([new_key]).lookup_hash(f"email:{email}")]))
    with db.transaction() as session:
        assert [p.name for p in parties_of(session, by_new_hash)] == ["Mehmet Demir"]
    notes = client.get(url, headers=admin).json
    assert [n["body"] for n in notes] == ["(This entry was redacted.)", "Zweites Gespräch."]
    with pytest.raises(DBAPIError, match="append-only"), db.transaction() as session:
        session.execute(text("UPDATE timeline_entry SET author_name = 'x'"))
