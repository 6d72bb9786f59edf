"""In a real browser at 390 px: the public event list (Arabic, right to left) leads to the form;
a long word never widens the page; several errors are shown at once; then the sign-up, its
result, the confirm link and the cancel link of the "please confirm" message. axe-core finds
no violation on any of these pages."""

from __future__ import annotations

from dialog_platform.testing.axe import assert_accessible

from .test_registrations_browser_form import browser_page  # noqa: F401 (the fixture)

#: Links in messages start with the public URL the tests configure; the pages are served here.
PUBLIC_URL = "http://127.0.0.1:8002"

LONG = "Donaudampfschifffahrtsgesellschaftskapitänsmützenabzeichenträgerversammlung" * 2


def test_event_list_to_form_with_every_error_at_once(
    live_server,
    published_event,
    browser_page,  # noqa: F811
    sent_messages,
    tmp_path,
):
    event_id = published_event(title=LONG, languages=["ar", "de"], requires_email_confirmation=True)
    page = browser_page
    page.goto(f"{live_server}/events?lang=ar")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(tmp_path / "events-ar.png"), full_page=True)
    assert_accessible(page, "the event list in Arabic")
    page.goto(f"{live_server}/events?lang=en")
    page.get_by_role("link", name="Sign up for this event").first.click()
    assert page.url.startswith(f"{live_server}/events/{event_id}")
    assert_accessible(page, "the form")
    page.fill("#field-email", "not an address")
    page.fill("#field-phone", "12")
    page.get_by_role("button", name="Sign up").click()
    summary = page.locator("#error-summary li")
    assert summary.count() == 4  # name, email, phone and consent in one answer
    page.screenshot(path=str(tmp_path / "form-errors.png"), full_page=True)
    assert_accessible(page, "the form with its errors")

    page.fill("#field-name", "Hatice Kaya")
    page.fill("#field-email", "hatice@example.org")
    page.fill("#field-phone", "")
    page.check("#field-consent")
    page.get_by_role("button", name="Sign up").click()
    page.wait_for_load_state()
    assert_accessible(page, "the result")
    (pending,) = sent_messages("registrations.registration.created")
    assert pending["data"]["status"] == "pending"
    links = pending["data"]["links"]

    for name, url in (("confirm", links["confirm_url"]), ("cancel", links["cancel_url"])):
        page.goto(url.replace(PUBLIC_URL, live_server))
        assert_accessible(page, f"the {name} page")
        page.locator("main form button[type=submit]").first.click()
        page.wait_for_load_state()
        assert_accessible(page, f"the {name} page, done")
        page.screenshot(path=str(tmp_path / f"{name}-done.png"), full_page=True)
    (cancelled,) = sent_messages("registrations.registration.cancelled")
    assert cancelled["data"]["cancelled_by"] == "participant"
