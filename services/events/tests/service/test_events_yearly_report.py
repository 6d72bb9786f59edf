"""The funder's yearly report on a seeded year: the figures equal hand-counted ones (Berlin
months and year boundary, drafts and cancelled events left out), counts of organisations and
contacts below EVENTS_MIN_CELL suppressed, no personal data, unchanged after an erasure."""

import uuid
from datetime import UTC, datetime

from dialog_events.messaging.handlers import HANDLERS
from dialog_events.queries.reports import yearly
from dialog_platform.privacy import PersonKeys
from dialog_platform.testing.messages import deliver

REPORT = "/api/v1/reports/yearly"
AYSE = {"name": "Ayşe Yılmaz", "email": "ayse@example.org"}


def _event(new_event, event_type, starts, ends, capacity=None, publish=True, **more):
    times = {"starts_at": starts, "ends_at": ends, "registration_closes_at": None}
    return new_event(publish=publish, type=event_type, capacity=capacity, **times, **more)


def _seed(client, staff_headers, new_event, new_organisation, new_round_table) -> dict:
    staff = staff_headers("staff")
    # Held in 2027 (Berlin): 3 in January (one at 00:30 on New Year's night, still 2026 in
    # UTC), 1 in February and 1 in June (the meetings), 1 in March.
    _event(
        new_event, "information_event", "2027-01-01T00:30:00+01:00", "2027-01-01T01:30:00+01:00", 10
    )
    _event(
        new_event, "evening_lecture", "2027-01-20T18:00:00+01:00", "2027-01-20T20:00:00+01:00", 25
    )
    _event(
        new_event, "evening_lecture", "2027-01-27T18:00:00+01:00", "2027-01-27T20:00:00+01:00", 30
    )
    _event(
        new_event,
        "qualification_workshop",
        "2027-03-10T10:00:00+01:00",
        "2027-03-10T16:00:00+01:00",
    )
    # Not held in 2027: the last evening of 2026 (Berlin), a cancelled one, a draft.
    _event(
        new_event, "evening_lecture", "2026-12-31T23:00:00+01:00", "2026-12-31T23:59:00+01:00", 99
    )
    cancelled = _event(
        new_event, "evening_lecture", "2027-04-01T18:00:00+02:00", "2027-04-01T20:00:00+02:00", 40
    )
    client.post(f"/api/v1/events/{cancelled['id']}/cancel", json={"reason": "krank"}, headers=staff)
    _event(
        new_event,
        "evening_lecture",
        "2027-05-01T18:00:00+02:00",
        "2027-05-01T20:00:00+02:00",
        50,
        publish=False,
    )

    mosque = new_organisation(contact_persons=[AYSE])
    cemevi = new_organisation(name="Cemevi Duisburg", kind="alevi_congregation")
    verein = new_organisation(name="Verein", kind="association")
    earlier = new_organisation(name="Früher", kind="association")
    archived = new_organisation(name="Archiviert", kind="association")
    table = new_round_table(name="RT Marxloh")
    base = f"/api/v1/round-tables/{table['id']}"
    for organisation, delegates in ((mosque, [AYSE]), (cemevi, [])):  # cemevi sends nobody
        member = {"organisation_id": organisation["id"], "delegates": delegates}
        assert client.post(f"{base}/members", json=member, headers=staff).status_code == 201
    for starts, ends in (
        ("2027-02-05T17:00:00+01:00", "2027-02-05T19:00:00+01:00"),
        ("2027-06-03T17:00:00+02:00", "2027-06-03T19:00:00+02:00"),
    ):
        made = client.post(
            f"{base}/meetings", json={"starts_at": starts, "ends_at": ends}, headers=staff
        )
        assert made.status_code == 201

    ayse_id = mosque["contact_persons"][0]["id"]
    contacts = [
        *[(mosque, "phone", "2027-03-02", ayse_id)] * 2,
        *[(verein, "phone", "2027-04-02", None)] * 3,
        (verein, "email", "2027-12-31", None),
        (archived, "email", "2027-05-05", None),
        *[(verein, "visit", "2027-06-06", None)] * 6,
        (earlier, "phone", "2026-12-31", None),  # not in 2027
        (verein, "phone", "2028-01-01", None),  # not in 2027
    ]
    for organisation, channel, day, person in contacts:
        body = {
            "happened_on": day,
            "channel": channel,
            "topic": "Austausch",
            "contact_person_id": person,
        }
        answer = client.post(
            f"/api/v1/organisations/{organisation['id']}/contacts", json=body, headers=staff
        )
        assert answer.status_code == 201, answer.json
    client.post(f"/api/v1/organisations/{archived['id']}/archive", headers=staff)
    return {"mosque": mosque}


