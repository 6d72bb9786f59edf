"""Series, per-event SMS quiet hours, and calendar entries written by the platform's one
calendar module: the public .ics and the feed carry the event's one UID, SEQUENCE from its
version, Berlin times with a VTIMEZONE."""

from icalendar import Calendar

from dialog_platform.calendar import event_uid
from dialog_platform.testing.messages import outbox_messages

LIST = "/api/v1/public/events"
#: The second date of the series: four weeks on, in summer time, sign-up open from 10 March.
SECOND_DATE = {
    "title": "Zweiter Abend",
    "starts_at": "2031-04-03T18:00:00+02:00",
    "ends_at": "2031-04-03T20:00:00+02:00",
    "registration_opens_at": "2031-03-10T09:00:00+01:00",
    "registration_closes_at": None,
}


def test_a_new_date_of_a_series_is_in_the_published_snapshot(
    events_app, client, staff_headers, new_event, change_event
):
    headers = staff_headers("staff")
    first = new_event(publish=True, series="abendvortraege-2031", sms_quiet_hours="22:00-07:30")
    second = new_event(series="abendvortraege-2031", **SECOND_DATE)
    assert second["series"] == "abendvortraege-2031" and second["sms_quiet_hours"] is None
    client.post(f"/api/v1/events/{second['id']}/publish", headers=headers)
    db = events_app.extensions["dialog_db"]
    published = [m["data"] for m in outbox_messages(db, "events.event.published")]
    assert [(p["event_id"], p["series"]) for p in published] == [
        (first["id"], "abendvortraege-2031"),
        (second["id"], "abendvortraege-2031"),
    ]
    assert published[0]["sms_quiet_hours"] == {"start": "22:00", "end": "07:30"}
    assert published[1]["sms_quiet_hours"] is None  # the programme's setting
    assert published[1]["registration_opens_at"] == "2031-03-10T08:00:00+00:00"

    moved = change_event(
        second, registration_opens_at="2031-03-03T09:00:00+01:00", sms_quiet_hours=None
    )
    assert moved.status_code == 200, moved.json
    (update,) = outbox_messages(db, "events.event.updated")
    assert update["data"]["changed_fields"] == ["registration_opens_at"]
    assert update["data"]["series"] == "abendvortraege-2031"

    listed = client.get(LIST, query_string={"series": "abendvortraege-2031"}).json["items"]
    assert [item["id"] for item in listed] == [first["id"], second["id"]]
    assert listed[0]["series"] == "abendvortraege-2031"
    assert client.get(LIST, query_string={"series": "other"}).json["items"] == []


def test_bad_series_and_quiet_hours_are_refused_with_a_sentence(client, staff_headers, event_body):
    body = event_body | {"series": "Abend Vorträge", "sms_quiet_hours": "21-8"}
    answer = client.post("/api/v1/events", json=body, headers=staff_headers("staff"))
    assert answer.status_code == 422
    assert answer.json["errors"]["sms_quiet_hours"] == [
        'Quiet hours are written "HH:MM-HH:MM", e.g. "21:00-08:00".'
    ]
    assert answer.json["errors"]["series"][0].startswith("A series is named with lower-case")
    late = event_body | {"sms_quiet_hours": "24:00-08:00"}
    assert (
        client.post("/api/v1/events", json=late, headers=staff_headers("staff")).status_code == 422
    )


def test_the_ics_and_the_feed_share_one_uid_and_follow_the_version(client, new_event, change_event):
    event = new_event(publish=True)
    change_event(event, title="Verschoben")
    single = Calendar.from_ical(client.get(f"{LIST}/{event['id']}/calendar.ics").data)
    feed = Calendar.from_ical(client.get(f"{LIST}/calendar.ics").data)
    for calendar in (single, feed):
        (entry,) = calendar.walk("VEVENT")
        assert str(entry["uid"]) == event_uid(event["id"])
        assert entry.decoded("sequence") == 3  # draft 1, published 2, retitled 3
        assert entry["dtstart"].params["TZID"] == "Europe/Berlin"
        assert entry.decoded("dtstart").hour == 18  # on the Berlin wall clock
        (zone,) = calendar.walk("VTIMEZONE")
        assert str(zone["tzid"]) == "Europe/Berlin"
