"""Round tables (members joining and leaving, delegates, meetings with minutes) and the
organisations directory (search; staff only, never public)."""

import pytest

ORGS = "/api/v1/organisations"


@pytest.fixture
def organisations(new_organisation):
    rows = [
        {
            "name": "DITIB Marxloh",
            "kind": "mosque_congregation",
            "city": "Duisburg",
            "tags": ["Jugendarbeit", "Frauen"],
            "recognition": "applied",
        },
        {
            "name": "Cemevi Duisburg",
            "kind": "alevi_congregation",
            "city": "Duisburg",
            "tags": ["jugendarbeit"],
            "recognition": "recognised",
            "contact_persons": [{"name": "Ali Doğan", "role": "Vorstand"}],
        },
        {"name": "Initiative 100% Nachbarschaft", "kind": "initiative", "city": "Essen"},
    ]
    return {row["name"]: new_organisation(**row) for row in rows}


def test_search_the_directory(client, staff_headers, organisations):
    headers = staff_headers("mediator")

    def names(**query):
        answer = client.get(ORGS, query_string=query, headers=headers)
        assert answer.status_code == 200, answer.json
        return [row["name"] for row in answer.json]

    assert names() == ["Cemevi Duisburg", "DITIB Marxloh", "Initiative 100% Nachbarschaft"]
    assert names(name="marx") == ["DITIB Marxloh"]
    assert names(name="100%") == ["Initiative 100% Nachbarschaft"]
    assert names(name="%") == ["Initiative 100% Nachbarschaft"]  # no wildcard smuggling
    assert names(kind="alevi_congregation") == ["Cemevi Duisburg"]
    assert names(city="duisburg") == ["Cemevi Duisburg", "DITIB Marxloh"]
    assert names(tag="Jugendarbeit") == ["Cemevi Duisburg", "DITIB Marxloh"]
    assert names(recognition="recognised") == ["Cemevi Duisburg"]
    assert names(tag="jugendarbeit", recognition="applied") == ["DITIB Marxloh"]
    cemevi = organisations["Cemevi Duisburg"]
    detail = client.get(f"{ORGS}/{cemevi['id']}", headers=headers).json
    assert detail["contact_persons"][0]["name"] == "Ali Doğan"
    assert detail["tags"] == ["jugendarbeit"]


def test_the_directory_is_never_public_and_mediators_only_read(
    client, staff_headers, organisations
):
    some = next(iter(organisations.values()))
    assert client.get(ORGS).status_code == 401
    assert client.get(f"{ORGS}/{some['id']}").status_code == 401
    denied = client.patch(
        f"{ORGS}/{some['id']}", json={"name": "x"}, headers=staff_headers("mediator")
    )
    assert denied.status_code == 403


@pytest.mark.parametrize(
    "body,field",
    [
        ({"name": "X", "kind": "church"}, "kind"),
        ({"kind": "initiative"}, "name"),
        ({"name": "X", "kind": "initiative", "recognition": "maybe"}, "recognition"),
        (
            {"name": "X", "kind": "initiative", "contact_persons": [{"email": "a@b.de"}]},
            "contact_persons",
        ),
    ],
)
def test_bad_organisation_input_names_the_field(client, staff_headers, body, field):
    answer = client.post(ORGS, json=body, headers=staff_headers("staff"))
    assert answer.status_code == 422
    assert field in answer.json["errors"]


