"""The back office in Debian's chromium (Playwright) on the embedded platform started by
``dialog run``: sign in with the admin password it printed; create, publish and move an event;
a participant signs up through the public form and is seen, checked in and undone at the door
(tablet width); the list is downloaded; a mediator sees her case and gets the refusal page for
another's; a staff member cannot open case files; round tables and the directory
(``network_screens``). axe-core (WCAG 2.0/2.1 A and AA) finds no
violation on any screen, at 390 px and at tablet width; screenshots of each are kept."""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import subprocess
import sys
import threading
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from dialog_platform.auth import mint_token
from dialog_platform.testing import wait_for
from dialog_platform.testing.axe import assert_accessible, axe_script
from dialog_platform.testing.browser import PHONE, chromium
from dialog_platform.testing.embedded import embedded_env, start_dialog_run
from dialog_platform.testing.ports import free_port_base

from ..conftest import starting_soon
from .network_screens import SCREENS as NETWORK_SCREENS
from .network_screens import drive_network_screens

TABLET = {"width": 820, "height": 1180}
SERVICES = ("events", "registrations", "notifications", "mediation", "backoffice")


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except (OSError, http.client.HTTPException):
        return False


class Run:
    """``dialog run`` in a data folder of its own, its output collected line by line."""

    def __init__(self, data: Path) -> None:
        self.env = embedded_env("BACKOFFICE_") | {"DIALOG_DATA_DIR": str(data)}
        self.data = data
        self.base = free_port_base()
        self.urls = {s: f"http://127.0.0.1:{self.base + i}" for i, s in enumerate(SERVICES)}
        self.lines: list[str] = []
        self.process = start_dialog_run(data, self.base, self.env)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def admin_password(self) -> str:
        def printed():
            assert self.process.poll() is None, "\n".join(self.lines)
            found = [re.search(r"as admin with the password (\S+)", line) for line in self.lines]
            return next((m.group(1) for m in found if m), None)

        return wait_for(printed, timeout=600, interval=0.5, what="the admin's password")

    def add_account(self, name: str, role: str) -> str:
        return subprocess.run(
            [
                sys.executable,
                "-m",
                "dialog_backoffice.cli",
                "add-account",
                name,
                "--role",
                role,
                "--display-name",
                name.title(),
            ],
            env=self.env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()

    def token(self, subject: str, role: str) -> str:
        secret = (self.data / "jwt-secret").read_text().strip()
        return mint_token(secret, subject, [role], name=subject.title())

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)
        self.process.wait(timeout=60)
        self.process.stdout.close()


def _api(run: Run, method: str, url: str, body: dict, token: str) -> dict:
    request = urllib.request.Request(url, method=method, data=json.dumps(body).encode())
    request.add_header("Content-Type", "application/json")
    request.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


@pytest.fixture
def run(tmp_path):
    running = Run(tmp_path / "data")
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
def browser():
    axe_script()  # there, before the platform starts
    with chromium() as launched:
        yield launched


