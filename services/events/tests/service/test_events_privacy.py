"""Delegates and contact persons are kept encrypted (the dump of the database holds none of
their names, addresses or numbers), and a person's erasure and export requests are answered
through the real handlers: erased everywhere in the database, others untouched, the answer in
the outbox, again without effect; the export holds that person's entries only."""

import re
import uuid

import pytest

from dialog_events.messaging.handlers import HANDLERS
from dialog_platform.privacy import PersonKeys
from dialog_platform.testing.messages import deliver, outbox_messages

AYSE = {"name": "Ayşe Yılmaz", "email": "Ayse.Yilmaz@Example.org", "phone": "+4915112345678"}
OTHERS = [
    {"name": "Mehmet Kaya", "email": "mehmet@example.org", "phone": "+491709876543"},
    {"name": "Hasan Çelik", "email": "hasan@example.org", "phone": "0203 1234567"},
]
#: Ways her number may have been written, and its digits as any format holds them.
AYSE_PHONE = ("+4915112345678", "015112345678", "0151 12345678", "0151 1234 5678")
AYSE_DIGITS = "15112345678"


@pytest.fixture
def directory(client, staff_headers, new_organisation, new_round_table):
    """Ayşe is a contact person of DITIB Marxloh and its delegate to two round tables (on one
    of them with her address in capitals); Hasan is the cemevi's contact person and Mehmet a
    delegate beside her."""
    headers = staff_headers("staff")
    mosque = new_organisation(
        contact_persons=[
            {
                "name": AYSE["name"],
                "role": "Vorstand",
                "email": AYSE["email"],
                "phone": AYSE_PHONE[2],
            }
        ]
    )
    cemevi = new_organisation(
        name="Cemevi Duisburg",
        kind="alevi_congregation",
        contact_persons=[{**OTHERS[1], "role": "Dede", "announcements_consent": True}],
    )
    tables = [new_round_table(name="Runder Tisch Marxloh"), new_round_table(name="RT Hamborn")]
    ayse_delegate = {k: AYSE[k] for k in ("name", "email", "phone")} | {"language": "tr"}
    members = []
    for table, email in zip(tables, (AYSE["email"], AYSE["email"].upper()), strict=True):
        delegates = [ayse_delegate | {"email": email}, OTHERS[0] | {"role": "Imam"}]
        joined = client.post(
            f"/api/v1/round-tables/{table['id']}/members",
            json={"organisation_id": mosque["id"], "delegates": delegates},
            headers=headers,
        )
        assert joined.status_code == 201, joined.json
        members.append(joined.json)
    return {"mosque": mosque, "cemevi": cemevi, "tables": tables, "members": members}


def _request(**person) -> dict:
    return {"request_id": uuid.uuid4(), **PersonKeys.of(**person).as_data()}


def _holds_ayse(value: str) -> bool:
    folded = value.casefold()
    return (
        "ayşe" in folded
        or "yılmaz" in folded
        or AYSE["email"].casefold() in folded
        or AYSE_DIGITS in re.sub(r"\D", "", value)
    )


def test_the_database_holds_no_name_address_or_number_in_clear(
    events_app, directory, database_dump
):
    settings = events_app.config["DIALOG_SETTINGS"]
    dump = database_dump(settings.database_url)
    assert "contact_person" in dump and "gAAAAA" in dump  # the rows are there, encrypted
    folded = dump.casefold()
    for person in (AYSE, *OTHERS):
        assert person["name"].casefold() not in folded
        assert person["email"].casefold() not in folded
    for written in (*AYSE_PHONE, "+491709876543", "+492031234567", "0203 1234567"):
        assert written not in dump
    assert AYSE_DIGITS not in dump


def test_the_api_shows_contact_persons_and_delegates_in_clear(client, staff_headers, directory):
    headers = staff_headers("staff")
    cemevi = client.get(f"/api/v1/organisations/{directory['cemevi']['id']}", headers=headers)
    (hasan,) = cemevi.json["contact_persons"]
    assert (hasan["name"], hasan["phone"]) == ("Hasan Çelik", "+492031234567")
    assert hasan["announcements_consent"] is True and hasan["announcements_consented_at"]
    table = client.get(f"/api/v1/round-tables/{directory['tables'][0]['id']}", headers=headers)
    names = [d["name"] for d in table.json["memberships"][0]["delegates"]]
    assert names == ["Ayşe Yılmaz", "Mehmet Kaya"]  # in the order staff gave them


