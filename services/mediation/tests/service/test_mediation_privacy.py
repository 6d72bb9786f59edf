"""Case files are kept encrypted (the dump of the database holds no party's name, address or
number, nor a description or a note), and a person's erasure and export requests are answered
through the real handlers: the person is gone from every table (their party rows stay, without
name and channels; notes naming them are redacted, recorded), others are untouched, the answer
is in the outbox, again without effect, the figures and the append-only guard as before."""

import re
import uuid

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from dialog_mediation.domain.redaction import ERASED, REDACTED
from dialog_mediation.messaging.handlers import HANDLERS
from dialog_platform.privacy import PersonKeys
from dialog_platform.testing.messages import deliver, outbox_messages

FATMA = {"kind": "person", "name": "Fatma Kaya", "role": "Nachbarin", "email": "fatma@example.org"}
CITY = {"kind": "organisation", "name": "Stadt Köln", "role": "Vermieterin"}
NOTES = {
    "about_him": "Gespräch mit Mehmet Demir über den Saal.",
    "his_number": "Rückruf an 0151 12345678 vereinbart.",
    "about_her": "Fatma Kaya schlägt den Freitag vor.",
}
MEHMET_DIGITS = "15112345678"


@pytest.fixture
def files(client, as_, make_case, samples):
    """Two cases with Mehmet Demir as a party (the second names him in its title and gives his
    address in its description); the first also has Fatma Kaya and the city, notes about him and
    about her, and a session with both of them."""
    admin = as_("admin")
    first = make_case()
    second = make_case(
        title="Saalstreit mit MEHMET DEMIR",
        description="Erreichbar unter Mehmet@Example.org, abends.",
        opened_on="2027-04-02",
    )
    url = f"/api/v1/cases/{first['case_id']}"
    fatma = client.post(f"{url}/parties", json=FATMA | {"phone": "0170 9876543"}, headers=admin)
    assert client.post(f"{url}/parties", json=CITY, headers=admin).status_code == 201
    for body in NOTES.values():
        note = {"kind": "note", "body": body}
        assert client.post(f"{url}/notes", json=note, headers=admin).status_code == 201
    note = {"kind": "phone_call", "body": "mehmet demir rief an."}
    client.post(f"/api/v1/cases/{second['case_id']}/notes", json=note, headers=admin)
    session = samples["session"] | {"party_ids": [first["party_id"], fatma.json["id"]]}
    assert client.post(f"{url}/sessions", json=session, headers=admin).status_code == 201
    return {"first": first, "second": second, "fatma": fatma.json}


def _holds_mehmet(value: str) -> bool:
    folded = value.casefold()
    return "mehmet" in folded or "demir" in folded or MEHMET_DIGITS in re.sub(r"\D", "", value)


def _request(**person) -> dict:
    return {"request_id": uuid.uuid4(), **PersonKeys.of(**person).as_data()}


def test_the_database_holds_no_case_text_or_party_in_clear(
    mediation_app, files, samples, database_dump
):
    dump = database_dump(mediation_app.config["DIALOG_SETTINGS"].database_url)
    assert "timeline_entry" in dump and "gAAAAA" in dump
    folded = dump.casefold()
    secrets = [
        "Mehmet Demir",
        "mehmet@example.org",
        "Fatma Kaya",
        "fatma@example.org",
        "Stadt Köln",
        samples["case"]["requester_name"],
        samples["case"]["description"],
        samples["case"]["title"],
        *NOTES.values(),
        "rief an",
    ]
    assert [secret for secret in secrets if secret.casefold() in folded] == []
    for number in ("+4915112345678", MEHMET_DIGITS, "+491709876543", "1709876543"):
        assert number not in dump


