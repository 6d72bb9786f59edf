"""The public HTML form: CSRF, honeypot, rate limit, field errors with a summary that links to
the fields, the result page, translations (Arabic right to left), and link pages whose GET
changes nothing while the POST acts once."""

from __future__ import annotations

import re

import pytest


def _csrf(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def _form(client, event_id, lang="de"):
    page = client.get(f"/events/{event_id}?lang={lang}")
    assert page.status_code == 200
    return page.get_data(as_text=True)


def _fill(html: str, **overrides) -> dict:
    data = {
        "csrf_token": _csrf(html),
        "website": "",
        "name": "Fatma Demir",
        "email": "fatma@example.org",
        "phone": "",
        "organisation": "DITIB Gemeinde Ehrenfeld",
        "language": "tr",
        "needs": "",
        "consent": "true",
    }
    return {k: v for k, v in (data | overrides).items() if v is not None}


def test_form_signs_up_and_tells_what_happens_next(
    registrations_app, published_event, sent_messages
):
    event_id = published_event(capacity=1)
    client = registrations_app.test_client()
    html = _form(client, event_id)
    assert '<html lang="de" dir="ltr">' in html
    assert '<label for="field-email">E-Mail-Adresse</label>' in html
    done = client.post(f"/events/{event_id}?lang=de", data=_fill(html))
    assert done.status_code == 200
    assert "Ihr Platz ist bestätigt" in done.get_data(as_text=True)
    (created,) = sent_messages("registrations.registration.created")
    assert created["data"]["participant"]["language"] == "tr"

    second = client.post(
        f"/events/{event_id}?lang=en", data=_fill(html, email="zweite@example.org")
    )
    assert "waiting list at position 1" in second.get_data(as_text=True)


def test_form_refuses_bad_input_with_a_summary_linking_the_fields(
    registrations_app, published_event, sent_messages
):
    event_id = published_event()
    client = registrations_app.test_client()
    html = _form(client, event_id, "en")
    refused = client.post(
        f"/events/{event_id}?lang=en",
        data=_fill(html, consent=None, email="nope", sms_consent="true", name="x" * 201),
    )
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422
    summary = page.split('id="error-summary"')[1].split("</div>")[0]
    for field in ("consent", "email", "sms_consent", "name"):
        assert f'href="#field-{field}"' in summary
        assert f'id="field-{field}"' in page
    assert 'aria-invalid="true"' in page and 'aria-describedby="email-error"' in page
    assert "Please agree to the processing of your data" in summary
    assert sent_messages() == []

    invisible = client.post(f"/events/{event_id}?lang=en", data=_fill(html, name="\u200f\u200b"))
    assert invisible.status_code == 422
    assert 'href="#field-name"' in invisible.get_data(as_text=True)
    assert sent_messages() == []


@pytest.mark.parametrize(
    ("tamper", "status", "text"),
    [
        ({"csrf_token": "forged"}, 400, "sent from another page"),
        ({"website": "http://spam.example"}, 400, "must stay empty"),
    ],
)
def test_form_refuses_forged_and_robot_posts(
    registrations_app, published_event, sent_messages, tamper, status, text
):
    event_id = published_event()
    client = registrations_app.test_client()
    html = _form(client, event_id, "en")
    refused = client.post(f"/events/{event_id}?lang=en", data=_fill(html, **tamper))
    assert refused.status_code == status
    assert text in refused.get_data(as_text=True)
    assert sent_messages() == []


def test_form_in_arabic_is_right_to_left_and_language_is_remembered(
    registrations_app, published_event
):
    event_id = published_event()
    client = registrations_app.test_client()
    html = _form(client, event_id, "ar")
    assert '<html lang="ar" dir="rtl">' in html and "البريد الإلكتروني" in html
    again = client.get(f"/events/{event_id}").get_data(as_text=True)
    assert 'dir="rtl"' in again  # the cookie remembers the choice


def test_rate_limit_refuses_with_a_page(
    registrations_app, published_event, sent_messages, monkeypatch
):
    from dialog_registrations.ratelimit import RateLimiter

    registrations_app.extensions["registrations_rate_limiter"] = RateLimiter("test-secret", 2, 0)
    event_id = published_event()
    client = registrations_app.test_client()
    html = _form(client, event_id, "en")
    for n in range(2):
        ok = client.post(f"/events/{event_id}?lang=en", data=_fill(html, email=f"{n}@example.org"))
        assert ok.status_code == 200
    limited = client.post(f"/events/{event_id}?lang=en", data=_fill(html, email="3@example.org"))
    assert limited.status_code == 429 and "wait a while" in limited.get_data(as_text=True)
    assert int(limited.headers["Retry-After"]) > 3500
    assert len(sent_messages("registrations.registration.created")) == 2


def test_link_pages_act_only_on_post_and_only_once(
    registrations_app, published_event, sent_messages
):
    event_id = published_event(capacity=1, requires_email_confirmation=True)
    client = registrations_app.test_client()
    html = _form(client, event_id, "en")
    client.post(f"/events/{event_id}?lang=en", data=_fill(html, language="de"))
    links = sent_messages("registrations.registration.created")[0]["data"]["links"]
    path = links["confirm_url"].removeprefix("http://127.0.0.1:8002")

    for _ in range(2):  # a mail scanner opening the link changes nothing
        page = client.get(path)
        assert page.status_code == 200 and "<button" in page.get_data(as_text=True)
    assert sent_messages("registrations.registration.confirmed") == []
    assert '<html lang="de"' in page.get_data(as_text=True)  # the person's own language

    token = _csrf(page.get_data(as_text=True))
    first = client.post(path, data={"csrf_token": token})
    assert "Ihre E-Mail-Adresse ist bestätigt" in first.get_data(as_text=True)
    second = client.post(path, data={"csrf_token": token})
    assert "bereits bestätigt" in second.get_data(as_text=True)
    assert len(sent_messages("registrations.registration.confirmed")) == 1

    cancel = links["cancel_url"].removeprefix("http://127.0.0.1:8002")
    expired = client.post(cancel, data={})  # no CSRF token: refused, in the page's language
    assert expired.status_code == 400 and "Das Formular war abgelaufen" in expired.text
    tampered = client.get(  # unknown person: the visitor's own choice (English) is kept
        cancel[:-2] + "xx"
    )
    assert tampered.status_code == 400 and "not valid" in tampered.get_data(as_text=True)
    assert client.post(cancel, data={"csrf_token": token}).status_code == 200
    assert len(sent_messages("registrations.registration.cancelled")) == 1


def test_closed_events_and_unknown_pages_say_why(registrations_app, published_event):
    client = registrations_app.test_client()
    unknown = client.get(f"/events/{published_event(status='draft')}?lang=en")
    assert unknown.status_code == 404 and "not open for sign-up" in unknown.get_data(as_text=True)
    event_id = published_event(registration_closes_at="2020-01-01T00:00:00+00:00")
    page = client.get(f"/events/{event_id}?lang=de").get_data(as_text=True)
    assert "Anmeldung für diese Veranstaltung ist geschlossen" in page  # before anyone types
    assert 'method="post"' not in page
    html = _form(client, published_event(), "de")  # a form sent to the closed event anyway
    closed = client.post(f"/events/{event_id}?lang=de", data=_fill(html))
    assert closed.status_code == 409
    assert "Anmeldung für diese Veranstaltung ist geschlossen" in closed.get_data(as_text=True)
    assert client.get("/registrations/delete/abc").status_code == 404
