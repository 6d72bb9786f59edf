"""The public journey says everything at once: every field error in one answer (form and
JSON), JSON answers in the chosen language, the form's state before anyone types (not open yet,
closed, full, cancelled), the public list of coming events, closed round-table meetings never
listed nor open to public sign-up, result pages that keep their result in every language, a
CSRF refusal that gives the form back, and dates with their time zone."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

BAD = {"name": "", "email": "nope", "phone": "12", "consent": False}


def _csrf(page: str) -> str:
    return page.split('name="csrf_token" value="')[1].split('"')[0]


def test_every_error_is_answered_at_once_in_the_chosen_language(registrations_app, published_event):
    event_id = published_event()
    client = registrations_app.test_client()
    url = f"/api/v1/public/events/{event_id}/registrations"
    english = client.post(url, json=BAD)
    assert english.status_code == 422
    assert set(english.json["errors"]) == {"name", "email", "phone", "consent"}
    assert "phone" in english.json["message"] and "valid phone number" in english.json["message"]
    german = client.post(url, json=BAD, headers={"Accept-Language": "de-DE,de;q=0.9"})
    assert set(german.json["errors"]) == {"name", "email", "phone", "consent"}
    assert "Telefonnummer" in german.json["errors"]["phone"][0]
    assert german.json["message"].startswith("Bitte prüfen Sie diese Felder")
    turkish = client.post(f"{url}?lang=tr", json=BAD)
    assert "Lütfen" in turkish.json["message"]
    for not_an_object in ([BAD], "Ayşe", 7):  # no fields to name: says what to send
        listed = client.post(url, json=not_an_object)
        assert listed.status_code == 422 and "one JSON object" in listed.json["message"]

    page = client.get(f"/events/{event_id}?lang=en").get_data(as_text=True)
    form = {k: str(v) for k, v in BAD.items() if k != "consent"} | {"csrf_token": _csrf(page)}
    answer = client.post(f"/events/{event_id}?lang=en", data=form)
    assert answer.status_code == 422
    shown = answer.get_data(as_text=True)
    for field in ("name", "email", "phone", "consent"):
        assert f'id="{field}-error"' in shown, field


def test_the_page_says_before_anyone_types_why_it_takes_no_sign_up(
    registrations_app, published_event, deliver_message, event_snapshot
):
    client = registrations_app.test_client()
    later = published_event(registration_opens_at="2099-01-01T09:00:00+00:00")
    page = client.get(f"/events/{later}?lang=en").get_data(as_text=True)
    assert "has not opened yet" in page and 'method="post"' not in page
    assert "Thursday, 1 January 2099, 10:00 (Berlin time, UTC+1)" in page

    cancelled = event_snapshot()
    deliver_message("events.event.published", cancelled)
    deliver_message(
        "events.event.cancelled", cancelled | {"version": 3, "status": "cancelled", "reason": "x"}
    )
    answer = client.get(f"/events/{cancelled['event_id']}?lang=en")
    assert "has been cancelled" in answer.get_data(as_text=True)
    assert 'method="post"' not in answer.get_data(as_text=True)

    full = published_event(capacity=1)
    client.post(
        f"/api/v1/public/events/{full}/registrations",
        json={"name": "A", "email": "a@example.org", "consent": True},
    )
    page = client.get(f"/events/{full}?lang=en").get_data(as_text=True)
    assert "waiting list at position 1" in page and 'method="post"' in page


def test_closed_round_table_meetings_are_neither_listed_nor_open_to_the_public(
    registrations_app, published_event
):
    meeting = published_event(type="round_table_meeting", access="invitation", title="Geschlossen")
    client = registrations_app.test_client()
    answer = client.post(
        f"/api/v1/public/events/{meeting}/registrations",
        json={"name": "A", "email": "a@example.org", "consent": True},
    )
    assert answer.status_code == 409 and "by invitation only" in answer.json["message"]
    assert client.get(f"/api/v1/public/events/{meeting}").status_code == 404
    assert client.get(f"/events/{meeting}").status_code == 404
    assert "Geschlossen" not in client.get("/events").get_data(as_text=True)


def test_the_list_of_coming_events_filters_pages_and_speaks_four_languages(
    registrations_app, published_event
):
    soon = datetime.now(UTC).replace(microsecond=0) + timedelta(days=3)
    for n in range(12):
        starts = soon + timedelta(days=n)
        published_event(
            title=f"Abendvortrag {n:02d}",
            type="evening_lecture",
            languages=["de", "tr"] if n % 2 else ["de"],
            starts_at=starts.isoformat(),
            ends_at=(starts + timedelta(hours=2)).isoformat(),
        )
    published_event(title="Infoabend", type="information_event", languages=["ar"])
    published_event(
        title="Vorbei",
        starts_at="2020-01-01T10:00:00+00:00",
        ends_at="2020-01-01T12:00:00+00:00",
    )
    client = registrations_app.test_client()
    assert client.get("/").status_code == 302
    assert client.get("/").headers["Location"].endswith("/events")
    first = client.get("/events?lang=en").get_data(as_text=True)
    assert "13 events found." in first and "Vorbei" not in first
    assert first.count("Sign up for this event") == 10
    assert "Page 1 of 2" in first and 'rel="next"' in first
    second = client.get("/events?lang=en&page=2").get_data(as_text=True)
    assert second.count("Sign up for this event") == 3
    lectures = client.get("/events?lang=en&type=evening_lecture").get_data(as_text=True)
    assert "12 events found." in lectures and "Infoabend" not in lectures
    turkish = client.get("/events?lang=en&language=tr&type=evening_lecture")
    assert "6 events found." in turkish.get_data(as_text=True)
    # The language links keep the filters.
    assert "type=evening_lecture" in re.search(r'href="([^"]*lang=de[^"]*)"', lectures).group(1)
    arabic = client.get("/events?lang=ar").get_data(as_text=True)
    assert 'dir="rtl"' in arabic and "الفعاليات القادمة" in arabic
    assert "Kommende Veranstaltungen" in client.get("/events?lang=de").get_data(as_text=True)
    assert "Yaklaşan etkinlikler" in client.get("/events?lang=tr").get_data(as_text=True)
    bad = client.get("/events?lang=en&page=99999999999999999999&type=x")
    assert bad.status_code == 400 and "not valid" in bad.get_data(as_text=True).lower()


def test_result_language_links_keep_the_result_and_csrf_refusal_gives_the_form_back(
    registrations_app, published_event
):
    event_id = published_event(capacity=1)
    client = registrations_app.test_client()
    client.post(
        f"/api/v1/public/events/{event_id}/registrations",
        json={"name": "A", "email": "a@example.org", "consent": True},
    )
    page = client.get(f"/events/{event_id}?lang=en").get_data(as_text=True)
    person = {"name": "Zeynep", "email": "z@example.org", "language": "en"}
    stale = client.post(f"/events/{event_id}?lang=en", data=person | {"consent": "true"})
    assert stale.status_code == 400
    again = stale.get_data(as_text=True)
    assert 'value="Zeynep"' in again and "form had expired" in again
    assert 'name="consent" value="true" checked' not in again  # consent is given afresh
    done = client.post(
        f"/events/{event_id}?lang=en",
        data=person | {"consent": "true", "csrf_token": _csrf(page)},
    ).get_data(as_text=True)
    assert "waiting list at position 1" in done
    turkish = re.search(r'href="(/registrations/result/[^"?]+\?lang=tr)"', done).group(1)
    shown = client.get(turkish).get_data(as_text=True)
    assert "Zeynep" in shown and "bekleme listesinde" in shown.lower()
    assert "overflow-wrap: anywhere" in shown  # a long word never widens the page


def test_an_address_among_the_pages_without_a_page_is_a_page_in_the_visitors_language(
    registrations_app, published_event
):
    client = registrations_app.test_client()
    event_id = published_event()
    cut_short = client.get(f"/events/{str(event_id)[:20]}?lang=tr")  # a link broken in a mail
    assert cut_short.status_code == 404 and cut_short.mimetype == "text/html"
    assert 'lang="tr"' in cut_short.text and "Bu adreste bir sayfa yok" in cut_short.text
    nowhere = client.get("/invitations/", headers={"Accept-Language": "ar"})
    assert nowhere.status_code == 404 and 'dir="rtl"' in nowhere.text
    page = client.get(f"/events/{event_id}?lang=de").text
    token = page.split('name="csrf_token" value="')[1].split('"')[0]
    too_long = client.post(
        f"/events/{event_id}", data={"csrf_token": token, "needs": "x" * 3_000_000}
    )
    assert too_long.status_code == 413 and "Bitte kürzen Sie Ihre Angaben" in too_long.text
    api = client.get("/api/v1/public/events/not-an-id")  # the JSON API answers JSON still
    assert api.status_code == 404 and api.json["code"] == "not_found"
