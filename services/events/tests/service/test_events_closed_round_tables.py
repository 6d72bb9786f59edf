"""Round-table meetings are by invitation unless staff open them: never in the public list,
feed or detail; every change of a round table is told with its current delegates; minutes are
shown as safe HTML to staff."""

from dialog_platform.testing.messages import outbox_messages

LIST = "/api/v1/public/events"
FEED = "/api/v1/public/events/calendar.ics"
MEETING = {"starts_at": "2031-06-12T17:30:00+02:00", "ends_at": "2031-06-12T19:30:00+02:00"}


def test_a_meeting_is_closed_until_staff_open_it(
    events_app, client, staff_headers, new_round_table, new_event, change_event
):
    headers = staff_headers("staff")
    table = new_round_table(name="Runder Tisch Marxloh")
    made = client.post(
        f"/api/v1/round-tables/{table['id']}/meetings", json=MEETING, headers=headers
    )
    assert made.status_code == 201 and made.json["access"] == "invitation"
    lecture = new_event(publish=True)
    assert lecture["access"] == "public"
    meeting = made.json

    assert [item["id"] for item in client.get(LIST).json["items"]] == [lecture["id"]]
    for query in ({"type": "round_table_meeting"}, {"language": "de"}, {"topic": "x"}):
        assert meeting["id"] not in str(client.get(LIST, query_string=query).json)
    assert meeting["id"] not in client.get(FEED).text
    assert meeting["id"] not in client.get(FEED, query_string={"type": "round_table_meeting"}).text
    detail = client.get(f"{LIST}/{meeting['id']}")
    assert detail.status_code == 404
    assert detail.json["message"].startswith("This event is by invitation only")
    assert client.get(f"{LIST}/{meeting['id']}/calendar.ics").status_code == 404

    db = events_app.extensions["dialog_db"]
    (scheduled,) = outbox_messages(db, "events.round_table.meeting_scheduled")
    assert scheduled["data"]["event"]["access"] == "invitation"  # registrations refuses sign-ups

    opened = change_event(meeting, access="public")
    assert opened.status_code == 200 and opened.json["access"] == "public"
    (update,) = outbox_messages(db, "events.event.updated")
    assert update["data"]["changed_fields"] == ["access"] and update["data"]["access"] == "public"
    assert update["data"]["material"] is False
    assert meeting["id"] in {item["id"] for item in client.get(LIST).json["items"]}
    assert client.get(f"{LIST}/{meeting['id']}").status_code == 200
    assert meeting["id"] in client.get(FEED).text


def test_only_a_meeting_can_be_by_invitation(new_event, change_event):
    draft = new_event()
    refused = change_event(draft, access="invitation")
    assert refused.status_code == 422
    assert refused.json["errors"]["access"] == [
        "Only a round-table meeting can be by invitation; other events are public."
    ]
    unknown = change_event(draft, access="secret")
    assert unknown.status_code == 422 and "access" in unknown.json["errors"]


def test_round_table_edits_are_told_with_the_current_delegates(
    events_app, client, staff_headers, new_round_table, new_organisation
):
    headers = staff_headers("staff")
    mosque = new_organisation()
    table = new_round_table(name="RT Marxloh", city="Duisburg")
    base = f"/api/v1/round-tables/{table['id']}"
    member = client.post(
        f"{base}/members",
        json={"organisation_id": mosque["id"], "delegates": [{"name": "Ayşe Yılmaz"}]},
        headers=headers,
    ).json
    client.put(
        f"{base}/members/{member['id']}/delegates",
        json={"delegates": [{"name": "Mehmet Kaya", "language": "tr", "phone": "+4915112345678"}]},
        headers=headers,
    )
    assert client.patch(base, json={"name": "RT Marxloh-Nord"}, headers=headers).status_code == 200
    assert (
        client.patch(base, json={"name": "RT Marxloh-Nord"}, headers=headers).json["version"] == 4
    )
    db = events_app.extensions["dialog_db"]
    told = [m["data"] for m in outbox_messages(db, "events.round_table.updated")]
    assert [(t["version"], t["round_table_name"]) for t in told] == [
        (2, "RT Marxloh"),
        (3, "RT Marxloh"),
        (4, "RT Marxloh-Nord"),  # the unchanged second rename told nothing
    ]
    assert [i["name"] for i in told[0]["invitees"]] == ["Ayşe Yılmaz"]
    (mehmet,) = told[2]["invitees"]
    assert (mehmet["name"], mehmet["phone"], mehmet["language"]) == (
        "Mehmet Kaya",
        "+4915112345678",
        "tr",
    )
    assert mehmet["organisation_id"] == mosque["id"] and told[2]["city"] == "Duisburg"


def test_minutes_are_shown_as_safe_html_to_staff(client, staff_headers, new_round_table):
    headers = staff_headers("staff")
    table = new_round_table(name="RT Essen")
    base = f"/api/v1/round-tables/{table['id']}"
    meeting = client.post(f"{base}/meetings", json=MEETING, headers=headers).json
    written = (
        "# Beschlüsse\n\n- **Fachtag** im Mai\n\n<script>alert(1)</script> [x](javascript:alert(1))"
    )
    path = f"{base}/meetings/{meeting['id']}/minutes"
    assert client.put(path, json={"minutes": written}, headers=headers).status_code == 200

    shown = client.get(path, headers=staff_headers("mediator"))
    assert shown.status_code == 200
    assert shown.json["minutes"] == written
    html = shown.json["minutes_html"]
    assert "<h1>Beschlüsse</h1>" in html and "<strong>Fachtag</strong>" in html
    assert "<script" not in html and "href" not in html  # no tag, no javascript: link
    assert "&lt;script&gt;" in html  # raw HTML is shown as text, not run
    assert client.get(path).status_code == 401
    other = new_round_table(name="RT Duisburg")
    wrong = client.get(
        f"/api/v1/round-tables/{other['id']}/meetings/{meeting['id']}/minutes", headers=headers
    )
    assert wrong.status_code == 404
    assert wrong.json["message"] == "This event is not a meeting of this round table."
