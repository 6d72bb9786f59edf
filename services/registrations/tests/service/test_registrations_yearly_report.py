"""The yearly report on a seeded year equals the hand-counted figures, suppresses counts of
fewer than REGISTRATIONS_MIN_CELL people, needs an admin, and stays the same after erasures
(the distinct participants are counted from marks that hold no address)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from dialog_registrations.models import ParticipantMark

from ..conftest import event_data


def at(month: int, day: int = 10, year: int = 2027) -> dict:
    starts = datetime(year, month, day, 17, 0, tzinfo=UTC)
    return {"starts_at": starts.isoformat(), "ends_at": (starts + timedelta(hours=2)).isoformat()}


def test_the_yearly_report_is_hand_counted_suppressed_and_unchanged_after_erasure(
    registrations_app, published_event, deliver_message, sent_messages, staff_headers, clock
):
    clock.now = datetime.now(UTC)
    client = registrations_app.test_client()
    staff, admin = staff_headers("staff"), staff_headers("admin")

    def register(event_id, email, phone=None):
        answer = client.post(
            f"/api/v1/events/{event_id}/registrations",
            json={"name": email.split("@")[0], "email": email, "phone": phone, "consent": True},
            headers=staff,
        )
        assert answer.status_code == 201, answer.json
        return answer.json["registration_id"]

    info = published_event(type="information_event", capacity=20, **at(3))
    lecture = published_event(type="evening_lecture", capacity=None, **at(3, 24))
    people = [register(info, f"p{n}@example.org") for n in range(6)]
    clock.now = datetime(2027, 3, 10, 16, 30, tzinfo=UTC)  # at the door, before the start
    for n, registration in enumerate(people):
        status = "no_show" if n == 5 else "attended"
        client.post(
            f"/api/v1/registrations/{registration}/check-in", json={"status": status}, headers=staff
        )
    clock.now = datetime.now(UTC)
    register(lecture, "P0@Example.org")  # the same person as at the information event
    register(lecture, "q1@example.org", phone="0170 9998877")
    gone = register(lecture, "q2@example.org")
    client.post(f"/api/v1/registrations/{gone}/cancel", json={"reason": "krank"}, headers=staff)
    published_event(type="information_event", capacity=30, **at(12, 10, 2026))  # other year
    register(published_event(type="evening_lecture", capacity=5, **at(5)), "x@example.org")
    deliver_message(  # that May lecture was cancelled: not held
        "events.event.cancelled",
        event_data(**at(5))
        | {
            "event_id": published_event(type="evening_lecture", **at(5)),
            "version": 9,
            "status": "cancelled",
            "reason": "Ausfall",
        },
    )
    meeting = event_data(type="round_table_meeting", capacity=10, **at(4)) | {
        "round_table_id": uuid.uuid4()
    }
    deliver_message(
        "events.round_table.meeting_scheduled",
        {
            "round_table_id": meeting["round_table_id"],
            "round_table_name": "Runder Tisch Hamm",
            "event": meeting,
            "invitees": [
                {
                    "delegate_id": uuid.uuid4(),
                    "name": name,
                    "email": f"{name}@example.org",
                    "organisation_id": uuid.uuid4(),
                    "organisation_name": "Moscheegemeinde",
                }
                for name in ("cem", "derya", "emre")
            ],
        },
    )
    for n, message in enumerate(sent_messages("registrations.invitation.sent")):
        action = "decline" if n == 2 else "accept"
        path = message["data"]["links"][f"{action}_url"].split("/", 3)[3]
        page = client.get(f"/{path}").get_data(as_text=True)
        token = page.split('name="csrf_token" value="')[1].split('"')[0]
        assert (
            client.post(f"/{path}", data={"csrf_token": token, "consent": "true"}).status_code
            == 200
        )

    url = "/api/v1/reports/yearly?year=2027"
    assert client.get(url).status_code == 401
    assert client.get(url, headers=staff).status_code == 403
    assert client.get("/api/v1/reports/yearly?year=soon", headers=admin).status_code == 422
    before = client.get(url, headers=admin).json
    cells = {(c["type"], c["month"]): c for c in before["by_type_and_month"]}
    assert set(cells) == {
        ("information_event", "2027-03"),
        ("evening_lecture", "2027-03"),
        ("round_table_meeting", "2027-04"),
        ("evening_lecture", "2027-05"),
    }
    assert cells["information_event", "2027-03"] | {} == {
        "type": "information_event",
        "month": "2027-03",
        "events": 1,
        "unlimited_events": 0,
        "places_offered": 20,
        "places_taken": 6,
        "suppressed": False,
    }
    lecture_cell = cells["evening_lecture", "2027-03"]
    assert lecture_cell["unlimited_events"] == 1 and lecture_cell["places_taken"] is None
    assert lecture_cell["suppressed"] and cells["round_table_meeting", "2027-04"]["suppressed"]
    assert before["places_offered"] == 20 + 10 + 5
    assert before["places_taken"] == 6 + 2 + 2 + 1
    assert before["participants"] == 6 + 1 + 2 + 1  # p0 counted once
    assert before["attendance"] == {"attended": 5, "no_show": None, "rate": round(5 / 6, 3)}
    assert before["invitations"]["total"] is None  # three: too few to show
    assert {c["status"]: c["count"] for c in before["invitations"]["by_status"]} == {
        "sent": 0,
        "accepted": None,
        "declined": None,
        "cancelled": 0,
    }

    for person in (
        {"email": "p0@example.org"},
        {"email": "cem@example.org"},
        {"phone": "+491709998877"},
    ):
        erased = client.post("/api/v1/privacy/erasures", json=person, headers=admin)
        assert erased.status_code == 201, erased.json
    assert client.get(url, headers=admin).json == before
    db = registrations_app.extensions["dialog_db"]
    with db.transaction() as session:
        marks = session.scalars(select(ParticipantMark.mark)).all()
    assert len(marks) == 3 and not any("example" in mark for mark in marks)