def test_the_yearly_report_on_a_seeded_year(
    events_app, client, staff_headers, new_event, new_organisation, new_round_table, clock
):
    _seed(client, staff_headers, new_event, new_organisation, new_round_table)
    clock.now = datetime(2028, 1, 15, 9, 0, tzinfo=UTC)
    db = events_app.extensions["dialog_db"]
    with db.transaction() as session:
        counted = yearly(session, 2027, min_cell=1)  # nothing suppressed: the hand count
    held = counted["events_held"]
    assert held["total"] == 6
    assert {c["type"]: c["count"] for c in held["by_type"]} == {
        "round_table_meeting": 2,
        "information_event": 1,
        "evening_lecture": 2,
        "qualification_workshop": 1,
        "other": 0,
    }
    by_month = {c["month"]: c["count"] for c in held["by_month"]}
    assert by_month == {f"2027-{m:02d}": 0 for m in range(1, 13)} | {
        "2027-01": 3,
        "2027-02": 1,
        "2027-03": 1,
        "2027-06": 1,
    }
    assert counted["places_offered"] == 10 + 25 + 30
    assert counted["events_without_seat_limit"] == 3  # the workshop and the two meetings
    assert counted["round_table_meetings_held"] == 2
    # mosque (delegate and contacts), verein, archived (contacts); not cemevi, not "Früher"
    assert counted["organisations_reached"]["total"] == 3
    assert {c["way"]: c["count"] for c in counted["organisations_reached"]["by_way"]} == {
        "round_table_delegate": 1,
        "recorded_contact": 3,
    }
    assert counted["contacts"]["total"] == 13
    assert {c["channel"]: c["count"] for c in counted["contacts"]["by_channel"]} == {
        "phone": 5,
        "email": 2,
        "visit": 6,
        "meeting": 0,
        "video": 0,
        "letter": 0,
        "other": 0,
    }

    answer = client.get(REPORT, query_string={"year": 2027}, headers=staff_headers("admin"))
    assert answer.status_code == 200, answer.json
    report = answer.json
    assert report["min_cell"] == 5 and report["events_held"] == held  # public facts, as counted
    assert report["organisations_reached"]["total"] is None  # 3 < 5
    assert all(c["suppressed"] for c in report["organisations_reached"]["by_way"])
    channels = {c["channel"]: c for c in report["contacts"]["by_channel"]}
    assert channels["email"] == {"channel": "email", "count": None, "suppressed": True}
    # the only small cell: the next smallest (phone, 5) is hidden too, so it cannot be derived
    assert channels["phone"]["suppressed"] and channels["visit"]["count"] == 6
    assert report["contacts"]["total"] == 13
    text = answer.get_data(as_text=True)
    assert "Ayşe" not in text and "ayse@" not in text and "Austausch" not in text

    request = {"request_id": uuid.uuid4(), **PersonKeys.of(email=AYSE["email"]).as_data()}
    deliver(db, HANDLERS, "registrations.erasure.requested", request)
    after = client.get(REPORT, query_string={"year": 2027}, headers=staff_headers("admin")).json
    assert after == report
    with db.transaction() as session:
        assert yearly(session, 2027, min_cell=1) == counted


def test_the_report_is_for_admins_and_asks_for_a_year(client, staff_headers):
    assert client.get(REPORT, query_string={"year": 2027}).status_code == 401
    staff = client.get(REPORT, query_string={"year": 2027}, headers=staff_headers("staff"))
    assert staff.status_code == 403
    admin = staff_headers("admin")
    missing = client.get(REPORT, headers=admin)
    assert missing.status_code == 422 and "year" in missing.json["errors"]
    odd = client.get(REPORT, query_string={"year": 1900}, headers=admin)
    assert odd.status_code == 422
    assert odd.json["errors"]["year"] == ["Please give a year from 2000 to 2100."]