def test_members_join_leave_and_rejoin_with_history(
    client, staff_headers, organisations, new_round_table
):
    headers = staff_headers("staff")
    table = new_round_table(name="Runder Tisch Marxloh", city="Duisburg-Marxloh")
    base = f"/api/v1/round-tables/{table['id']}"
    ditib = organisations["DITIB Marxloh"]
    join = {"organisation_id": ditib["id"], "delegates": [{"name": "Ayşe Yılmaz"}]}
    first = client.post(f"{base}/members", json=join, headers=headers)
    assert first.status_code == 201, first.json
    again = client.post(f"{base}/members", json=join, headers=headers)
    assert again.status_code == 409
    assert again.json["message"] == "DITIB Marxloh is already a member of this round table."

    delegates = client.put(
        f"{base}/members/{first.json['id']}/delegates",
        json={"delegates": [{"name": "Mehmet Kaya", "role": "Imam", "language": "tr"}]},
        headers=headers,
    )
    assert [d["name"] for d in delegates.json["delegates"]] == ["Mehmet Kaya"]

    left = client.delete(f"{base}/members/{first.json['id']}", headers=headers)
    assert left.status_code == 200 and left.json["left_at"] is not None
    gone = client.delete(f"{base}/members/{first.json['id']}", headers=headers)
    assert gone.status_code == 404
    assert client.post(f"{base}/members", json=join, headers=headers).status_code == 201

    shown = client.get(base, headers=staff_headers("mediator")).json
    history = [(m["organisation_name"], m["left_at"] is None) for m in shown["memberships"]]
    assert history == [("DITIB Marxloh", False), ("DITIB Marxloh", True)]  # left, then rejoined

    renamed = client.patch(base, json={"description": "Seit 2019"}, headers=headers)
    # joined, delegates replaced, left, rejoined, described: each a new version
    assert renamed.json["description"] == "Seit 2019" and renamed.json["version"] == 6
    bad = {"name": "X", "phone": "0203 12345", "language": "xx"}
    ended = client.put(
        f"{base}/members/{first.json['id']}/delegates",
        json={"delegates": [{"name": "X"}]},
        headers=headers,
    )
    assert ended.status_code == 404  # that membership has ended
    current = shown["memberships"][1]["id"]
    refused = client.put(
        f"{base}/members/{current}/delegates", json={"delegates": [bad]}, headers=headers
    )
    assert refused.status_code == 422
    assert set(refused.json["errors"]["delegates"]["0"]) == {"phone", "language"}
    unknown = {"organisation_id": table["id"], "delegates": []}
    missing = client.post(f"{base}/members", json=unknown, headers=headers)
    assert missing.status_code == 404
    assert missing.json["message"] == "There is no organisation with this id."


def test_meetings_past_and_upcoming_with_minutes(client, staff_headers, new_round_table):
    headers = staff_headers("staff")
    table = new_round_table(name="RT Essen")
    base = f"/api/v1/round-tables/{table['id']}"
    times = [
        ("2020-02-05T17:00:00+01:00", "2020-02-05T19:00:00+01:00"),
        ("2031-02-05T17:00:00+01:00", "2031-02-05T19:00:00+01:00"),
    ]
    made = [
        client.post(f"{base}/meetings", json={"starts_at": s, "ends_at": e}, headers=headers)
        for s, e in times
    ]
    assert [m.status_code for m in made] == [201, 201]
    assert made[0].json["title"] == "RT Essen" and made[0].json["status"] == "published"
    minutes = client.put(
        f"{base}/meetings/{made[0].json['id']}/minutes",
        json={"minutes": "Beschlossen: Fachtag im Mai."},
        headers=headers,
    )
    assert minutes.status_code == 200
    listed = client.get(f"{base}/meetings", headers=staff_headers("mediator")).json
    assert [m["id"] for m in listed["past"]] == [made[0].json["id"]]
    assert listed["past"][0]["minutes"] == "Beschlossen: Fachtag im Mai."
    assert [m["id"] for m in listed["upcoming"]] == [made[1].json["id"]]

    wrong_type = client.post(
        f"{base}/meetings",
        json={"type": "evening_lecture", "starts_at": times[1][0], "ends_at": times[1][1]},
        headers=headers,
    )
    assert wrong_type.status_code == 422 and "type" in wrong_type.json["errors"]
    bad_time = client.post(
        f"{base}/meetings",
        json={"starts_at": times[1][1], "ends_at": times[1][0]},
        headers=headers,
    )
    assert bad_time.status_code == 422 and "ends_at" in bad_time.json["errors"]


