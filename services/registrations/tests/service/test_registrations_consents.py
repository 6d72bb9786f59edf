"""Consent records per purpose: each names the exact text shown (version and language, the text
stored once), where it was given and when it ended. Staff withdrawing SMS consent publishes the
withdrawal; the person's "stop reminders" is recorded; accepting an invitation without consent
is refused in the person's language, with consent it is recorded; the form states the real
retention period."""

from __future__ import annotations

import uuid

from dialog_registrations.domain.consent import text_version
from dialog_registrations.models import ConsentText

from ..conftest import AYSE, click_link, event_data

FORM_SMS = "Lütfen bana SMS ile de hatırlatın (telefon numarası gerekir)."


def _consents(client, headers, registration_id) -> list[dict]:
    answer = client.get(f"/api/v1/registrations/{registration_id}/consents", headers=headers)
    assert answer.status_code == 200
    return answer.json


def test_consents_per_purpose_their_texts_sources_and_withdrawals(
    registrations_app, published_event, staff_headers, sent_messages, deliver_message
):
    client, staff = registrations_app.test_client(), staff_headers("staff")
    event_id = published_event(capacity=10)
    page = client.get(f"/events/{event_id}?lang=tr").get_data(as_text=True)
    token = page.split('name="csrf_token" value="')[1].split('"')[0]
    form = {"csrf_token": token, "consent": "true", "sms_consent": "true", "language": "de"}
    done = client.post(f"/events/{event_id}?lang=tr", data=form | AYSE)
    assert done.status_code == 200
    (created,) = sent_messages("registrations.registration.created")
    ayse = created["data"]["registration_id"]
    assert created["data"]["participant"]["sms_consent"] is True

    version = text_version(30)
    consents = _consents(client, staff, ayse)
    assert [(c["purpose"], c["text_version"], c["language"], c["source"]) for c in consents] == [
        ("registration", version, "tr", "form"),  # the page was Turkish, her messages German
        ("sms_reminders", version, "tr", "form"),
    ]
    assert consents[0]["text"].endswith("Bilgiler etkinlikten 30 gün sonra silinir.")
    assert consents[0]["text"] in page and consents[1]["text"] == FORM_SMS in page
    assert all(c["withdrawn_at"] is None for c in consents)

    by_api = client.post(
        f"/api/v1/public/events/{event_id}/registrations",
        json={"name": "Cem", "email": "cem@example.org", "phone": "0170 7654321"}
        | {"consent": True, "sms_consent": True, "language": "ar"},
    ).json["registration_id"]
    by_staff = client.post(
        f"/api/v1/events/{event_id}/registrations",
        json={"name": "Derya", "email": "derya@example.org", "consent": True, "language": "en"},
        headers=staff,
    ).json["registration_id"]
    assert [(c["source"], c["language"]) for c in _consents(client, staff, by_api)] == [
        ("api", "ar"),
        ("api", "ar"),
    ]
    assert [(c["purpose"], c["source"]) for c in _consents(client, staff, by_staff)] == [
        ("registration", "staff")
    ]
    with registrations_app.extensions["dialog_db"].transaction() as session:
        texts = {
            (t.purpose, t.language) for t in session.query(ConsentText).filter_by(version=version)
        }
    assert texts == {
        ("registration", "tr"),
        ("sms_reminders", "tr"),
        ("registration", "ar"),
        ("sms_reminders", "ar"),
        ("registration", "en"),
    }  # once per purpose, version and language, however many sign-ups showed it

    withdraw = f"/api/v1/registrations/{ayse}/consents/withdraw"
    answer = client.post(withdraw, json={"purpose": "sms_reminders"}, headers=staff)
    assert answer.status_code == 200
    sms = answer.json[1]
    assert sms["withdrawn_by"] == "staff" and sms["withdrawn_at"] is not None
    (withdrawn,) = sent_messages("registrations.registration.consent_withdrawn")
    assert withdrawn["data"]["purpose"] == "sms_reminders"
    assert withdrawn["data"]["registration_id"] == ayse
    assert withdrawn["data"]["participant"]["sms_consent"] is False
    assert withdrawn["data"]["version"] > created["data"]["version"]
    assert client.post(withdraw, json={"purpose": "sms_reminders"}, headers=staff).json == [
        *answer.json
    ]
    assert len(sent_messages("registrations.registration.consent_withdrawn")) == 1
    refused = client.post(withdraw, json={"purpose": "registration"}, headers=staff)
    assert refused.status_code == 409 and "cancel it" in refused.json["message"]
    unknown = client.post(withdraw, json={"purpose": "newsletter"}, headers=staff)
    assert unknown.status_code == 422

    deliver_message(
        "notifications.reminders.stopped",
        {"recipient_id": by_api, "stopped_at": "2027-03-01T10:00:00+00:00"},
    )
    deliver_message(  # an invitation's reminders, or nobody: nothing to record
        "notifications.reminders.stopped",
        {"recipient_id": uuid.uuid4(), "stopped_at": "2027-03-01T10:00:00+00:00"},
    )
    stopped = _consents(client, staff, by_api)[1]
    assert (stopped["withdrawn_by"], stopped["withdrawn_at"]) == (
        "person",
        "2027-03-01T10:00:00+00:00",
    )
    assert len(sent_messages("registrations.registration.consent_withdrawn")) == 1
    rows = client.get(f"/api/v1/events/{event_id}/registrations", headers=staff).json
    assert {r["name"]: r["sms_consent"] for r in rows} == {
        AYSE["name"]: False,
        "Cem": False,
        "Derya": False,
    }

    # Signing up again after cancelling: new consents, the earlier ones replaced.
    client.post(f"/api/v1/registrations/{by_staff}/cancel", json={"reason": "Krank"}, headers=staff)
    client.post(
        f"/api/v1/events/{event_id}/registrations",
        json={"name": "Derya", "email": "DERYA@example.org", "consent": True, "sms_consent": True}
        | {"phone": "0170 1112223"},
        headers=staff,
    )
    again = _consents(client, staff, by_staff)
    assert [(c["purpose"], c["withdrawn_by"]) for c in again] == [
        ("registration", "replaced"),
        ("registration", None),
        ("sms_reminders", None),
    ]


