"""The screens on the four real services (each on its own PostgreSQL database): an event
created with an error shown next to its field, then created, published and moved; a participant
who signed up through the public API seen, checked in and undone, the list downloaded; API
refusals as sentences; a mediator sees her case and is refused another's; staff cannot open
case files; a service that is down leaves the rest of the start page working."""

from __future__ import annotations

import re

import requests

from dialog_platform.auth import mint_token
from dialog_platform.testing.plugin import TEST_JWT_SECRET

from ..conftest import csrf_of, open_case, post_form, signed_in, starting_soon

EVENT = {
    "type": "information_event",
    "title": "Infoabend Wohlfahrtspflege",
    "starts_at": "2027-03-14T18:00",
    "ends_at": "2027-03-14T20:00",
    "capacity": "20",
    "venue.name": "Gemeindezentrum",
    "languages": "de",
    "reminder_plan.0.channel": "email",
    "reminder_plan.0.hours": "24",
}


def _text(answer) -> str:
    return re.sub(r"\s+", " ", answer.get_data(as_text=True))


def _create_event(client, **overrides) -> str:
    answer = post_form(client, "/office/events/new", "/office/events/new", **(EVENT | overrides))
    assert answer.status_code == 302, _text(answer)
    return answer.headers["Location"].rsplit("/", 1)[1]


def test_an_event_is_created_published_and_moved(backoffice):
    sven = signed_in(backoffice, "sven")
    wrong = post_form(sven, "/office/events/new", "/office/events/new", **(EVENT | {"title": ""}))
    assert wrong.status_code == 422
    page = _text(wrong)
    assert (
        'id="error-title"' in page and 'aria-invalid="true" aria-describedby="error-title"' in page
    )
    assert '"json"' not in page and "{" not in page.split("<main")[1].split("</main>")[0]

    event_id = _create_event(sven)
    shown = _text(sven.get(f"/office/events/{event_id}?lang=de"))
    assert ("Infoabend Wohlfahrtspflege" in shown and "Entwurf" in shown) or "Draft" in shown
    assert "Sonntag, 14. März 2027, 18:00 Uhr" in shown or "Sunday 14 March 2027, 18:00" in shown

    published = post_form(sven, f"/office/events/{event_id}", f"/office/events/{event_id}/publish")
    assert published.status_code == 302
    again = post_form(sven, f"/office/events/{event_id}", f"/office/events/{event_id}/publish")
    refused = _text(sven.get(again.headers["Location"]))  # in German, as chosen above
    assert "Das geht gerade nicht, weil der aktuelle Stand es nicht erlaubt." in refused  # 409

    moved = post_form(
        sven,
        f"/office/events/{event_id}",
        f"/office/events/{event_id}/move",
        starts_at="2027-03-21T18:30",
        ends_at="2027-03-21T20:30",
    )
    assert moved.status_code == 302
    page = _text(sven.get(f"/office/events/{event_id}?lang=en"))
    assert "Sunday 21 March 2027, 18:30" in page and "Published" in page


def test_participants_check_in_undo_and_export(backoffice, platform):
    sven = signed_in(backoffice, "sven")
    event_id = _create_event(sven, **starting_soon())
    post_form(sven, f"/office/events/{event_id}", f"/office/events/{event_id}/publish")
    platform.carry()  # the event reaches registrations
    signup = requests.post(
        f"{platform.url('registrations')}/api/v1/public/events/{event_id}/registrations",
        json={"name": "Hatice Kaya", "email": "hatice@example.org", "consent": True},
        timeout=10,
    )
    assert signup.status_code == 201, signup.text
    page = _text(sven.get(f"/office/events/{event_id}/participants?lang=en&q=hatice"))
    assert "Hatice Kaya" in page

    door = sven.get(f"/office/events/{event_id}/check-in?lang=en").get_data(as_text=True)
    registration_id = re.search(r'id="r-([0-9a-f-]{36})"', door).group(1)
    action = f"/office/events/{event_id}/check-in/{registration_id}"
    arrived = sven.post(
        action, data={"csrf_token": csrf_of(door), "status": "attended", "name": "Hatice Kaya"}
    )
    assert arrived.status_code == 302
    door = _text(sven.get(f"/office/events/{event_id}/check-in?lang=en"))
    assert "Hatice Kaya is checked in." in door and "1 of 1 have arrived." in door
    undone = sven.post(
        action, data={"csrf_token": csrf_of(door), "status": "undo", "name": "Hatice Kaya"}
    )
    assert undone.status_code == 302
    door = _text(sven.get(f"/office/events/{event_id}/check-in?lang=en"))
    assert "Undone: Hatice Kaya is not checked in." in door and "0 of 1 have arrived." in door
    expected = _text(sven.get(f"/office/events/{event_id}/participants?lang=en&status=confirmed"))
    assert "Hatice Kaya" in expected  # expected again, not marked absent

    export = sven.get(f"/office/events/{event_id}/participants.csv")
    assert export.status_code == 200
    assert "attachment" in export.headers["Content-Disposition"]
    assert "Hatice Kaya" in export.get_data().decode("utf-8-sig")


