"""A real headless browser subscribes in Arabic (right to left) on the public page and sees
that a confirm link was mailed."""

from __future__ import annotations

from .test_registrations_browser_form import browser_page  # noqa: F401 (the fixture)


def test_subscribe_in_arabic_in_a_real_browser(
    live_server,
    published_event,
    browser_page,  # noqa: F811
    sent_messages,
):
    published_event(type="evening_lecture", series="abendvortraege-2027")
    page = browser_page
    page.goto(f"{live_server}/subscribe/series/abendvortraege-2027?lang=ar")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("h1").inner_text() == "ابقَ على اطلاع"
    page.locator("#field-name").fill("ليلى")
    page.locator("#field-email").fill("layla@example.org")
    page.locator("#field-consent").check()
    page.screenshot(path="/tmp/reg-network-subscribe-ar.png", full_page=True)
    page.get_by_role("button").click()
    assert "أرسلنا إليك" in page.locator("#result").inner_text()
    (requested,) = sent_messages("registrations.subscription.requested")
    assert requested["data"]["subscriber"]["language"] == "ar"
