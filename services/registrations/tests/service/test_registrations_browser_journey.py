"""In a real browser at 390 px: the public event list (Arabic, right to left) leads to the form;
a long word never widens the page; several errors are shown at once."""

from __future__ import annotations

from .test_registrations_browser_form import browser_page  # noqa: F401 (the fixture)

LONG = "Donaudampfschifffahrtsgesellschaftskapitänsmützenabzeichenträgerversammlung" * 2


def test_event_list_to_form_with_every_error_at_once(
    live_server,
    published_event,
    browser_page,  # noqa: F811
    tmp_path,
):
    event_id = published_event(title=LONG, languages=["ar", "de"])
    page = browser_page
    page.goto(f"{live_server}/events?lang=ar")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(tmp_path / "events-ar.png"), full_page=True)
    page.goto(f"{live_server}/events?lang=en")
    page.get_by_role("link", name="Sign up for this event").first.click()
    assert page.url.startswith(f"{live_server}/events/{event_id}")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.fill("#field-email", "not an address")
    page.fill("#field-phone", "12")
    page.get_by_role("button", name="Sign up").click()
    summary = page.locator("#error-summary li")
    assert summary.count() == 4  # name, email, phone and consent in one answer
    page.screenshot(path=str(tmp_path / "form-errors.png"), full_page=True)