def test_accepting_an_invitation_needs_consent_and_records_it(
    registrations_app, deliver_message, sent_messages, staff_headers
):
    meeting = event_data(type="round_table_meeting", capacity=5)
    deliver_message(
        "events.round_table.meeting_scheduled",
        {
            "round_table_id": uuid.uuid4(),
            "round_table_name": "Runder Tisch",
            "event": meeting,
            "invitees": [
                {
                    "delegate_id": uuid.uuid4(),
                    "name": "Cem",
                    "email": "cem@example.org",
                    "language": "tr",
                    "organisation_id": uuid.uuid4(),
                    "organisation_name": "Cemevi",
                }
            ],
        },
    )
    (invitation,) = sent_messages("registrations.invitation.sent")
    client = registrations_app.test_client()
    accept_url = invitation["data"]["links"]["accept_url"]
    page = client.get(accept_url.removeprefix("http://127.0.0.1:8002")).get_data(as_text=True)
    assert 'name="consent"' in page and "30 gün sonra silinir" in page

    refused = click_link(client, accept_url)
    assert refused.status_code == 422
    assert "Lütfen verilerinizin işlenmesine onay verin" in refused.get_data(as_text=True)
    assert sent_messages("registrations.registration.created") == []
    assert sent_messages("registrations.invitation.answered") == []

    accepted = click_link(client, accept_url, consent="true")
    assert accepted.status_code == 200
    (created,) = sent_messages("registrations.registration.created")
    consents = _consents(client, staff_headers("staff"), created["data"]["registration_id"])
    assert [(c["purpose"], c["source"], c["language"]) for c in consents] == [
        ("registration", "invitation", "tr")
    ]
    assert "zaten kabul etmiştiniz" in click_link(client, accept_url).get_data(as_text=True)


def test_the_form_states_the_configured_retention_period(service_app, monkeypatch):
    monkeypatch.setenv("REGISTRATIONS_RETENTION_DAYS", "14")
    app = service_app("registrations")
    from dialog_platform.testing.messages import deliver
    from dialog_registrations.messaging.handlers import HANDLERS

    event = event_data()
    deliver(app.extensions["dialog_db"], HANDLERS, "events.event.published", event)
    client = app.test_client()
    for language, sentence in [
        ("de", "Sie werden 14 Tage nach der Veranstaltung gelöscht."),
        ("en", "They are deleted 14 days after the event."),
        ("tr", "Bilgiler etkinlikten 14 gün sonra silinir."),
        ("ar", "تُحذف البيانات بعد 14 يومًا من انتهاء الفعالية."),
    ]:
        page = client.get(f"/events/{event['event_id']}?lang={language}")
        assert sentence in page.get_data(as_text=True), language
