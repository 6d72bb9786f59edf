"""Round-table invitations staff can follow: the list with answers and channels, one sent
again, one more person invited; the round table's changes reach its coming meetings (a late
delegate invited, a removed one withdrawn, a cancelled meeting's invitations withdrawn); a
delegate with only a phone number accepts through the link of their invitation."""

from __future__ import annotations

import uuid

from ..conftest import click_link, event_data

ROUND_TABLE = uuid.uuid4()


def delegate(name, email=None, phone=None, language="de"):
    return {
        "delegate_id": uuid.uuid4(),
        "name": name,
        "email": email,
        "phone": phone,
        "language": language,
        "organisation_id": uuid.uuid4(),
        "organisation_name": f"Verein von {name}",
    }


def schedule(deliver_message, invitees, **event):
    meeting = event_data(type="round_table_meeting", round_table_id=ROUND_TABLE, capacity=10)
    meeting |= {"access": "invitation"} | event
    deliver_message(
        "events.round_table.meeting_scheduled",
        {
            "round_table_id": ROUND_TABLE,
            "round_table_name": "Runder Tisch Duisburg",
            "event": meeting,
            "invitees": invitees,
        },
    )
    return meeting


def snapshot(version, invitees):
    return {
        "round_table_id": ROUND_TABLE,
        "version": version,
        "round_table_name": "Runder Tisch Duisburg",
        "city": "Duisburg",
        "invitees": invitees,
    }


def test_staff_list_invitations_with_answers_resend_one_and_invite_one_more(
    registrations_app, deliver_message, sent_messages, staff_headers
):
    cem, derya = delegate("Cem", email="cem@example.org"), delegate("Derya", phone="+4917011112222")
    meeting = schedule(deliver_message, [cem, derya])
    client = registrations_app.test_client()
    url = f"/api/v1/events/{meeting['event_id']}/invitations"
    assert client.get(url).status_code == 401
    headers = staff_headers("staff")
    sent = sent_messages("registrations.invitation.sent")
    click_link(client, sent[0]["data"]["links"]["decline_url"])

    listed = client.get(url, headers=headers).json
    assert [(i["name"], i["status"], i["channels"]) for i in listed] == [
        ("Cem", "declined", ["email"]),
        ("Derya", "invited", ["sms"]),
    ]
    assert listed[0]["answered_at"] and listed[1]["answered_at"] is None
    assert "email" not in listed[0] and "phone" not in listed[1]  # channels, not addresses

    resent = client.post(f"{url}/{listed[1]['id']}/resend", headers=headers)
    assert resent.status_code == 200 and resent.json["resent_at"]
    again = sent_messages("registrations.invitation.sent")[-1]["data"]
    assert again["resent"] is True and again["invitation_id"] == listed[1]["id"]
    assert again["invitee"]["phone"] == "+4917011112222"
    refused = client.post(f"{url}/{listed[0]['id']}/resend", headers=headers)
    assert refused.status_code == 409 and "declined" in refused.json["message"]
    assert client.post(f"{url}/{uuid.uuid4()}/resend", headers=headers).status_code == 404

    person = {"name": "Fatma", "phone": "0170 3334444", "language": "tr"}
    invited = client.post(url, json=person, headers=headers)
    assert invited.status_code == 201, invited.json
    assert invited.json["channels"] == ["sms"] and invited.json["source"] == "staff"
    assert client.post(url, json=person | {"name": "F."}, headers=headers).status_code == 200
    latest = sent_messages("registrations.invitation.sent")[-1]["data"]
    assert latest["invitee"]["phone"] == "+491703334444" and latest["resent"] is False
    assert latest["round_table_name"] == "Runder Tisch Duisburg"
    nobody = client.post(url, json={"name": "X"}, headers=headers)
    assert nobody.status_code == 422 and "phone number" in str(nobody.json)
    unknown = client.post(url, json=person | {"colour": "red"}, headers=headers)
    assert unknown.status_code == 422


def test_staff_cannot_invite_to_an_event_that_is_no_round_table_meeting(
    registrations_app, published_event, staff_headers
):
    event_id = published_event()
    answer = registrations_app.test_client().post(
        f"/api/v1/events/{event_id}/invitations",
        json={"name": "Ali", "email": "ali@example.org"},
        headers=staff_headers("admin"),
    )
    assert answer.status_code == 409 and "round table" in answer.json["message"]


