"""A real headless browser (Debian's chromium driven by Playwright) fills the sign-up form,
sees the result page, sees the error summary when consent is missing, and reads Arabic right
to left."""

from __future__ import annotations

import pytest

from dialog_platform.testing.browser import PHONE, chromium


@pytest.fixture
def browser_page():
    with chromium() as browser:
        yield browser.new_page(viewport=PHONE)


def test_sign_up_in_a_real_browser(live_server, published_event, browser_page, sent_messages):
    event_id = published_event(capacity=10, title="Infoabend Kinder- und Jugendhilfe")
    page = browser_page
    page.goto(f"{live_server}/events/{event_id}?lang=de")
    assert page.locator("h1").inner_text() == "Infoabend Kinder- und Jugendhilfe"
    page.get_by_label("Ihr Name").fill("Hatice Kaya")
    page.get_by_label("E-Mail-Adresse").fill("hatice@example.org")
    page.get_by_label("Handynummer (freiwillig)").fill("0170 1234567")
    page.get_by_label("Sprache unserer Nachrichten an Sie").select_option("tr")
    page.get_by_label("Ich bin einverstanden").check()
    page.get_by_label("Bitte erinnern Sie mich auch per SMS").check()
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_load_state()
    assert "Ihr Platz ist bestätigt" in page.locator("#result").inner_text()
    (created,) = sent_messages("registrations.registration.created")
    assert created["data"]["participant"]["phone"] == "+491701234567"
    assert created["data"]["participant"]["sms_consent"] is True

    page.goto(f"{live_server}/events/{event_id}?lang=de")
    page.get_by_label("Ihr Name").fill("Ali Kaya")
    page.get_by_label("E-Mail-Adresse").fill("ali@example.org")
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_load_state()
    summary = page.locator("#error-summary")
    assert summary.is_visible()
    link = summary.get_by_role("link")
    assert link.count() == 1 and "Zustimmung" in link.inner_text()
    link.click()
    assert page.evaluate("document.activeElement.id") == "field-consent"
    assert len(sent_messages("registrations.registration.created")) == 1

    page.goto(f"{live_server}/events/{event_id}?lang=ar")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    assert page.get_by_label("البريد الإلكتروني").is_visible()
