"""Announcing an event to the directory: organisations picked by tag, city or activity; their
contact persons who agreed get it in their language (sealed); once per announcement id; the
unsubscribe link of one (as notifications tells) leaves the person out of the next."""

import uuid
from datetime import UTC, datetime, timedelta

from dialog_events.messaging.handlers import HANDLERS
from dialog_platform.testing.messages import deliver, outbox_messages


def test_an_event_is_announced_once_to_those_who_agreed(
    events_app, client, staff_headers, new_event, new_organisation
):
    staff = staff_headers("staff", subject="kc-user-3")
    agreed = {"announcements_consent": True}
    mosque = new_organisation(
        tags=["Jugendarbeit"],
        contact_persons=[
            {"name": "Ayşe Yılmaz", "email": "ayse@example.org", "language": "tr"} | agreed,
            {"name": "Ohne Zustimmung", "email": "nein@example.org"},
            {"name": "Ohne Kanal"} | agreed,
        ],
    )
    new_organisation(
        name="Cemevi Essen",
        kind="alevi_congregation",
        city="Essen",
        activities=["youth_work"],
        contact_persons=[{"name": "Ali Doğan", "phone": "0201 1234567"} | agreed],
    )
    new_organisation(
        name="Sportverein",
        kind="association",
        activities=["sport"],
        contact_persons=[{"name": "Nicht gemeint", "email": "x@example.org"} | agreed],
    )
    gone = new_organisation(
        name="Archiviert",
        kind="association",
        tags=["jugendarbeit"],
        contact_persons=[{"name": "Archiv", "email": "a@example.org"} | agreed],
    )
    client.post(f"/api/v1/organisations/{gone['id']}/archive", headers=staff)
    event = new_event(publish=True, type="qualification_workshop")
    path = f"/api/v1/events/{event['id']}/announcements"
    body = {
        "announcement_id": str(uuid.uuid4()),
        "tags": ["jugendarbeit"],
        "activities": ["youth_work"],
    }
    # tags AND activities: nobody has both; tags alone, then activities alone
    first = client.post(path, json=body | {"activities": []}, headers=staff)
    assert first.status_code == 201, first.json
    assert (first.json["organisations_count"], first.json["recipients_count"]) == (1, 1)
    assert first.json["staff_subject"] == "kc-user-3"
    again = client.post(path, json=body | {"activities": []}, headers=staff)
    assert again.status_code == 200 and again.json == first.json  # answered, not resent

    second = {"announcement_id": str(uuid.uuid4()), "activities": ["youth_work"]}
    assert client.post(path, json=second, headers=staff).status_code == 201

    db = events_app.extensions["dialog_db"]
    sent = outbox_messages(db, "events.event.announced")
    assert len(sent) == 2
    (ayse,) = sent[0]["data"]["recipients"]
    assert (ayse["name"], ayse["email"], ayse["language"]) == (
        "Ayşe Yılmaz",
        "ayse@example.org",
        "tr",
    )
    assert ayse["organisation_name"] == "DITIB Marxloh"
    assert ayse["contact_person_id"] == mosque["contact_persons"][0]["id"]
    assert "Ayşe" not in str(sent[0]["sealed"])  # the recipients travel sealed
    assert sent[0]["data"]["event"]["event_id"] == event["id"]
    assert sent[0]["data"]["signup_url"].endswith(f"/events/{event['id']}")
    (ali,) = sent[1]["data"]["recipients"]
    assert (ali["phone"], ali["language"]) == ("+492011234567", "de")
    listed = client.get(path, headers=staff_headers("mediator")).json
    assert [a["announcement_id"] for a in listed] == [
        body["announcement_id"],
        second["announcement_id"],
    ]