def test_someone_is_registered_on_their_behalf_with_errors_next_to_the_fields(backoffice, platform):
    sven = signed_in(backoffice, "sven")
    event_id = _create_event(sven)
    post_form(sven, f"/office/events/{event_id}", f"/office/events/{event_id}/publish")
    platform.carry()
    url = f"/office/events/{event_id}/participants/new?lang=en"
    wrong = post_form(sven, url, url, name="Ali Kaya", email="not-an-address", consent="on")
    assert wrong.status_code == 422 and 'id="error-email"' in wrong.get_data(as_text=True)
    done = post_form(sven, url, url, name="Ali Kaya", email="ali@example.org", consent="on")
    assert done.status_code == 302
    assert "Ali Kaya" in _text(sven.get(f"/office/events/{event_id}/participants"))


def _open_case(platform, subject: str, title: str) -> str:
    token = mint_token(TEST_JWT_SECRET, subject, ["mediator"], name=subject.title())
    return open_case(platform.url("mediation"), token, title)


def test_a_mediator_sees_her_own_case_and_is_refused_another(backoffice, platform):
    hers = _open_case(platform, "mia", "Raumfrage Gemeindehaus")
    his = _open_case(platform, "max", "Streit um Fördermittel")
    mia = signed_in(backoffice, "mia")
    listed = _text(mia.get("/office/cases?lang=en"))
    assert "Raumfrage Gemeindehaus" in listed and "Streit um Fördermittel" not in listed
    case = _text(mia.get(f"/office/cases/{hers}?lang=en"))
    assert "Raumfrage Gemeindehaus" in case and "Cemevi Köln" in case
    note = post_form(
        mia,
        f"/office/cases/{hers}",
        f"/office/cases/{hers}/notes",
        kind="phone_call",
        body="Mit dem Vorstand telefoniert.",
    )
    assert note.status_code == 302
    assert "Mit dem Vorstand telefoniert." in _text(mia.get(f"/office/cases/{hers}"))
    refused = mia.get(f"/office/cases/{his}?lang=en")
    assert refused.status_code == 403
    assert "Not allowed" in _text(refused) and "not assigned to you" in _text(refused)


def test_staff_cannot_open_case_files(backoffice, platform):
    case_id = _open_case(platform, "mia", "Raumfrage Gemeindehaus")
    sven = signed_in(backoffice, "sven")
    for path in ("/office/cases", f"/office/cases/{case_id}"):
        refused = sven.get(f"{path}?lang=en")
        assert refused.status_code == 403 and "Not allowed" in _text(refused)
    assert 'href="/office/cases"' not in sven.get("/office/").get_data(as_text=True)


def test_a_service_that_is_down_leaves_the_rest_of_the_start_page(backoffice, platform):
    amira = signed_in(backoffice, "amira")
    assert "not available" not in _text(amira.get("/office/?lang=en"))
    platform.served["notifications"].stop()
    page = amira.get("/office/?lang=en")
    assert page.status_code == 200
    text = _text(page)
    assert "The part “Mails and text messages” is not available" in text
    assert "Events of the coming four weeks" in text and "No published event" in text
    platform.served["events"].stop()
    down = amira.get("/office/events?lang=en")
    assert down.status_code == 503
    assert "The part “Events and directory” is not available" in _text(down)
