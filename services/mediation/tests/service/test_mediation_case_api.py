"""Cases through the API: references, status changes with outcome and reason, the notes
timeline with corrections, parties from the organisations directory, and the messages written."""

from dialog_platform.testing.messages import outbox_messages


def _status(client, headers, case_id, **body):
    return client.post(f"/api/v1/cases/{case_id}/status", json=body, headers=headers)


def test_references_count_up_per_year(client, as_, samples):
    refs = [
        client.post(
            "/api/v1/cases", json=samples["case"] | {"opened_on": day}, headers=as_("staff")
        ).json["reference"]
        for day in ("2027-01-05", "2027-06-01", "2028-01-02")
    ]
    assert refs == ["M-2027-001", "M-2027-002", "M-2028-001"]


def test_walk_through_the_workflow(mediation_app, client, as_, make_case):
    ids = make_case()
    case_id, mediator = ids["case_id"], as_("mediator", "med-1")

    refused = _status(client, mediator, case_id, status="resolved", outcome="no_agreement")
    assert refused.status_code == 409
    assert refused.json["message"] == "A case that is new cannot become resolved."
    assert _status(client, mediator, case_id, status="in_progress").json["status"] == "in_progress"
    assert _status(client, mediator, case_id, status="on_hold").status_code == 200
    assert _status(client, mediator, case_id, status="in_progress").status_code == 200

    no_outcome = _status(client, mediator, case_id, status="resolved")
    assert no_outcome.status_code == 422
    assert "outcome" in no_outcome.json["errors"]
    resolved = _status(client, mediator, case_id, status="resolved", outcome="partial_agreement")
    assert resolved.json["outcome"] == "partial_agreement"
    assert resolved.json["resolved_on"] is not None

    closed = _status(client, mediator, case_id, status="closed")
    assert closed.json["status"] == "closed"
    no_reason = _status(client, mediator, case_id, status="in_progress")
    assert no_reason.status_code == 422
    assert "reason" in no_reason.json["errors"]
    reopened = _status(client, mediator, case_id, status="in_progress", reason="Neuer Streit.")
    assert reopened.json["status"] == "in_progress"
    assert reopened.json["outcome"] is None and reopened.json["closed_on"] is None

    bad = _status(client, mediator, case_id, status="archived")
    assert bad.status_code == 422 and "status" in bad.json["errors"]

    messages = outbox_messages(mediation_app.extensions["dialog_db"])
    assert [m["type"] for m in messages] == ["mediation.case.opened", "mediation.case.closed"]
    closed_msg = messages[1]["data"]
    assert set(closed_msg) == {"case_id", "case_reference", "closed_on"}  # no personal data

    timeline = client.get(f"/api/v1/cases/{case_id}/notes", headers=mediator).json
    changes = [entry["body"] for entry in timeline if entry["kind"] == "status_change"]
    assert len(changes) == 6
    assert changes[-1] == "Status: closed -> in_progress. Reason: Neuer Streit."


def test_notes_are_append_only_and_corrections_point_back(client, as_, make_case):
    ids = make_case()
    case_id, mediator = ids["case_id"], as_("mediator", "med-1")
    url = f"/api/v1/cases/{case_id}/notes"
    first = client.post(
        url, json={"kind": "phone_call", "body": "Anruf am 12.2."}, headers=mediator
    )
    assert first.status_code == 201
    fix = {"kind": "note", "body": "Anruf war am 13.2.", "corrects_id": first.json["id"]}
    correction = client.post(url, json=fix, headers=mediator)
    assert correction.status_code == 201
    assert correction.json["corrects_id"] == first.json["id"]
    stranger = client.post(
        url, json=fix | {"corrects_id": "00000000-0000-4000-8000-000000000000"}, headers=mediator
    )
    assert stranger.status_code == 422 and "corrects_id" in stranger.json["errors"]

    entries = client.get(url, headers=mediator).json
    assert [e["body"] for e in entries] == ["Anruf am 12.2.", "Anruf war am 13.2."]
    assert entries[0]["author_name"] == "med-1"
    for method in ("put", "patch", "delete"):
        assert (
            getattr(client, method)(f"{url}/{first.json['id']}", headers=as_("admin")).status_code
            == 404
        )
        assert getattr(client, method)(url, headers=as_("admin")).status_code == 405


def test_party_from_the_directory_and_input_errors(mediation_app, client, as_, make_case):
    from dialog_mediation.models import OrganisationCopy

    ids = make_case()
    url = f"/api/v1/cases/{ids['case_id']}/parties"
    with mediation_app.extensions["dialog_db"].transaction() as session:
        session.add(
            OrganisationCopy(
                id=ids["case_id"],
                version=1,
                name="DITIB Köln",
                kind="mosque_congregation",
                city="Köln",
            )
        )
    body = {"kind": "organisation", "organisation_id": ids["case_id"], "role": "Mieterin"}
    party = client.post(url, json=body, headers=as_("admin"))
    assert party.status_code == 201
    assert party.json["name"] == "DITIB Köln"

    unknown = client.post(
        url, json=body | {"organisation_id": ids["party_id"]}, headers=as_("admin")
    )
    assert unknown.status_code == 422 and "organisation_id" in unknown.json["errors"]
    nameless = client.post(url, json={"kind": "person", "role": "Nachbar"}, headers=as_("admin"))
    assert nameless.status_code == 422 and "name" in nameless.json["errors"]
    bad_mail = client.post(
        url, json={"kind": "person", "name": "X", "role": "Y", "email": "no"}, headers=as_("admin")
    )
    assert bad_mail.status_code == 422 and "email" in bad_mail.json["errors"]
    parties = client.get(url, headers=as_("admin")).json
    assert sorted(p["name"] for p in parties) == ["DITIB Köln", "Mehmet Demir"]


def test_party_numbers_are_kept_in_e164(client, as_, make_case):
    ids = make_case()
    url = f"/api/v1/cases/{ids['case_id']}/parties"
    person = {"kind": "person", "name": "Fatma Kaya", "role": "Nachbarin"}
    added = client.post(url, json=person | {"phone": "0170 987 65 43"}, headers=as_("admin"))
    assert added.status_code == 201 and added.json["phone"] == "+491709876543"
    bad = client.post(url, json=person | {"phone": "abends"}, headers=as_("admin"))
    assert bad.status_code == 422
    assert bad.json["errors"]["phone"] == ["This is not a phone number."]
