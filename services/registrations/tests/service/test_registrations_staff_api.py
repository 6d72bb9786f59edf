"""Staff see an event's registrations by status, counts, a CSV export that German Excel opens,
register people by phone (no email confirmation), check them in and cancel with a reason."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import UTC, datetime, timedelta


def test_staff_register_list_export_check_in_and_cancel(
    registrations_app, published_event, staff_headers, sent_messages
):
    soon = datetime.now(UTC).replace(microsecond=0) + timedelta(minutes=30)  # check-in is open
    event_id = published_event(
        capacity=2,
        requires_email_confirmation=True,
        starts_at=soon.isoformat(),
        ends_at=(soon + timedelta(hours=2)).isoformat(),
    )
    client = registrations_app.test_client()
    headers = staff_headers("staff")
    base = f"/api/v1/events/{event_id}/registrations"
    people = [("Zeynep Öztürk", "=cmd|calc"), ("Jürgen Müller", "AWO Köln"), ("Samira", "")]
    answers = [
        client.post(
            base,
            json={"name": name, "email": f"s{n}@example.org", "organisation": org, "consent": True},
            headers=headers,
        )
        for n, (name, org) in enumerate(people)
    ]
    assert [a.json["status"] for a in answers] == ["confirmed", "confirmed", "waitlisted"]
    ids = [a.json["registration_id"] for a in answers]

    waiting = client.get(f"{base}?status=waitlisted", headers=headers).json
    assert [(r["name"], r["waitlist_position"]) for r in waiting] == [("Samira", 1)]
    assert client.get(f"{base}?status=nonsense", headers=headers).status_code == 422
    counts = client.get(f"{base}/counts", headers=headers).json
    assert counts["counts"]["confirmed"] == 2 and counts["seated"] == 2

    excel = client.get(f"{base}/export?variant=excel", headers=headers)
    assert excel.mimetype == "text/csv" and excel.data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(excel.data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Name" and rows[1][:2] == ["Zeynep Öztürk", "s0@example.org"]
    assert rows[1][3] == "'=cmd|calc"  # no formula runs when the file is opened
    comma = client.get(f"{base}/export?variant=comma", headers=headers)
    assert not comma.data.startswith(b"\xef\xbb\xbf")
    assert list(csv.reader(io.StringIO(comma.data.decode())))[2][0] == "Jürgen Müller"

    checked = client.post(
        f"/api/v1/registrations/{ids[0]}/check-in", json={"status": "attended"}, headers=headers
    )
    assert checked.status_code == 200 and checked.json["status"] == "attended"
    refused = client.post(
        f"/api/v1/registrations/{ids[2]}/check-in", json={"status": "no_show"}, headers=headers
    )
    assert refused.status_code == 409 and "waiting list" in refused.json["message"]

    cancel = client.post(
        f"/api/v1/registrations/{ids[1]}/cancel",
        json={"reason": "Auf eigenen Wunsch telefonisch abgesagt."},
        headers=headers,
    )
    assert cancel.json["status"] == "cancelled"
    (message,) = sent_messages("registrations.registration.cancelled")
    assert message["data"]["cancelled_by"] == "staff"
    assert message["data"]["reason"] == "Auf eigenen Wunsch telefonisch abgesagt."
    promoted = sent_messages("registrations.registration.promoted")
    assert [m["data"]["registration_id"] for m in promoted] == [ids[2]]
    checked_in = sent_messages("registrations.registration.checked_in")
    assert [m["data"]["status"] for m in checked_in] == ["attended"]

    missing = client.post(
        f"/api/v1/registrations/{uuid.uuid4()}/cancel", json={"reason": "x"}, headers=headers
    )
    assert missing.status_code == 404
    assert (
        client.get(f"/api/v1/events/{uuid.uuid4()}/registrations", headers=headers).status_code
        == 404
    )