def test_contact_persons_keep_their_consent_across_changes(
    client, staff_headers, new_organisation, clock
):
    headers = staff_headers("staff")
    ali = {"name": "Ali Doğan", "phone": "0203 1234567", "announcements_consent": True}
    organisation = new_organisation(contact_persons=[ali])
    (recorded,) = organisation["contact_persons"]
    assert recorded["phone"] == "+492031234567"  # kept in E.164, however it was typed
    assert recorded["announcements_consented_at"] == "2027-03-01T09:00:00+00:00"

    clock.advance(days=30)
    path = f"{ORGS}/{organisation['id']}"
    shown_only = ("announcements_consented_at", "announcements_withdrawn_at")
    changed = {k: v for k, v in recorded.items() if k not in shown_only}
    answer = client.patch(
        path,
        json={"contact_persons": [{"name": "Fatma Kaya"}, changed | {"role": "Dede"}]},
        headers=headers,
    )
    assert answer.status_code == 200, answer.json
    fatma, same = answer.json["contact_persons"]
    assert (same["id"], same["role"]) == (recorded["id"], "Dede")
    assert same["announcements_consented_at"] == "2027-03-01T09:00:00+00:00"  # as first given
    assert fatma["announcements_consent"] is False and fatma["announcements_consented_at"] is None

    withdrawn = client.patch(
        path, json={"contact_persons": [same | {"announcements_consent": False}]}, headers=headers
    )
    assert withdrawn.status_code == 422  # announcements_consented_at is not for staff to set
    withdrawn = client.patch(
        path,
        json={
            "contact_persons": [{"id": same["id"], "name": "Ali", "announcements_consent": False}]
        },
        headers=headers,
    )
    assert withdrawn.json["contact_persons"][0]["announcements_consented_at"] is None

    stranger = {"id": organisation["id"], "name": "X"}
    unknown = client.patch(path, json={"contact_persons": [stranger]}, headers=headers)
    assert unknown.status_code == 422
    assert unknown.json["errors"]["contact_persons"]["0"]["id"] == [
        "There is no other contact person with this id at this organisation."
    ]
    bad = client.patch(
        path, json={"contact_persons": [{"name": "X", "phone": "call me"}]}, headers=headers
    )
    assert bad.status_code == 422
    assert bad.json["errors"]["contact_persons"]["0"]["phone"] == ["This is not a phone number."]


def test_delegates_sent_back_with_their_ids_stay_the_same_delegates(
    client, staff_headers, organisations, new_round_table
):
    """Registrations follows invitations by delegate id: adding one delegate must not turn the
    others into new people (their invitations withdrawn and sent again)."""
    headers = staff_headers("staff")
    base = f"/api/v1/round-tables/{new_round_table(name='RT Hochfeld')['id']}"
    join = {
        "organisation_id": organisations["DITIB Marxloh"]["id"],
        "delegates": [{"name": "Ayşe Yılmaz"}, {"name": "Mehmet Kaya"}],
    }
    member = client.post(f"{base}/members", json=join, headers=headers).json
    ayse, mehmet = member["delegates"]
    url = f"{base}/members/{member['id']}/delegates"

    kept = {"id": ayse["id"], "name": "Ayşe Yılmaz", "role": "Vorsitzende"}
    answer = client.put(url, json={"delegates": [{"name": "Elif Demir"}, kept]}, headers=headers)
    assert answer.status_code == 200, answer.json
    elif_, still_ayse = answer.json["delegates"]
    assert still_ayse["id"] == ayse["id"] and still_ayse["role"] == "Vorsitzende"
    assert elif_["id"] not in (ayse["id"], mehmet["id"])  # Mehmet, left out, is removed

    gone = client.put(url, json={"delegates": [{"id": mehmet["id"], "name": "M"}]}, headers=headers)
    assert gone.status_code == 422
    assert gone.json["errors"]["delegates"]["0"]["id"] == [
        "There is no other delegate with this id at this member organisation."
    ]
    twice = {"delegates": [{"id": ayse["id"], "name": "A"}, {"id": ayse["id"], "name": "B"}]}
    assert client.put(url, json=twice, headers=headers).status_code == 422
    shown = client.get(base, headers=headers).json["memberships"][0]["delegates"]
    assert [d["name"] for d in shown] == ["Elif Demir", "Ayşe Yılmaz"]  # nothing refused stored
