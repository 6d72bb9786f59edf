"""Check-in only from shortly before the start (REGISTRATIONS_CHECKIN_BEFORE_MINUTES, 60) to
the end of the event's day in Berlin; undoable (``checked_in`` with status confirmed again);
every refusal a sentence."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from dialog_registrations.domain.checkin import check_in_window


def test_the_window_runs_from_an_hour_before_to_midnight_in_berlin():
    starts = datetime(2027, 3, 1, 17, 0, tzinfo=UTC)  # 18:00 in Berlin
    opens, closes = check_in_window(starts, starts + timedelta(hours=3), timedelta(minutes=60))
    assert opens == datetime(2027, 3, 1, 16, 0, tzinfo=UTC)
    assert closes == datetime(2027, 3, 1, 23, 0, tzinfo=UTC)  # midnight in Berlin (UTC+1)


def _event(published_event, starts: datetime):
    return published_event(
        starts_at=starts.isoformat(), ends_at=(starts + timedelta(hours=2)).isoformat()
    )


def test_check_in_is_refused_days_ahead_allowed_at_the_door_and_undoable(
    registrations_app, published_event, staff_headers, sent_messages
):
    client = registrations_app.test_client()
    headers = staff_headers("staff")
    now = datetime.now(UTC).replace(microsecond=0)

    def seat(event_id):
        answer = client.post(
            f"/api/v1/events/{event_id}/registrations",
            json={"name": "Hatice", "email": "h@example.org", "consent": True},
            headers=headers,
        )
        return answer.json["registration_id"]

    def check(registration_id, status):
        url = f"/api/v1/registrations/{registration_id}/check-in"
        return client.post(url, json={"status": status}, headers=headers)

    early = seat(_event(published_event, now + timedelta(days=3)))
    refused = check(early, "attended")
    assert refused.status_code == 409 and refused.json["code"] == "check_in_refused"
    assert "60 minutes before" in refused.json["message"]
    assert sent_messages("registrations.registration.checked_in") == []

    door = seat(_event(published_event, now + timedelta(minutes=45)))
    assert check(door, "attended").json["status"] == "attended"
    undone = client.post(f"/api/v1/registrations/{door}/check-in/undo", headers=headers)
    assert undone.status_code == 200
    assert (undone.json["status"], undone.json["checked_in_at"]) == ("confirmed", None)
    messages = sent_messages("registrations.registration.checked_in")
    assert [m["data"]["status"] for m in messages] == ["attended", "confirmed"]
    assert messages[1]["data"]["takes_seat"] is True

    anonymous = client.post(f"/api/v1/registrations/{door}/check-in/undo")
    assert anonymous.status_code == 401
