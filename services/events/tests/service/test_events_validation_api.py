"""Bad input is answered with a 4xx naming the field (never a 500), every refused transition
with a 409 sentence, and nothing is stored or changed by a refused request."""

import uuid

import pytest
from sqlalchemy import func, select

from dialog_events.messaging.handlers import keep_registration_statuses
from dialog_events.models import Event


def _count_events(app) -> int:
    with app.extensions["dialog_db"].transaction() as session:
        return session.scalar(select(func.count()).select_from(Event))


@pytest.mark.parametrize(
    "changes,field",
    [
        ({"ends_at": "2031-03-06T17:00:00+01:00"}, "ends_at"),
        ({"ends_at": "2031-03-06T18:00:00+01:00"}, "ends_at"),
        ({"registration_closes_at": "2031-03-06T18:30:00+01:00"}, "registration_closes_at"),
        ({"registration_opens_at": "2031-03-05T13:00:00+01:00"}, "registration_opens_at"),
        ({"capacity": -1}, "capacity"),
        ({"capacity": 1.5}, "capacity"),
        ({"type": "picnic"}, "type"),
        ({"starts_at": "2031-03-06T18:00:00"}, "starts_at"),
        ({"ends_at": "2031-03-06T20:00:00"}, "ends_at"),
        ({"registration_closes_at": "2031-03-05T12:00:00"}, "registration_closes_at"),
        ({"starts_at": "next thursday"}, "starts_at"),
        ({"title": ""}, "title"),
        ({"online_url": "javascript:alert(1)"}, "online_url"),
        ({"reminder_plan": [{"channel": "pigeon", "minutes_before": 60}]}, "reminder_plan"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_bad_input_names_the_field(events_app, client, staff_headers, event_body, changes, field):
    answer = client.post(
        "/api/v1/events", json=event_body | changes, headers=staff_headers("staff")
    )
    assert answer.status_code == 422, answer.json
    assert field in answer.json["errors"]
    assert field in answer.json["message"]
    assert _count_events(events_app) == 0


def test_a_change_is_checked_against_the_stored_values(
    client, staff_headers, new_event, change_event
):
    event = new_event()
    answer = change_event(event, ends_at="2031-03-06T17:59:00+01:00")
    assert answer.status_code == 422
    assert answer.json["errors"] == {"ends_at": ["The end must be after the start."]}
    assert (
        client.get(f"/api/v1/events/{event['id']}", headers=staff_headers("staff")).json["ends_at"]
        == "2031-03-06T19:00:00+00:00"
    )


def test_capacity_below_the_seats_taken_is_refused(events_app, client, staff_headers, new_event):
    event = new_event(publish=True)
    with events_app.extensions["dialog_db"].transaction() as session:
        for number, status in enumerate(["confirmed", "pending", "confirmed", "waitlisted"]):
            data = {
                "registration_id": uuid.UUID(int=number + 1),
                "version": 1,
                "status": status,
                "takes_seat": status != "waitlisted",  # as the registrations service says
                "event": {"event_id": uuid.UUID(event["id"])},
            }
            keep_registration_statuses(session, [(None, data)])
    path = f"/api/v1/events/{event['id']}"
    too_low = client.patch(path, json={"capacity": 2}, headers=staff_headers("staff"))
    assert too_low.status_code == 422
    assert too_low.json["errors"]["capacity"] == [
        "The capacity cannot be lower than the 3 seats already taken."
    ]
    assert (
        client.patch(path, json={"capacity": 3}, headers=staff_headers("staff")).status_code == 200
    )


def test_an_older_registration_message_does_not_undo_a_newer_one(events_app):
    event_id, registration_id = uuid.uuid4(), uuid.uuid4()
    db = events_app.extensions["dialog_db"]
    for version, status in [(2, "cancelled"), (1, "confirmed")]:
        with db.transaction() as session:
            data = {
                "registration_id": registration_id,
                "version": version,
                "status": status,
                "takes_seat": status == "confirmed",
            }
            keep_registration_statuses(session, [(None, data | {"event": {"event_id": event_id}})])
    from dialog_events.models import RegistrationTally

    with db.transaction() as session:
        assert session.get(RegistrationTally, registration_id).status == "cancelled"


def _post(client, headers, path, **json):
    return client.post(path, json=json or None, headers=headers)


def test_every_refused_transition_says_why(client, staff_headers, new_event):
    headers = staff_headers("staff")
    draft = new_event()
    base = f"/api/v1/events/{draft['id']}"
    complete_draft = _post(client, headers, f"{base}/complete")
    assert complete_draft.status_code == 409
    assert complete_draft.json["message"] == "An event that is draft cannot become completed."

    no_reason = client.post(f"{base}/cancel", json={}, headers=headers)
    assert no_reason.status_code == 422 and "reason" in no_reason.json["errors"]
    blank_reason = _post(client, headers, f"{base}/cancel", reason="")
    assert blank_reason.status_code == 422 and "reason" in blank_reason.json["errors"]

    assert _post(client, headers, f"{base}/cancel", reason="Raum fehlt").status_code == 200
    for action, json in [("publish", None), ("complete", None), ("cancel", {"reason": "x"})]:
        refused = client.post(f"{base}/{action}", json=json, headers=headers)
        assert refused.status_code == 409, action
        assert refused.json["code"] == "transition_refused"
    edit = client.patch(base, json={"title": "Neu"}, headers=headers)
    assert edit.status_code == 409
    assert edit.json["message"] == "An event that is cancelled cannot be changed."

    published = new_event(publish=True)
    path = f"/api/v1/events/{published['id']}"
    assert _post(client, headers, f"{path}/publish").status_code == 409
    early = _post(client, headers, f"{path}/complete")
    assert early.status_code == 409
    assert early.json["message"] == "An event can be marked completed only after it has ended."


def test_a_past_published_event_completes_and_then_stays_completed(
    client, staff_headers, new_event
):
    headers = staff_headers("admin")
    event = new_event(
        publish=True,
        starts_at="2020-01-09T18:00:00+01:00",
        ends_at="2020-01-09T20:00:00+01:00",
        registration_closes_at=None,
    )
    base = f"/api/v1/events/{event['id']}"
    done = _post(client, headers, f"{base}/complete")
    assert done.status_code == 200 and done.json["status"] == "completed"
    for action, json in [("publish", None), ("complete", None), ("cancel", {"reason": "x"})]:
        assert client.post(f"{base}/{action}", json=json, headers=headers).status_code == 409
    assert client.patch(base, json={"title": "x"}, headers=headers).status_code == 409


def test_unknown_event_is_a_404_sentence(client, staff_headers):
    answer = client.get(f"/api/v1/events/{uuid.uuid4()}", headers=staff_headers("mediator"))
    assert answer.status_code == 404
    assert answer.json["message"] == "There is no event with this id."


def test_a_mediator_may_read_but_not_plan(client, staff_headers, new_event, event_body):
    event = new_event()
    assert client.get("/api/v1/events", headers=staff_headers("mediator")).status_code == 200
    refused = client.post("/api/v1/events", json=event_body, headers=staff_headers("mediator"))
    assert refused.status_code == 403
    patch = client.patch(
        f"/api/v1/events/{event['id']}", json={"title": "x"}, headers=staff_headers("mediator")
    )
    assert patch.status_code == 403


@pytest.mark.parametrize(
    "body,content_type",
    [("title=Neu", "application/x-www-form-urlencoded"), ("Neu", "text/plain"), ("{}", None)],
)
def test_a_change_sent_as_anything_but_json_is_refused_not_ignored(
    client, staff_headers, new_event, body, content_type
):
    """A form or plain text is not read as a change of nothing answered 200: it is a 415 that
    says to send JSON, and the event stays as it was."""
    event = new_event(publish=True)
    answer = client.patch(
        f"/api/v1/events/{event['id']}",
        data=body,
        content_type=content_type,
        headers=staff_headers("staff"),
    )
    assert answer.status_code == 415
    assert answer.json["message"] == "Please send JSON (Content-Type: application/json)."
    stored = client.get(f"/api/v1/events/{event['id']}", headers=staff_headers("staff")).json
    assert (stored["title"], stored["version"]) == (event["title"], event["version"])


def test_a_title_with_a_lone_surrogate_is_a_400_sentence_not_a_500(
    client, staff_headers, new_event
):
    """``"\\ud800"`` is valid JSON but no text: the input guard refuses it before the database
    would fail to encode it, and the event stays as it was."""
    event = new_event()
    answer = client.patch(
        f"/api/v1/events/{event['id']}",
        data='{"title": "Abend \\ud800"}',
        content_type="application/json",
        headers=staff_headers("staff"),
    )
    assert (answer.status_code, answer.json["code"]) == (400, "invalid_character")
    assert "lone surrogate" in answer.json["message"]
    stored = client.get(f"/api/v1/events/{event['id']}", headers=staff_headers("staff")).json
    assert stored["title"] == event["title"]
