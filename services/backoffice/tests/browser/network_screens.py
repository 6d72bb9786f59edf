"""The round tables and the directory in the browser (part of the back office's browser test,
driven by a signed-in admin): an organisation added (its errors next to the fields first) with
what it offers, a need and a contact person; a contact logged and seen as due; a round table
with the organisation as member and a phone-only delegate; a meeting scheduled, its invitation
seen and sent again, minutes written and shown rendered. Every screen is checked by axe at
both widths, with its folded parts open."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from playwright.sync_api import Page, expect

from dialog_platform.testing import wait_for

#: The screens this part adds to the browser test's screenshots.
SCREENS = 7


def _open_folded(page: Page) -> None:
    """Every <details> open, so that axe and the screenshot see the forms in them."""
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")


def _fill(page: Page, texts: dict[str, str], choices: dict[str, str] | None = None) -> None:
    """Fields by their id: ``texts`` typed in, ``choices`` chosen."""
    for field, text in texts.items():
        page.locator(field).fill(text)
    for field, value in (choices or {}).items():
        page.locator(field).select_option(value)


def _submit(page: Page, label: str) -> None:
    page.locator("button[type=submit]", has_text=label).click()
    page.wait_for_load_state()


def _directory(page: Page, office: str, shots) -> None:
    page.goto(f"{office}/directory/new?lang=de")
    page.locator("#f-volunteers_count").fill("viele")
    _submit(page, "Speichern")
    expect(page.locator("#error-name")).to_be_visible()  # next to its field
    expect(page.locator("#error-volunteers_count")).to_be_visible()
    shots.check(page, "organisation-form-errors")
    _fill(
        page,
        {
            "#f-name": "DITIB Moschee Marxloh",
            "#f-city": "Duisburg",
            "#f-volunteers_count": "25",
            "#f-needs-0-description": "Ein Raum für die Jugendgruppe",
            "#f-contact_persons-0-name": "Ayşe Yılmaz",
            "#f-contact_persons-0-email": "ayse@example.org",
        },
        {"#f-kind": "mosque_congregation", "#f-recognition": "applied"},
    )
    page.locator("#f-needs-0-category").select_option("premises")
    for label in ("Jugendarbeit", "Hausaufgabenhilfe", "Türkisch"):
        page.get_by_label(label).check()
    page.locator("#f-contact_persons-0-announcements_consent").check()
    _submit(page, "Speichern")
    expect(page.locator("h1")).to_have_text("DITIB Moschee Marxloh")
    expect(page.locator("#recognition-now")).to_have_text("Beantragt")

    today = datetime.now(ZoneInfo("Europe/Berlin")).date().isoformat()
    page.locator("summary", has_text="Kontakt eintragen").click()
    page.locator("#f-contact-topic").fill("Raum für die Jugendgruppe")
    page.locator("#f-contact-follow_up_due").fill(today)
    _submit(page, "Kontakt speichern")
    expect(page.locator(".flash-success")).to_have_text("Der Kontakt ist eingetragen.")
    _open_folded(page)
    shots.check(page, "organisation")
    page.goto(f"{office}/directory?lang=de&activity=youth_work")
    expect(page.get_by_role("link", name="DITIB Moschee Marxloh")).to_be_visible()
    shots.check(page, "directory")
    page.goto(f"{office}/directory/due")
    expect(page.get_by_role("table")).to_contain_text("Raum für die Jugendgruppe")
    shots.check(page, "due")


def _round_table(page: Page, office: str, shots) -> None:
    page.goto(f"{office}/round-tables?lang=de")
    page.locator("#f-name").fill("Runder Tisch Marxloh")
    page.locator("#f-city").fill("Duisburg")
    _submit(page, "Runden Tisch anlegen")
    expect(page.locator("h1")).to_have_text("Runder Tisch Marxloh")
    table_url = page.url

    page.locator("summary", has_text="Eine Organisation tritt bei").click()
    page.locator("#f-member-organisation_id").select_option(label="DITIB Moschee Marxloh")
    _fill(
        page,
        {"#f-member-delegate-name": "Mehmet Kaya", "#f-member-delegate-phone": "0151 23456789"},
        {"#f-member-delegate-language": "tr"},
    )
    _submit(page, "Mitglied eintragen")
    expect(page.locator(".delegates")).to_contain_text("+4915123456789")

    starts = datetime.now(ZoneInfo("Europe/Berlin")) + timedelta(days=14)
    page.locator("summary", has_text="Treffen planen").click()
    _fill(
        page,
        {
            "#f-meeting-starts_at": f"{starts:%Y-%m-%d}T18:00",
            "#f-meeting-ends_at": f"{starts:%Y-%m-%d}T20:00",
            "#f-meeting-venue-name": "Begegnungsstätte Marxloh",
        },
    )
    _submit(page, "Treffen planen")
    expect(page.locator("h1")).to_contain_text("Treffen am")
    meeting_url = page.url

    resend = page.get_by_role("button", name=re.compile("Noch einmal schicken"))
    wait_for(
        lambda: page.goto(meeting_url) and resend.count() == 1,
        timeout=60,
        what="the delegate's invitation to cross the bus",
    )
    expect(page.get_by_role("table")).to_contain_text("Eingeladen, noch keine Antwort")
    resend.click()
    page.wait_for_load_state()
    expect(page.locator(".flash-success")).to_have_text(
        "Die Einladung wurde noch einmal verschickt."
    )
    page.locator("summary", has_text="Protokoll schreiben").click()
    page.locator("#f-minutes").fill(
        "# Beschlüsse\n\n- **Fachtag** im Mai\n- Nächstes Treffen im Juni"
    )
    _submit(page, "Protokoll speichern")
    expect(page.locator(".minutes strong")).to_have_text("Fachtag")
    _open_folded(page)
    shots.check(page, "meeting")

    page.goto(table_url)
    expect(page.get_by_role("table", name="Beitritte und Austritte")).to_contain_text(
        "noch Mitglied"
    )
    _open_folded(page)
    shots.check(page, "round-table")
    page.goto(f"{office}/round-tables")
    shots.check(page, "round-tables")


def drive_network_screens(page: Page, office: str, shots) -> None:
    """The directory first (the round table's member comes from it), then the round table."""
    _directory(page, office, shots)
    _round_table(page, office, shots)
