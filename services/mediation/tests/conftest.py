"""Fixtures of the mediation service's tests: the app on a fresh, migrated PostgreSQL database,
tokens for named staff members, a case set up through the API, and what the database holds."""

import pytest

from dialog_platform.testing.plugin import app_and_client

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


mediation_app, client = app_and_client("mediation")


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
