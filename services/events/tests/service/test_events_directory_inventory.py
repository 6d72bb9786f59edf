"""The directory as the programme's inventory and needs assessment: what an organisation
offers (closed list), its people, premises and languages; needs with status and dates;
recognition as a provider of youth welfare (§ 75 SGB VIII) with its history."""

ORGS = "/api/v1/organisations"


def test_inventory_needs_and_recognition_history(client, staff_headers, new_organisation, clock):
    headers = staff_headers("staff")
    organisation = new_organisation(
        activities=["youth_work", "girls_group", "youth_work"],
        volunteers_count=12,
        paid_staff_count=1,
        premises="Gemeindesaal, 80 m², barrierefrei",
        languages=["de", "TR"],
        needs=[{"category": "premises", "description": "Raum für Jugendgruppe"}],
        recognition="applied",
        recognition_since="2027-02-15",
    )
    assert organisation["activities"] == ["girls_group", "youth_work"]
    assert (organisation["volunteers_count"], organisation["paid_staff_count"]) == (12, 1)
    assert organisation["languages"] == ["de", "tr"]
    (need,) = organisation["needs"]
    assert (need["status"], need["identified_on"], need["status_since"]) == (
        "open",
        "2027-03-01",
        "2027-03-01",
    )
    assert [(h["status"], h["since"]) for h in organisation["recognition_history"]] == [
        ("applied", "2027-02-15")
    ]

    clock.advance(days=40)
    path = f"{ORGS}/{organisation['id']}"
    changed = client.patch(
        path,
        json={
            "needs": [
                {"id": need["id"], "category": "premises", "status": "in_progress"},
                {"category": "qualification", "identified_on": "2027-04-01"},
            ],
            "recognition": "recognised",
        },
        headers=headers,
    )
    assert changed.status_code == 200, changed.json
    premises, qualification = changed.json["needs"]
    assert (premises["id"], premises["status"], premises["status_since"]) == (
        need["id"],
        "in_progress",
        "2027-04-10",
    )
    assert premises["identified_on"] == "2027-03-01"  # as first found
    assert (qualification["status"], qualification["identified_on"]) == ("open", "2027-04-01")
    assert changed.json["recognition"] == "recognised"
    assert [(h["status"], h["since"]) for h in changed.json["recognition_history"]] == [
        ("applied", "2027-02-15"),
        ("recognised", "2027-04-10"),
    ]
    same = client.patch(path, json={"recognition": "recognised"}, headers=headers)
    assert len(same.json["recognition_history"]) == 2  # no change, no step

    youth = client.get(ORGS, query_string={"activity": "youth_work"}, headers=headers).json
    assert [o["id"] for o in youth] == [organisation["id"]]
    assert client.get(ORGS, query_string={"activity": "sport"}, headers=headers).json == []


def test_bad_inventory_input_is_refused_with_sentences(client, staff_headers, new_organisation):
    headers = staff_headers("staff")
    body = {
        "name": "X",
        "kind": "initiative",
        "activities": ["knitting"],
        "volunteers_count": -1,
        "languages": ["deutsch"],
        "needs": [{"category": "money", "status": "done"}],
    }
    answer = client.post(ORGS, json=body, headers=headers)
    assert answer.status_code == 422
    assert set(answer.json["errors"]) == {"activities", "volunteers_count", "languages", "needs"}
    assert set(answer.json["errors"]["needs"]["0"]) == {"category", "status"}
    organisation = new_organisation()
    stranger = {"needs": [{"id": organisation["id"], "category": "other"}]}
    refused = client.patch(f"{ORGS}/{organisation['id']}", json=stranger, headers=headers)
    assert refused.status_code == 422
    assert refused.json["errors"]["needs"]["0"]["id"] == [
        "There is no other need with this id here."
    ]
    assert client.get(ORGS, query_string={"activity": "x"}, headers=headers).status_code == 422
    half = client.patch(
        f"{ORGS}/{organisation['id']}", json={"paid_staff_count": 1.5}, headers=headers
    )
    assert (half.status_code, half.json["errors"]) == (
        422,
        {"paid_staff_count": ["Please give a whole number."]},
    )
