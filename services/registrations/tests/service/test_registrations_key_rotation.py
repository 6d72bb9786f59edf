"""A data key rotation without downtime: while the new key encrypts and the old one still
decrypts, a sign-up with the same address finds the registration hashed under the old key, a
privacy request finds it too; ``rotate-keys`` writes every row and hash with the new key,
after which the old key can go."""

from __future__ import annotations

import pytest

from dialog_platform import crypto
from dialog_platform.rotation import rotate_keys
from dialog_platform.testing.plugin import TEST_DATA_KEY
from dialog_registrations.models import Base, Registration
from dialog_registrations.queries_privacy import find_export

from ..conftest import AYSE


@pytest.fixture
def new_key():
    key = crypto.new_key()
    yield key
    crypto.use_keys([TEST_DATA_KEY])  # the other tests' key again


def test_lookups_during_and_after_a_rotation(
    registrations_app, published_event, new_key, staff_headers
):
    client = registrations_app.test_client()
    event_id = published_event()
    url = f"/api/v1/public/events/{event_id}/registrations"
    first = client.post(url, json=AYSE | {"consent": True})
    assert first.status_code == 201

    crypto.use_keys([new_key, TEST_DATA_KEY])  # the new key first: it encrypts from now on
    again = client.post(url, json=AYSE | {"email": AYSE["email"].upper(), "consent": True})
    assert (again.status_code, again.json["registration_id"]) == (
        200,
        first.json["registration_id"],
    )
    export = client.post(
        "/api/v1/privacy/exports", json={"phone": AYSE["phone"]}, headers=staff_headers("admin")
    )
    found = export.json["services"][0]
    assert found["answered"] and export.status_code == 201
    db = registrations_app.extensions["dialog_db"]
    with db.transaction() as session:
        part = find_export(session, export.json["id"]).parts[0]
        assert len(part.records["registrations"]) == 1
    assert rotate_keys(db, Base)["registration"] == 1

    crypto.use_keys([new_key])  # the old key is gone
    with db.transaction() as session:
        (registration,) = session.query(Registration).all()
        assert registration.email == AYSE["email"]
    again = client.post(url, json=AYSE | {"consent": True})
    assert again.json["registration_id"] == first.json["registration_id"]