def test_announcements_are_refused_with_sentences(
    client, staff_headers, new_event, new_round_table
):
    staff = staff_headers("staff")
    draft = new_event()
    body = {"announcement_id": str(uuid.uuid4()), "tags": ["x"]}
    refused = client.post(f"/api/v1/events/{draft['id']}/announcements", json=body, headers=staff)
    assert refused.status_code == 409
    assert refused.json["message"] == (
        "Only a published public event that has not ended can be announced."
    )
    event = new_event(publish=True)
    path = f"/api/v1/events/{event['id']}/announcements"
    nothing = client.post(path, json={"announcement_id": str(uuid.uuid4())}, headers=staff)
    assert nothing.status_code == 422
    assert nothing.json["errors"]["tags"] == [
        "Pick the organisations by at least one tag, city or activity."
    ]
    bad = client.post(path, json={"activities": ["knitting"]}, headers=staff)
    assert bad.status_code == 422 and set(bad.json["errors"]) == {"announcement_id", "activities"}
    assert client.post(path, json=body, headers=staff).status_code == 201
    other = new_event(publish=True, title="Anderes")
    reused = client.post(f"/api/v1/events/{other['id']}/announcements", json=body, headers=staff)
    assert reused.status_code == 409
    assert reused.json["message"] == "This announcement id was used for another event."
    assert client.post(path, json=body).status_code == 401
    assert client.post(path, json=body, headers=staff_headers("mediator")).status_code == 403


def test_the_unsubscribe_link_of_an_announcement_ends_the_consent_until_staff_record_it_again(
    events_app, client, staff_headers, new_event, new_organisation
):
    staff, db = staff_headers("staff"), events_app.extensions["dialog_db"]
    agreed = {"announcements_consent": True}
    organisation = new_organisation(
        tags=["jugendarbeit"],
        contact_persons=[
            {"name": "Derya Şahin", "email": "derya@example.org"} | agreed,
            {"name": "Emre Kılıç", "email": "emre@example.org"} | agreed,
        ],
    )
    derya, emre = organisation["contact_persons"]
    event = new_event(publish=True, type="qualification_workshop")
    path = f"/api/v1/events/{event['id']}/announcements"

    def announce() -> list[str]:
        body = {"announcement_id": str(uuid.uuid4()), "tags": ["jugendarbeit"]}
        assert client.post(path, json=body, headers=staff).status_code == 201
        sent = outbox_messages(db, "events.event.announced")[-1]
        return sorted(person["name"] for person in sent["data"]["recipients"])

    def unsubscribed(person: dict, at: datetime) -> None:
        stopped = {"contact_person_id": person["id"], "stopped_at": at.isoformat()}
        deliver(db, HANDLERS, "notifications.announcements.stopped", stopped, consumer="events")

    assert announce() == ["Derya Şahin", "Emre Kılıç"]
    unsubscribed(derya, datetime.now(UTC))
    unsubscribed(derya, datetime.now(UTC))  # a second click: nothing more to do
    unsubscribed({"id": str(uuid.uuid4())}, datetime.now(UTC))  # no longer in the directory
    assert announce() == ["Emre Kılıç"]
    shown = client.get(f"/api/v1/organisations/{organisation['id']}", headers=staff).json
    assert [p["announcements_consent"] for p in shown["contact_persons"]] == [False, True]
    withdrawn = [p["announcements_withdrawn_at"] for p in shown["contact_persons"]]
    assert withdrawn[0] is not None and withdrawn[1] is None  # when Derya did, for staff to see

    # Derya agrees again on the phone and staff record it: an unsubscribe from before stays
    # in the past (a message late on its way must not undo it)
    again = [derya | agreed, emre]
    for person in again:
        person.pop("announcements_consented_at", None)
        person.pop("announcements_withdrawn_at", None)
    changed = client.patch(
        f"/api/v1/organisations/{organisation['id']}",
        json={"contact_persons": again},
        headers=staff,
    )
    assert changed.status_code == 200, changed.json
    assert changed.json["contact_persons"][0]["announcements_withdrawn_at"] is None
    unsubscribed(derya, datetime.now(UTC) - timedelta(hours=1))
    assert announce() == ["Derya Şahin", "Emre Kılıç"]
