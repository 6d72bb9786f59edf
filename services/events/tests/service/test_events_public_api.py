"""The public API shows published events only: filtered, sorted by start, paginated with a
total; a draft or an event cancelled before publication never appears in any answer or feed."""

import uuid
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar

LIST = "/api/v1/public/events"
FEED = "/api/v1/public/events/calendar.ics"


def _uids(body: bytes) -> set[str]:
    return {str(e["uid"]).split("@")[0] for e in Calendar.from_ical(body).walk("VEVENT")}


def test_drafts_and_cancelled_drafts_are_never_public(client, staff_headers, new_event):
    draft = new_event(title="Entwurf")
    cancelled_draft = new_event(title="Abgesagter Entwurf")
    client.post(
        f"/api/v1/events/{cancelled_draft['id']}/cancel",
        json={"reason": "doch nicht"},
        headers=staff_headers("staff"),
    )
    shown = new_event(publish=True, title="Veröffentlicht")

    listed = client.get(LIST).json
    assert [item["id"] for item in listed["items"]] == [shown["id"]]
    assert listed["total"] == 1
    feed = client.get(FEED)
    assert feed.status_code == 200
    assert feed.headers["Content-Type"].startswith("text/calendar")
    assert _uids(feed.data) == {shown["id"]}
    for hidden in (draft, cancelled_draft):
        assert client.get(f"{LIST}/{hidden['id']}").status_code == 404
        assert client.get(f"{LIST}/{hidden['id']}/calendar.ics").status_code == 404
        for event_type in ("evening_lecture", "other"):
            assert hidden["id"] not in client.get(f"{FEED}?type={event_type}").text
            listed = client.get(LIST, query_string={"type": event_type}).json["items"]
            assert hidden["id"] not in {item["id"] for item in listed}


def test_cancelled_after_publication_leaves_the_list_and_is_marked_in_calendars(
    client, staff_headers, new_event
):
    event = new_event(publish=True)
    by_topic = {"topic": "wohlfahrtspflege", "language": "tr"}
    assert [i["id"] for i in client.get(LIST, query_string=by_topic).json["items"]] == [event["id"]]
    client.post(
        f"/api/v1/events/{event['id']}/cancel",
        json={"reason": "Referentin erkrankt"},
        headers=staff_headers("staff"),
    )
    assert client.get(LIST).json["items"] == []
    assert client.get(LIST, query_string=by_topic).json["items"] == []  # label copies follow
    detail = client.get(f"{LIST}/{event['id']}").json
    assert detail["status"] == "cancelled"
    entry = Calendar.from_ical(client.get(FEED).data).walk("VEVENT")[0]
    assert str(entry["status"]) == "CANCELLED"
    assert entry.decoded("sequence") == 3  # draft 1, published 2, cancelled 3


def test_filters_sorting_and_pagination(client, new_event):
    base = datetime(2031, 5, 1, 16, tzinfo=UTC)
    made = []
    for day in (3, 1, 2, 5, 4):
        starts = base + timedelta(days=day)
        made.append(
            new_event(
                publish=True,
                title=f"Tag {day}",
                type="qualification_workshop" if day % 2 else "information_event",
                starts_at=starts.isoformat(),
                ends_at=(starts + timedelta(hours=2)).isoformat(),
                registration_closes_at=None,
                languages=["de", "ar"] if day == 2 else ["de"],
                topics=["Jugendhilfe"] if day in (4, 5) else ["Ehrenamt"],
            )
        )
    page = client.get(LIST, query_string={"page_size": 2, "page": 2}).json
    assert [item["title"] for item in page["items"]] == ["Tag 3", "Tag 4"]
    assert (page["total"], page["total_exact"], page["page"]) == (5, True, 2)

    def titles(**query):
        return [item["title"] for item in client.get(LIST, query_string=query).json["items"]]

    assert titles(type="information_event") == ["Tag 2", "Tag 4"]
    assert titles(language="ar") == ["Tag 2"]
    assert titles(topic="jugendhilfe") == ["Tag 4", "Tag 5"]
    assert titles(
        **{"from": "2031-05-03T00:00:00+02:00", "until": "2031-05-05T00:00:00+02:00"}
    ) == [
        "Tag 2",
        "Tag 3",
    ]
    assert titles(topic="Jugendhilfe", type="qualification_workshop") == ["Tag 5"]
    assert titles(topic="ehrenamt", language="ar") == ["Tag 2"]
    assert titles(language="de", **{"from": "2031-05-05T00:00:00+02:00"}) == ["Tag 4", "Tag 5"]
    bad = client.get(LIST, query_string={"from": "tomorrow"})
    assert bad.status_code == 422 and "from" in bad.json["errors"]
    assert client.get(LIST, query_string={"type": "picnic"}).status_code == 422


def test_detail_shows_berlin_time_and_safe_html(client, new_event):
    event = new_event(
        publish=True,
        description="Hallo <script>alert(1)</script> **Welt** [x](javascript:alert(1))",
    )
    detail = client.get(f"{LIST}/{event['id']}").json
    assert detail["starts_at"] == "2031-03-06T17:00:00+00:00"
    assert detail["starts_at_local"] == "2031-03-06T18:00:00+01:00"
    assert detail["time_zone"] == "Europe/Berlin"
    assert "<strong>Welt</strong>" in detail["description_html"]
    assert "<script" not in detail["description_html"]
    assert 'href="javascript' not in detail["description_html"]
    assert "minutes" not in detail


def test_ics_of_an_event_moved_across_the_daylight_saving_change(client, staff_headers, new_event):
    event = new_event(publish=True)
    path = f"{LIST}/{event['id']}/calendar.ics"
    before = Calendar.from_ical(client.get(path).data).walk("VEVENT")[0]
    moved = client.patch(
        f"/api/v1/events/{event['id']}",
        json={"starts_at": "2031-04-03T18:00:00+02:00", "ends_at": "2031-04-03T20:00:00+02:00"},
        headers=staff_headers("staff"),
    )
    assert moved.status_code == 200, moved.json
    after = Calendar.from_ical(client.get(path).data).walk("VEVENT")[0]
    assert str(before["uid"]) == str(after["uid"]) == f"{event['id']}@events.dialog-platform"
    assert after.decoded("sequence") > before.decoded("sequence")
    berlin = ZoneInfo("Europe/Berlin")
    start_before, start_after = before.decoded("dtstart"), after.decoded("dtstart")
    assert start_before.astimezone(UTC) == datetime(2031, 3, 6, 17, tzinfo=UTC)
    assert start_after.astimezone(UTC) == datetime(2031, 4, 3, 16, tzinfo=UTC)
    assert start_before.astimezone(berlin).hour == start_after.astimezone(berlin).hour == 18


def test_unknown_public_event_is_404(client):
    assert client.get(f"{LIST}/{uuid.uuid4()}").status_code == 404
