"""The contact point's log: contacts with an organisation (who at the programme is the token's
subject), what is due, done; archived organisations leave the lists but keep their history."""

ORGS = "/api/v1/organisations"


def test_contacts_are_logged_and_what_is_due_is_listed(
    client, staff_headers, new_organisation, clock
):
    staff = staff_headers("staff", subject="kc-user-17")
    mosque = new_organisation(contact_persons=[{"name": "Ali Doğan", "email": "ali@example.org"}])
    cemevi = new_organisation(name="Cemevi Duisburg", kind="alevi_congregation")
    (ali,) = mosque["contact_persons"]
    path = f"{ORGS}/{mosque['id']}/contacts"
    first = client.post(
        path,
        json={
            "happened_on": "2027-02-20",
            "channel": "phone",
            "topic": "Fachtag Jugendhilfe",
            "contact_person_id": ali["id"],
            "follow_up_due": "2027-02-27",
        },
        headers=staff,
    )
    assert first.status_code == 201, first.json
    assert first.json["staff_subject"] == "kc-user-17"
    assert first.json["done"] is False and first.json["organisation_name"] == "DITIB Marxloh"
    later = {
        "happened_on": "2027-02-28",
        "channel": "visit",
        "topic": "Räume",
        "follow_up_due": "2027-03-20",
    }
    assert client.post(path, json=later, headers=staff).status_code == 201
    none_due = {"happened_on": "2027-02-28", "channel": "email", "topic": "Dank"}
    assert (
        client.post(f"{ORGS}/{cemevi['id']}/contacts", json=none_due, headers=staff).status_code
        == 201
    )

    due = client.get("/api/v1/contacts/due", headers=staff_headers("mediator"))
    assert due.status_code == 200
    assert [c["topic"] for c in due.json] == ["Fachtag Jugendhilfe"]  # today is 1 March 2027
    ahead = client.get("/api/v1/contacts/due", query_string={"until": "2027-03-31"}, headers=staff)
    assert [c["topic"] for c in ahead.json] == ["Fachtag Jugendhilfe", "Räume"]

    done = client.patch(f"{path}/{first.json['id']}", json={"done": True}, headers=staff)
    assert done.status_code == 200 and done.json["done_at"] == "2027-03-01T09:00:00+00:00"
    assert client.get("/api/v1/contacts/due", headers=staff).json == []
    logged = client.get(path, headers=staff).json
    assert [c["topic"] for c in logged] == ["Räume", "Fachtag Jugendhilfe"]  # latest first


def test_bad_contacts_are_refused_with_sentences(client, staff_headers, new_organisation):
    staff = staff_headers("staff")
    mosque = new_organisation()
    other = new_organisation(name="Andere", contact_persons=[{"name": "Fremd"}])
    path = f"{ORGS}/{mosque['id']}/contacts"
    bad = client.post(
        path, json={"happened_on": "gestern", "channel": "fax", "topic": ""}, headers=staff
    )
    assert bad.status_code == 422
    assert set(bad.json["errors"]) == {"happened_on", "channel", "topic"}
    stranger = {
        "happened_on": "2027-02-20",
        "channel": "phone",
        "topic": "x",
        "contact_person_id": other["contact_persons"][0]["id"],
    }
    refused = client.post(path, json=stranger, headers=staff)
    assert refused.status_code == 422
    assert refused.json["errors"]["contact_person_id"] == [
        "There is no contact person with this id at this organisation."
    ]
    ok = {"happened_on": "2027-02-20", "channel": "phone", "topic": "x"}
    assert client.post(path, json=ok).status_code == 401
    assert client.post(path, json=ok, headers=staff_headers("mediator")).status_code == 403
    missing = client.post(f"{ORGS}/{mosque['id']}/contacts/x", json=ok, headers=staff)
    assert missing.status_code in (404, 405)
    unknown = client.patch(f"{path}/{other['id']}", json={"done": True}, headers=staff)
    assert unknown.status_code == 404
    assert unknown.json["message"] == "There is no such contact in this organisation's log."
    late = client.get("/api/v1/contacts/due", query_string={"until": "soon"}, headers=staff)
    assert late.status_code == 422 and "until" in late.json["errors"]


def test_archived_organisations_leave_lists_but_keep_their_history(
    client, staff_headers, new_organisation, new_round_table
):
    staff = staff_headers("staff")
    gone = new_organisation(name="Alter Verein", kind="association")
    new_organisation(name="Neuer Verein", kind="association")
    contact = {"happened_on": "2027-02-20", "channel": "phone", "topic": "Abschied"}
    client.post(f"{ORGS}/{gone['id']}/contacts", json=contact, headers=staff)
    archived = client.post(f"{ORGS}/{gone['id']}/archive", headers=staff)
    assert archived.status_code == 200 and archived.json["archived_at"]

    assert [o["name"] for o in client.get(ORGS, headers=staff).json] == ["Neuer Verein"]
    every = client.get(ORGS, query_string={"archived": "true"}, headers=staff).json
    assert [o["name"] for o in every] == ["Alter Verein", "Neuer Verein"]
    assert client.get(f"{ORGS}/{gone['id']}", headers=staff).status_code == 200
    assert len(client.get(f"{ORGS}/{gone['id']}/contacts", headers=staff).json) == 1

    table = new_round_table(name="RT")
    join = client.post(
        f"/api/v1/round-tables/{table['id']}/members",
        json={"organisation_id": gone["id"], "delegates": []},
        headers=staff,
    )
    assert join.status_code == 409
    assert join.json["message"] == "Alter Verein is archived; restore it before it joins."
    restored = client.post(f"{ORGS}/{gone['id']}/restore", headers=staff)
    assert restored.status_code == 200 and restored.json["archived_at"] is None
    assert len(client.get(ORGS, headers=staff).json) == 2
    assert (
        client.post(f"{ORGS}/{gone['id']}/archive", headers=staff_headers("mediator")).status_code
        == 403
    )
