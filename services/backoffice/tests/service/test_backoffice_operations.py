"""The operations screens on the four real services: the delivery log of an event and of one
person, resend, template previews in four languages (Arabic right to left); an access export
requested, answered by every service and downloaded; the case files' audit trail for admins
only; the services' refusals read as German sentences on German pages."""

from __future__ import annotations

import json
import re
import uuid

import requests

from ..conftest import post_form, signed_in
from .test_backoffice_screens import _create_event, _open_case, _text


def _words(answer) -> str:
    """The page's text without its tags."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", answer.get_data(as_text=True)))


def _event_with_a_sign_up(sven, platform) -> tuple[str, str]:
    event_id = _create_event(sven)
    post_form(sven, f"/office/events/{event_id}", f"/office/events/{event_id}/publish")
    platform.carry()
    signup = requests.post(
        f"{platform.url('registrations')}/api/v1/public/events/{event_id}/registrations",
        json={"name": "Hatice Kaya", "email": "hatice@example.org", "consent": True},
        timeout=10,
    )
    assert signup.status_code == 201, signup.text
    platform.carry()  # the sign-up reaches notifications, which owes her a mail
    participants = sven.get(f"/office/events/{event_id}/participants").get_data(as_text=True)
    link = re.search(rf"/office/events/{event_id}/deliveries/([0-9a-f-]{{36}})", participants)
    return event_id, link.group(1)


def test_the_delivery_log_of_an_event_and_a_person_and_a_resend(backoffice, platform):
    sven = signed_in(backoffice, "sven")
    event_id, registration_id = _event_with_a_sign_up(sven, platform)
    person_url = f"/office/events/{event_id}/deliveries/{registration_id}"
    log = _text(sven.get(f"/office/events/{event_id}/deliveries?lang=de"))
    assert "E-Mails und SMS dieser Veranstaltung" in log and "Platz bestätigt" in log
    assert "Wartet auf den Versand" in log and "Infoabend Wohlfahrtspflege" in log
    page = sven.get(f"{person_url}?lang=de")
    assert "E-Mails und SMS an Hatice Kaya" in _text(page)
    assert 'class="unavailable"' not in _text(page)
    before = _text(page).count('class="log-entry')
    delivery_id = re.search(
        r"/office/deliveries/([0-9a-f-]{36})/resend", page.get_data(as_text=True)
    )
    assert delivery_id is None  # a message still waiting is not sent again

    deliveries = requests.get(
        f"{platform.url('notifications')}/api/v1/deliveries",
        params={"recipient_id": registration_id},
        headers={"Authorization": f"Bearer {_token('sven', 'staff')}"},
        timeout=10,
    ).json()
    resent = post_form(
        sven,
        f"{person_url}?lang=de",
        f"/office/deliveries/{deliveries[0]['delivery']['id']}/resend",
        back=person_url,
    )
    assert resent.status_code == 302 and resent.headers["Location"] == person_url
    again = _text(sven.get(f"{person_url}?lang=de"))
    assert "Eine Kopie ist eingeplant" in again
    assert again.count('class="log-entry') == before + 1

    unknown = post_form(
        sven, person_url, f"/office/deliveries/{uuid.uuid4()}/resend", back=person_url
    )
    assert "Diese Nachricht steht nicht im Versandprotokoll." in _text(
        sven.get(unknown.headers["Location"] + "?lang=de")
    )


def _token(subject: str, role: str) -> str:
    from dialog_platform.auth import mint_token
    from dialog_platform.testing.plugin import TEST_JWT_SECRET

    return mint_token(TEST_JWT_SECRET, subject, [role])


def test_template_previews_in_four_languages_arabic_right_to_left(backoffice):
    sven = signed_in(backoffice, "sven")
    page = sven.get("/office/deliveries/templates?kind=reminder&lang=de")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    for language, direction in (("de", "ltr"), ("en", "ltr"), ("tr", "ltr"), ("ar", "rtl")):
        assert f'<div lang="{language}" dir="{direction}">' in html
    assert "Interreligiöser Gesprächsabend" in html and "العربية" in html


def test_the_failed_messages_need_staff_and_default_to_failed(backoffice):
    mia = signed_in(backoffice, "mia")
    assert mia.get("/office/deliveries").status_code == 403
    amira = signed_in(backoffice, "amira")
    page = _text(amira.get("/office/deliveries?lang=de"))
    assert '<option value="failed" selected>' in page and "Hier gibt es keine Nachricht." in page


def test_an_access_export_is_answered_by_every_service_and_downloaded(backoffice, platform):
    sven = signed_in(backoffice, "sven")
    _event_with_a_sign_up(sven, platform)
    assert sven.get("/office/privacy/exports").status_code == 403
    amira = signed_in(backoffice, "amira")
    privacy = amira.get("/office/privacy?lang=de").get_data(as_text=True)
    assert 'href="/office/privacy/exports"' in privacy

    wrong = post_form(amira, "/office/privacy/exports?lang=de", "/office/privacy/exports")
    assert wrong.status_code == 422
    assert "Bitte geben Sie die E-Mail-Adresse, die Telefonnummer oder beides an." in _text(wrong)

    asked = post_form(
        amira, "/office/privacy/exports", "/office/privacy/exports", email="hatice@example.org"
    )
    assert asked.status_code == 302
    export_url = asked.headers["Location"]
    waiting = _text(amira.get(f"{export_url}?lang=de"))
    assert "Noch haben nicht alle Dienste geantwortet." in waiting
    early = amira.get(f"{export_url}/download")
    assert early.status_code == 302  # nothing to download yet

    platform.carry()  # every service answers
    done = _text(amira.get(f"{export_url}?lang=de"))
    assert "Alle Dienste haben geantwortet." in done and "nicht mehr" not in done
    download = amira.get(f"{export_url}/download")
    assert download.status_code == 200
    assert "attachment" in download.headers["Content-Disposition"]
    document = json.loads(download.get_data(as_text=True))
    assert set(document["records_by_service"]) == {
        "events",
        "registrations",
        "notifications",
        "mediation",
    }
    assert "hatice@example.org" in json.dumps(document["records_by_service"]["registrations"])
    assert "bereit zum Herunterladen" in _text(amira.get("/office/privacy/exports?lang=de"))

    nobody = post_form(amira, "/office/privacy?lang=de", "/office/privacy")  # the erasure form
    assert nobody.status_code == 422 and "Telefonnummer oder beides an." in _text(nobody)
    erased = post_form(amira, "/office/privacy", "/office/privacy", email="hatice@example.org")
    assert erased.status_code == 302 and "/office/privacy/erasures/" in erased.headers["Location"]


def test_the_audit_trail_is_for_admins(backoffice, platform):
    case_id = _open_case(platform, "mia", "Raumfrage Gemeindehaus")
    mia = signed_in(backoffice, "mia")
    mia.get(f"/office/cases/{case_id}")  # her reads are audited
    assert mia.get("/office/cases/audit").status_code == 403
    assert signed_in(backoffice, "sven").get("/office/cases/audit").status_code == 403

    amira = signed_in(backoffice, "amira")
    assert f'href="/office/cases/audit?case_id={case_id}"' in amira.get(
        f"/office/cases/{case_id}"
    ).get_data(as_text=True)
    trail = _words(amira.get(f"/office/cases/audit?case_id={case_id}&lang=de"))
    assert "Zugriffsprotokoll von M-" in trail
    assert "Mia hat die Akte angelegt" in trail and "Mia hat die Notizen gelesen" in trail
    everything = _words(amira.get("/office/cases/audit?lang=de"))
    assert "Amira hat die Angaben der Akte gelesen" in everything
    bad = amira.get("/office/cases/audit?case_id=not-a-case&lang=de")
    assert bad.status_code == 422 and "Angaben" in _text(bad)


def test_refusals_read_german_with_the_services_sentence_as_detail(backoffice):
    sven = signed_in(backoffice, "sven")
    event_id = _create_event(sven)
    page = f"/office/events/{event_id}?lang=de"  # a German page: its refusals in German
    complete = post_form(sven, page, f"/office/events/{event_id}/complete")
    shown = _text(sven.get(complete.headers["Location"]))
    assert "Das geht gerade nicht, weil der aktuelle Stand es nicht erlaubt." in shown
    assert "Der Dienst meldet (auf Englisch): „" in shown
    missing = _text(sven.get(f"/office/events/{uuid.uuid4()}?lang=de"))
    assert "Diese Veranstaltung wurde nicht gefunden." in missing and "The event" not in missing
    wrong = post_form(
        sven,
        "/office/events/new?lang=de",
        "/office/events/new",
        **{"title": "x", "starts_at": "2027-03-14T18:00", "ends_at": "2027-03-14T20:00"},
        **{"online_url": "kein-link", "type": "information_event"},
    )
    assert wrong.status_code == 422
    assert "Not a valid" not in _text(wrong)


def test_a_service_that_is_down_is_named_on_the_new_screens(lone_backoffice):
    amira = signed_in(lone_backoffice, "amira")
    mails = "The part “Mails and text messages” is not available"
    for path in ("/office/deliveries", "/office/deliveries/templates"):
        answer = amira.get(f"{path}?lang=en")
        assert answer.status_code == 200 and mails in _text(answer)
    person = _text(amira.get(f"/office/events/{uuid.uuid4()}/deliveries/{uuid.uuid4()}?lang=en"))
    for part in ("Events and directory", "Registrations", "Mails and text messages"):
        assert f"The part “{part}” is not available" in person
    exports = amira.get("/office/privacy/exports?lang=en")
    assert exports.status_code == 503 and "The part “Registrations”" in _text(exports)
    audit = amira.get("/office/cases/audit?lang=en")
    assert audit.status_code == 503 and "The part “Case files”" in _text(audit)