def test_erasure_takes_the_person_out_of_every_case_file(
    mediation_app, client, as_, files, stored_texts, relay_outbox
):
    db = mediation_app.extensions["dialog_db"]
    admin = as_("admin")
    first = f"/api/v1/cases/{files['first']['case_id']}"
    relay_outbox(db)  # the session's invitation, naming him, was sent: its outbox row is swept
    figures = client.get("/api/v1/figures", headers=admin).json
    assert any(_holds_mehmet(value) for value in stored_texts(db))

    request = _request(email="MEHMET@example.org", phone="0151 12345678")
    deliver(db, HANDLERS, "registrations.erasure.requested", request)

    assert [value for value in stored_texts(db) if _holds_mehmet(value)] == []
    (answer,) = outbox_messages(db, "mediation.erasure.completed")
    assert answer["data"]["request_id"] == str(request["request_id"])
    erased = answer["data"]["erased"]
    assert erased == {"parties": 2, "cases": 1, "notes": 3, "outbox": 1, "dead_letters": 0}
    assert client.get("/api/v1/figures", headers=admin).json == figures

    parties = {p["id"]: p for p in client.get(f"{first}/parties", headers=admin).json}
    him = parties[files["first"]["party_id"]]
    assert (him["name"], him["email"], him["phone"], him["role"]) == (
        ERASED,
        None,
        None,
        "Vorstand der Gemeinde",
    )
    assert parties[files["fatma"]["id"]]["email"] == "fatma@example.org"  # others untouched
    assert sorted(p["name"] for p in parties.values()) == [ERASED, "Fatma Kaya", "Stadt Köln"]
    notes = client.get(f"{first}/notes", headers=admin).json
    bodies = [n["body"] for n in notes if n["kind"] == "note"]
    assert bodies == [REDACTED, REDACTED, NOTES["about_her"]]
    assert all(n["redacted_at"] for n in notes if n["body"] == REDACTED)
    second = f"/api/v1/cases/{files['second']['case_id']}"
    details = client.get(f"{second}/details", headers=admin).json
    assert details["title"] == f"Saalstreit mit {ERASED}"
    assert details["description"] == f"Erreichbar unter {ERASED}, abends."
    assert details["requester_name"] == "Ayşe Yılmaz"  # she asked for help; she stays
    trail = [e["action"] for e in client.get("/api/v1/audit", headers=admin).json]
    assert (trail.count("note.redacted"), trail.count("party.erased")) == (3, 2)
    assert "case.redacted" in trail

    def files_now():
        return [client.get(f"{first}/{part}", headers=admin).json for part in ("parties", "notes")]

    before = files_now()
    deliver(db, HANDLERS, "registrations.erasure.requested", request)  # asked again
    again = outbox_messages(db, "mediation.erasure.completed")[-1]["data"]["erased"]
    assert again == dict.fromkeys(erased, 0)
    after = files_now()
    assert after[0] == before[0] and after[1][: len(before[1])] == before[1]  # reads are noted

    for statement in ("UPDATE timeline_entry SET body = NULL", "DELETE FROM timeline_entry"):
        with pytest.raises(DBAPIError, match="append-only"), db.transaction() as session:
            session.execute(text(statement))


def test_export_holds_the_persons_entries_only(mediation_app, files, samples):
    db = mediation_app.extensions["dialog_db"]
    deliver(db, HANDLERS, "registrations.export.requested", _request(phone="+491709876543"))

    (answer,) = outbox_messages(db, "mediation.export.completed")
    assert "Fatma" not in str(answer["sealed"])  # the document travels sealed
    (party,) = answer["data"]["document"]["records"]["parties"]
    assert party["case_reference"] == files["first"]["reference"]
    assert (party["name"], party["role"], party["phone"]) == (
        "Fatma Kaya",
        "Nachbarin",
        "+491709876543",
    )
    (session,) = party["sessions"]
    assert session["place"] == samples["session"]["place"]
    assert session["starts_at"] == "2027-03-01T16:00:00+00:00"
    content = str(answer["data"])
    for other in ("Mehmet", "mehmet@example.org", "Stadt Köln", "Ayşe", "Saal", "Freitag"):
        assert other not in content