class Screens:
    """Checks every screen with axe-core at both widths, and keeps a screenshot of each."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.seen: list[str] = []

    def check(self, page: Page, name: str) -> None:
        for label, size in (("phone", PHONE), ("tablet", TABLET)):
            page.set_viewport_size(size)
            page.screenshot(path=str(self.folder / f"{name}-{label}.png"), full_page=True)
            assert_accessible(page, f"{name} at {label}")
        self.seen.append(name)


def _sign_in(page: Page, url: str, name: str, password: str) -> None:
    page.goto(f"{url}/signin?lang=de")
    page.get_by_label("Name des Zugangs").fill(name)
    page.get_by_label("Passwort").fill(password)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_load_state()


def _sign_out(page: Page) -> None:
    page.get_by_role("button", name="Abmelden").click()
    page.wait_for_load_state()


def _operations_screens(page: Page, office: str, event_id: str, shots: Screens) -> None:
    """As admin: the delivery log of the event and of Hatice, the failed messages, the
    previews in four languages, the figures, an access export answered and downloaded, the
    audit trail of the case files."""
    page.goto(f"{office}/events/{event_id}")
    page.get_by_role("link", name="E-Mails und SMS", exact=True).last.click()
    page.wait_for_load_state()
    expect(page.locator("h1")).to_have_text("E-Mails und SMS dieser Veranstaltung")
    shots.check(page, "deliveries-event")
    page.goto(f"{office}/events/{event_id}/participants")
    page.get_by_role("link", name="Nachrichten an Hatice Kaya").click()
    page.wait_for_load_state()
    expect(page.locator("h1")).to_have_text("E-Mails und SMS an Hatice Kaya")
    shots.check(page, "deliveries-person")
    page.goto(f"{office}/deliveries")
    shots.check(page, "deliveries-failed")
    page.goto(f"{office}/deliveries/templates?kind=event_changed")
    expect(page.locator('[lang="ar"][dir="rtl"]')).to_be_visible()
    shots.check(page, "templates")
    page.goto(f"{office}/figures")
    shots.check(page, "figures")

    page.goto(f"{office}/privacy")
    page.get_by_role("link", name="Auskunft: was die Plattform").click()
    page.get_by_label("E-Mail-Adresse").fill("hatice@example.org")
    page.get_by_role("button", name="Auskunft beantragen").click()
    page.wait_for_load_state()
    export = page.url
    wait_for(
        lambda: page.goto(export) and page.get_by_text("Alle Dienste haben geantwortet.").count(),
        timeout=60,
        what="every service's answer to the access export",
    )
    shots.check(page, "export")
    with page.expect_download() as download:
        page.get_by_role("link", name="Auskunft herunterladen (JSON-Datei)").click()
    document = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert "hatice@example.org" in json.dumps(document["records_by_service"], ensure_ascii=False)

    page.goto(f"{office}/cases")
    page.get_by_role("link", name="Zugriffsprotokoll").click()
    page.wait_for_load_state()
    expect(page.locator("h1")).to_have_text("Zugriffsprotokoll der Fallakten")
    shots.check(page, "audit")


@pytest.mark.timeout(1200)  # dialog run starts six processes; a busy machine takes minutes
def test_the_back_office_in_a_real_browser(run, browser, tmp_path):
    shots = Screens(Path(os.environ.get("DIALOG_SCREENSHOTS") or tmp_path / "screens"))
    admin_password = run.admin_password()
    wait_for(lambda: _answers(f"{run.urls['backoffice']}/readyz"), timeout=60, what="back office")
    office = f"{run.urls['backoffice']}/office"
    sven_password = run.add_account("sven", "staff")
    mia_password = run.add_account("mia", "mediator")
    cases = f"{run.urls['mediation']}/api/v1/cases"
    case = {
        "category": "rooms_and_resources",
        "requester_name": "Cemevi Köln",
        "requester_channel": "phone",
    }
    hers = _api(
        run, "POST", cases, case | {"title": "Raumfrage Gemeindehaus"}, run.token("mia", "mediator")
    )
    other = _api(
        run, "POST", cases, case | {"title": "Streit um Fördermittel"}, run.token("max", "mediator")
    )

    page = browser.new_context(viewport=PHONE, accept_downloads=True).new_page()
    page.goto(f"{run.urls['backoffice']}/")
    assert "/office/signin" in page.url  # without a session: the sign-in page
    shots.check(page, "signin")
    _sign_in(page, office, "admin", admin_password)
    expect(page.locator("h1")).to_contain_text("Willkommen")
    shots.check(page, "start")

    page.goto(f"{office}/events/new?lang=de")
    page.get_by_label("Titel").fill("Infoabend Wohlfahrtspflege")
    page.get_by_role("button", name="Speichern").click()
    page.wait_for_load_state()
    expect(page.locator("#error-starts_at")).to_be_visible()  # next to its field
    shots.check(page, "event-form-errors")
    page.get_by_label("Beginn (Berliner Zeit)").fill("2027-03-14T18:00")
    page.get_by_label("Ende (Berliner Zeit)").fill("2027-03-14T20:00")
    page.get_by_label("Plätze").fill("20")
    page.get_by_label("Name des Ortes").fill("Gemeindezentrum Köln-Ehrenfeld")
    page.get_by_label("Angemeldete bestätigen ihre E-Mail-Adresse").uncheck()  # seated at once
    page.get_by_role("button", name="Speichern").click()
    page.wait_for_load_state()
    expect(page.locator("#event-status")).to_have_text("Entwurf")
    event_id = page.url.rsplit("/", 1)[1]
    page.get_by_role("button", name="Veröffentlichen").click()
    page.wait_for_load_state()
    expect(page.locator("#event-status")).to_have_text("Veröffentlicht")
    page.get_by_label("Neuer Beginn (Berliner Zeit)").fill("2027-03-21T18:30")
    page.get_by_label("Neues Ende (Berliner Zeit)").fill("2027-03-21T20:30")
    page.get_by_role("button", name="Verschieben", exact=True).click()
    page.wait_for_load_state()
    expect(page.locator("#event-starts")).to_have_text("Sonntag, 21. März 2027, 18:30 Uhr")
    shots.check(page, "event")
    page.goto(f"{office}/events")
    shots.check(page, "events")

    public = browser.new_page(viewport=PHONE)
    form = f"{run.urls['registrations']}/events/{event_id}?lang=de"
    wait_for(lambda: public.goto(form).status == 200, timeout=60, what="the event to cross the bus")
    public.get_by_label("Ihr Name").fill("Hatice Kaya")
    public.get_by_label("E-Mail-Adresse").fill("hatice@example.org")
    public.get_by_label("Ich bin einverstanden").check()
    public.get_by_role("button", name="Anmelden").click()
    public.wait_for_load_state()
    public.close()

    participants = f"{office}/events/{event_id}/participants"
    wait_for(
        lambda: "Hatice Kaya" in (page.goto(participants) and page.content()),
        timeout=30,
        what="the sign-up in the list",
    )
    shots.check(page, "participants")
    with page.expect_download() as download:
        page.get_by_role("link", name="Liste herunterladen (CSV für Excel)").click()
    assert "Hatice Kaya" in Path(download.value.path()).read_bytes().decode("utf-8-sig")

    page.goto(f"{office}/events/{event_id}")  # to today: check-in opens an hour before
    soon = starting_soon()
    page.get_by_label("Neuer Beginn (Berliner Zeit)").fill(soon["starts_at"])
    page.get_by_label("Neues Ende (Berliner Zeit)").fill(soon["ends_at"])
    page.get_by_role("button", name="Verschieben", exact=True).click()
    page.wait_for_load_state()
    page.set_viewport_size(TABLET)
    hatice = page.locator(".door-list li", has_text="Hatice Kaya")

    def checked_in() -> bool:
        """Registrations opens the check-in once the new start has crossed the bus; until
        then the door refuses it (and says so) and nothing changes."""
        page.goto(f"{office}/events/{event_id}/check-in")
        hatice.get_by_role("button", name="Ist da").click()
        page.wait_for_load_state()
        return page.locator(".tally").inner_text().strip() == "1 von 1 sind da."

    wait_for(checked_in, timeout=60, interval=0.25, what="the check-in to open with the new start")
    expect(page.locator(".tally")).to_have_text("1 von 1 sind da.")
    shots.check(page, "check-in")
    hatice.get_by_role("button", name="Rückgängig").click()
    page.wait_for_load_state()
    expect(page.locator(".tally")).to_have_text("0 von 1 sind da.")
    page.goto(f"{office}/events/{event_id}/participants/new")
    shots.check(page, "register")
    _operations_screens(page, office, event_id, shots)
    drive_network_screens(page, office, shots)
    _sign_out(page)

    _sign_in(page, office, "mia", mia_password)
    page.goto(f"{office}/cases")
    expect(page.get_by_role("link", name="Raumfrage Gemeindehaus")).to_be_visible()
    assert page.get_by_text("Streit um Fördermittel").count() == 0
    shots.check(page, "cases")
    page.get_by_role("link", name="Raumfrage Gemeindehaus").click()
    page.wait_for_load_state()
    expect(page.locator("h1")).to_contain_text("Raumfrage Gemeindehaus")
    shots.check(page, "case")
    answer = page.goto(f"{office}/cases/{other['id']}")
    assert answer.status == 403
    expect(page.locator("h1")).to_have_text("Nicht erlaubt")
    shots.check(page, "case-refused")
    _sign_out(page)

    _sign_in(page, office, "sven", sven_password)
    assert page.get_by_role("link", name="Fallakten").count() == 0
    answer = page.goto(f"{office}/cases/{hers['id']}")
    assert answer.status == 403
    expect(page.locator("h1")).to_have_text("Nicht erlaubt")
    assert len(shots.seen) == 18 + NETWORK_SCREENS