def test_round_table_changes_reach_its_coming_meetings(
    registrations_app, deliver_message, sent_messages
):
    cem, derya, emre = (
        delegate("Cem", "cem@example.org"),
        delegate("Derya", "d@example.org"),
        (delegate("Emre", phone="+4917055556666")),
    )
    first = schedule(deliver_message, [cem, derya])
    second = schedule(deliver_message, [cem, derya])
    assert len(sent_messages("registrations.invitation.sent")) == 4

    later = snapshot(5, [cem, emre])  # Derya's organisation left, Emre's joined
    deliver_message("events.round_table.updated", later)
    deliver_message("events.round_table.updated", later)  # redelivered: nothing more
    deliver_message("events.round_table.updated", snapshot(4, [cem, derya]))  # older
    sent = sent_messages("registrations.invitation.sent")
    new = [(m["data"]["invitee"]["name"], m["data"]["event"]["event_id"]) for m in sent[4:]]
    assert sorted(new) == sorted(
        [("Emre", str(first["event_id"])), ("Emre", str(second["event_id"]))]
    )
    cancelled = sent_messages("registrations.invitation.cancelled")
    assert sorted(m["data"]["event"]["event_id"] for m in cancelled) == sorted(
        [str(first["event_id"]), str(second["event_id"])]
    )
    assert {m["data"]["invitee"]["name"] for m in cancelled} == {"Derya"}
    assert {m["data"]["reason"] for m in cancelled} == {"delegate_removed"}
    withdrawn = cancelled[0]["data"]["invitation_id"]
    (derya_sent,) = [m for m in sent if m["data"]["invitation_id"] == withdrawn]
    client = registrations_app.test_client()
    refused = click_link(client, derya_sent["data"]["links"]["accept_url"], consent="true")
    assert refused.status_code == 409

    deliver_message("events.round_table.updated", snapshot(6, [cem, derya, emre]))  # back
    assert len(sent_messages("registrations.invitation.sent")) == 8

    deliver_message(
        "events.event.cancelled",
        first | {"version": 3, "status": "cancelled", "reason": "Der Saal ist belegt."},
    )
    ended = sent_messages("registrations.invitation.cancelled")[2:]
    assert {m["data"]["reason"] for m in ended} == {"meeting_cancelled"}
    assert {m["data"]["event"]["event_id"] for m in ended} == {str(first["event_id"])}
    assert len(ended) == 3


def test_a_delegate_with_only_a_phone_number_accepts_through_the_link(
    registrations_app, deliver_message, sent_messages, staff_headers
):
    emre = delegate("Emre", phone="+4917055556666", language="tr")
    meeting = schedule(deliver_message, [emre])
    (invitation,) = sent_messages("registrations.invitation.sent")
    assert invitation["data"]["invitee"]["email"] is None
    client = registrations_app.test_client()
    link = invitation["data"]["links"]["accept_url"]
    page = client.get("/" + link.split("/", 3)[3])
    assert page.status_code == 200 and 'name="consent"' in page.get_data(as_text=True)
    accepted = click_link(client, link, consent="true")
    assert accepted.status_code == 200, accepted.get_data(as_text=True)

    (created,) = sent_messages("registrations.registration.created")
    assert created["data"]["status"] == "confirmed"
    assert created["data"]["participant"]["email"] is None
    assert created["data"]["participant"]["phone"] == "+4917055556666"
    (registration,) = client.get(
        f"/api/v1/events/{meeting['event_id']}/registrations", headers=staff_headers("staff")
    ).json
    assert registration["phone"] == "+4917055556666" and registration["source"] == "invitation"


def test_a_delegate_with_a_new_address_gets_the_open_invitation_there(
    registrations_app, deliver_message, sent_messages, staff_headers
):
    cem, derya = delegate("Cem", email="cem@exmaple.org"), delegate("Derya", "d@example.org")
    meeting = schedule(deliver_message, [cem, derya])
    client = registrations_app.test_client()
    (to_cem, to_derya) = sent_messages("registrations.invitation.sent")
    click_link(client, to_derya["data"]["links"]["decline_url"])

    corrected = cem | {"email": "cem@example.org", "name": "Cem Yıldız"}
    moved = derya | {"email": "derya@example.org"}
    deliver_message("events.round_table.updated", snapshot(7, [corrected, moved]))
    deliver_message("events.round_table.updated", snapshot(7, [corrected, moved]))  # again
    (again,) = sent_messages("registrations.invitation.sent")[2:]  # the declined one stays
    assert again["data"]["invitation_id"] == to_cem["data"]["invitation_id"]
    assert again["data"]["resent"] is True
    assert (again["data"]["invitee"]["email"], again["data"]["invitee"]["name"]) == (
        "cem@example.org",
        "Cem Yıldız",
    )
    assert again["data"]["links"] == to_cem["data"]["links"]  # the links sent before still work

    renamed = corrected | {"name": "Cem Y.", "email": "CEM@example.org", "language": "tr"}
    deliver_message("events.round_table.updated", snapshot(8, [renamed, moved]))
    assert len(sent_messages("registrations.invitation.sent")) == 3  # the same address
    url = f"/api/v1/events/{meeting['event_id']}/invitations"
    listed = client.get(url, headers=staff_headers("staff")).json
    assert [(i["name"], i["status"]) for i in listed] == [
        ("Cem Y.", "invited"),
        ("Derya", "declined"),
    ]
