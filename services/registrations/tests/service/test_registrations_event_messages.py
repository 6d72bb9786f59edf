"""The registrations service follows the events service's messages: a raised capacity promotes
the waiting, a cancelled event cancels every registration with its reason, a scheduled
round-table meeting invites each delegate once, and an accepted invitation takes a seat."""

from __future__ import annotations

import uuid


def test_capacity_raised_promotes_and_cancelled_event_cancels_all(
    registrations_app, deliver_message, sent_messages, event_snapshot
):
    data = event_snapshot(capacity=1)
    deliver_message("events.event.published", data)
    client = registrations_app.test_client()
    url = f"/api/v1/public/events/{data['event_id']}/registrations"
    ids = [
        client.post(
            url, json={"name": f"P{n}", "email": f"p{n}@example.org", "consent": True}
        ).json["registration_id"]
        for n in range(3)
    ]
    updated = data | {
        "version": 3,
        "capacity": 2,
        "changed_fields": ["capacity"],
        "material": False,
    }
    deliver_message("events.event.updated", updated)
    deliver_message("events.event.updated", updated | {"version": 1, "capacity": 50})  # older
    promoted = sent_messages("registrations.registration.promoted")
    assert [m["data"]["registration_id"] for m in promoted] == [ids[1]]
    shown = client.get(f"/api/v1/public/events/{data['event_id']}").json
    assert shown["capacity"] == 2 and shown["venue"]["name"] == "Gemeindezentrum"

    deliver_message(
        "events.event.cancelled",
        data | {"version": 4, "status": "cancelled", "reason": "Der Raum ist nicht verfügbar."},
    )
    cancelled = sent_messages("registrations.registration.cancelled")
    assert sorted(m["data"]["registration_id"] for m in cancelled) == sorted(ids)
    assert {m["data"]["cancelled_by"] for m in cancelled} == {"event_cancelled"}
    assert {m["data"]["reason"] for m in cancelled} == {"Der Raum ist nicht verfügbar."}
    refused = client.post(url, json={"name": "Q", "email": "q@example.org", "consent": True})
    assert refused.status_code == 409 and "cancelled" in refused.json["message"]


def test_meeting_invitations_are_sent_once_and_answered_by_link(
    registrations_app, deliver_message, sent_messages, event_snapshot
):
    event = event_snapshot(type="round_table_meeting", capacity=1)
    delegates = [
        {
            "delegate_id": uuid.uuid4(),
            "name": name,
            "email": f"{name.lower()}@example.org",
            "language": lang,
            "organisation_id": uuid.uuid4(),
            "organisation_name": "Alevitische Gemeinde",
        }
        for name, lang in [("Cem", "tr"), ("Derya", "xx"), ("Emre", "de")]
    ]
    meeting = {
        "round_table_id": uuid.uuid4(),
        "round_table_name": "Runder Tisch Köln-Mülheim",
        "event": event,
        "invitees": delegates,
    }
    deliver_message("events.round_table.meeting_scheduled", meeting)
    deliver_message("events.round_table.meeting_scheduled", meeting)  # again: no new invitations
    sent = sent_messages("registrations.invitation.sent")
    assert [m["data"]["invitee"]["name"] for m in sent] == ["Cem", "Derya", "Emre"]
    assert sent[1]["data"]["invitee"]["language"] == "de"
    assert sent[0]["data"]["links"]["accept_url"].startswith(
        "http://127.0.0.1:8002/invitations/accept/"
    )

    client = registrations_app.test_client()

    def click(message, action):
        path = message["data"]["links"][f"{action}_url"].removeprefix("http://127.0.0.1:8002")
        opened = client.get(path)
        page = opened.get_data(as_text=True)
        if 'name="csrf_token"' not in page:
            return opened  # a used link's page says at once that it is done
        token = page.split('name="csrf_token" value="')[1].split('"')[0]
        consent = {"consent": "true"} if action == "accept" else {}  # the page's checkbox
        return client.post(path, data={"csrf_token": token} | consent)

    assert click(sent[0], "accept").status_code == 200
    assert "zaten kabul etmiştiniz" in click(sent[0], "accept").get_data(as_text=True)
    assert click(sent[1], "decline").status_code == 200
    declined_then = click(sent[1], "accept")  # says why at once, with no button to press
    assert declined_then.status_code == 409 and 'method="post"' not in declined_then.text
    assert "Sie haben diese Einladung bereits abgelehnt" in declined_then.text
    accepted_then = click(sent[0], "decline")
    assert accepted_then.status_code == 409 and "iptal bağlantısını" in accepted_then.text
    click(sent[2], "accept")

    answered = sent_messages("registrations.invitation.answered")
    assert [m["data"]["answer"] for m in answered] == ["accepted", "declined", "accepted"]
    created = sent_messages("registrations.registration.created")
    assert [m["data"]["status"] for m in created] == ["confirmed", "waitlisted"]
    assert answered[0]["data"]["registration_id"] == created[0]["data"]["registration_id"]


def test_a_withdrawn_invitation_says_so_on_its_page_and_to_its_button(
    registrations_app, deliver_message, sent_messages, event_snapshot
):
    event = event_snapshot(type="round_table_meeting")
    delegate = {
        "delegate_id": uuid.uuid4(),
        "name": "Leyla",
        "email": "leyla@example.org",
        "language": "ar",
        "organisation_id": uuid.uuid4(),
        "organisation_name": "Moscheegemeinde",
    }
    meeting = {"round_table_id": uuid.uuid4(), "round_table_name": "RT", "event": event}
    deliver_message("events.round_table.meeting_scheduled", meeting | {"invitees": [delegate]})
    client = registrations_app.test_client()
    (sent,) = sent_messages("registrations.invitation.sent")
    accept = sent["data"]["links"]["accept_url"].removeprefix("http://127.0.0.1:8002")
    page = client.get(accept).text
    token = page.split('name="csrf_token" value="')[1].split('"')[0]
    deliver_message(
        "events.event.cancelled", event | {"version": 3, "status": "cancelled", "reason": "x"}
    )

    for answer in (client.get(accept), client.post(accept, data={"csrf_token": token})):
        assert answer.status_code == 409 and 'method="post"' not in answer.text
        assert "تم سحب هذه الدعوة" in answer.text