def test_erasure_removes_the_person_everywhere_and_only_them(
    events_app, client, staff_headers, directory, stored_texts, relay_outbox
):
    db = events_app.extensions["dialog_db"]
    headers = staff_headers("staff")
    marxloh = f"/api/v1/round-tables/{directory['tables'][0]['id']}"
    meeting = {"starts_at": "2031-06-12T17:30:00+02:00", "ends_at": "2031-06-12T19:30:00+02:00"}
    assert client.post(f"{marxloh}/meetings", json=meeting, headers=headers).status_code == 201
    relay_outbox(db)  # the invitation naming her was sent; its outbox row is swept
    assert any(_holds_ayse(value) for value in stored_texts(db))

    request = _request(email="ayse.yilmaz@example.org", phone="0151 12345678")
    deliver(db, HANDLERS, "registrations.erasure.requested", request)

    assert not [value for value in stored_texts(db) if _holds_ayse(value)]
    (answer,) = outbox_messages(db, "events.erasure.completed")
    assert answer["data"]["request_id"] == str(request["request_id"])
    assert answer["data"]["erased"] == {
        "delegates": 2,
        "contact_persons": 1,
        "outbox": 3,  # the invitation, and each round table's update naming her when she joined
        "dead_letters": 0,
    }
    updates = [m["data"] for m in outbox_messages(db, "events.round_table.updated")]
    told = [u for u in updates if u["round_table_id"] == directory["tables"][0]["id"]][-1]
    assert [i["name"] for i in told["invitees"]] == ["Mehmet Kaya"]
    shown = client.get(marxloh, headers=headers).json
    assert len(shown["memberships"]) == 1  # the membership and its history stay
    assert [d["name"] for d in shown["memberships"][0]["delegates"]] == ["Mehmet Kaya"]
    mosque = client.get(f"/api/v1/organisations/{directory['mosque']['id']}", headers=headers)
    assert mosque.json["contact_persons"] == []
    cemevi = client.get(f"/api/v1/organisations/{directory['cemevi']['id']}", headers=headers)
    assert [p["email"] for p in cemevi.json["contact_persons"]] == ["hasan@example.org"]

    scheduled = client.post(f"{marxloh}/meetings", json=meeting, headers=headers)
    assert scheduled.status_code == 201
    invitation = outbox_messages(db, "events.round_table.meeting_scheduled")[-1]
    assert [i["name"] for i in invitation["data"]["invitees"]] == ["Mehmet Kaya"]

    def directory_now():
        paths = [
            marxloh,
            *(f"/api/v1/organisations/{directory[k]['id']}" for k in ("mosque", "cemevi")),
        ]
        return [client.get(path, headers=headers).json for path in paths]

    before = directory_now()
    deliver(db, HANDLERS, "registrations.erasure.requested", request)  # asked again
    again = outbox_messages(db, "events.erasure.completed")[-1]
    assert again["data"]["erased"] == dict.fromkeys(answer["data"]["erased"], 0)
    assert directory_now() == before


def test_export_holds_the_persons_entries_only(events_app, directory):
    db = events_app.extensions["dialog_db"]
    request = _request(phone="0151 12345678")
    deliver(db, HANDLERS, "registrations.export.requested", request)

    (answer,) = outbox_messages(db, "events.export.completed")
    assert "Ayşe" not in str(answer["sealed"])  # the document travels sealed
    records = answer["data"]["document"]["records"]
    delegates, (contact,) = records["delegates"], records["contact_persons"]
    assert sorted(d["round_table"]["name"] for d in delegates) == [
        "RT Hamborn",
        "Runder Tisch Marxloh",
    ]
    assert {d["email"] for d in delegates} == {AYSE["email"], AYSE["email"].upper()}
    assert {d["organisation"]["name"] for d in delegates} == {"DITIB Marxloh"}
    since, until = delegates[0]["member_since"], delegates[0]["member_until"]
    assert "T" in since and since.endswith("+00:00") and until is None  # ISO 8601
    assert (contact["name"], contact["phone"], contact["role"]) == (
        "Ayşe Yılmaz",
        "+4915112345678",
        "Vorstand",
    )
    assert contact["announcements_consented_at"] is None
    text = str(records)
    for other in OTHERS:
        assert other["name"] not in text and other["email"] not in text
