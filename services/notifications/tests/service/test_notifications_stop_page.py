"""The stop-reminders link as people and mail programs use it: the page names the event, a GET
never acts, the button and a mail program's one-click POST (RFC 8058) stop the reminders, an
unknown link answers in the language asked for only; in a real browser at a phone's 390 px the
page fits and axe finds no violation."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from dialog_notifications.models import Delivery, Recipient
from dialog_platform.testing.axe import assert_accessible
from dialog_platform.testing.browser import PHONE, chromium
from dialog_platform.testing.serving import served


def _stop_path(db) -> str:
    with db.transaction() as session:
        token = session.scalar(select(Recipient.stop_token))
    return f"/api/v1/reminders/stop/{token}"


def _reminder_statuses(db) -> set[str]:
    with db.transaction() as session:
        rows = session.scalars(select(Delivery).where(Delivery.kind == "reminder"))
        return {row.status.value for row in rows}


def test_a_get_names_the_event_and_changes_nothing(confirm, app, db):
    confirm(language="en")
    client = app.test_client()
    for _ in range(3):  # a scanner and a preview opening it
        page = client.get(_stop_path(db))
        assert page.status_code == 200
    looked_at = client.head(_stop_path(db))  # a link checker's HEAD: the page, not a sign-in
    assert (looked_at.status_code, looked_at.mimetype) == (200, "text/html")
    html = page.get_data(as_text=True)
    assert "For “Gesprächsabend” on Saturday, March 20, 2027 at 6:00" in html
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert _reminder_statuses(db) == {"queued"}


def test_a_one_click_post_stops_the_reminders_without_any_other_token(confirm, app, db):
    confirm()
    client = app.test_client()
    answer = client.post(
        _stop_path(db),
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert answer.status_code == 200
    assert "Sie erhalten keine Erinnerungen mehr." in answer.get_data(as_text=True)
    assert _reminder_statuses(db) == {"dropped"}
    assert client.post(_stop_path(db)).status_code == 200  # a second click: already done


@pytest.mark.parametrize(
    ("asked", "expected", "absent"),
    [
        ({"query_string": {"lang": "en"}}, "This link is not valid (any more).", "Erinnerung"),
        ({"headers": {"Accept-Language": "tr-TR,tr;q=0.9"}}, "Bu bağlantı", "link is not"),
        ({"headers": {"Accept-Language": "fr"}}, "Diese Verknüpfung", "link is not"),
    ],
)
def test_an_unknown_link_answers_in_the_language_asked_for_only(app, asked, expected, absent):
    answer = app.test_client().get("/api/v1/reminders/stop/unknown-token", **asked)
    html = answer.get_data(as_text=True)
    assert answer.status_code == 404
    assert expected in html and absent not in html


@pytest.fixture
def live_server(app):
    with served(app) as url:
        yield url


@pytest.fixture
def phone_page():
    with chromium() as browser:
        yield browser.new_page(viewport=PHONE)


def _fits_and_passes_axe(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(page)


@pytest.mark.parametrize("language", ["de", "ar"])
def test_the_stop_page_on_a_phone(confirm, db, live_server, phone_page, language):
    confirm(language=language, title="Ein sehr langer Veranstaltungstitel" + "ohneLeerzeichen" * 8)
    page = phone_page
    page.goto(live_server + _stop_path(db))
    assert page.evaluate("document.documentElement.dir") == ("rtl" if language == "ar" else "ltr")
    _fits_and_passes_axe(page)
    page.get_by_role("button").click()
    page.wait_for_load_state()
    assert page.locator("form").count() == 0
    _fits_and_passes_axe(page)
    assert _reminder_statuses(db) == {"dropped"}
    page.goto(live_server + "/api/v1/reminders/stop/unknown?lang=" + language)
    _fits_and_passes_axe(page)
