"""Without a valid session every page sends the visitor to sign in: no cookie, a forged one,
one idle too long. Every form needs its CSRF token; the pages forbid every script."""

from __future__ import annotations

import time

import pytest

from dialog_backoffice.web.session import COOKIE

from ..conftest import PASSWORD, csrf_of, post_form, signed_in

PAGES = [
    "/office/",
    "/office/events",
    "/office/events/new",
    "/office/cases",
    "/office/privacy",
    "/office/privacy/exports",
    "/office/deliveries",
    "/office/deliveries/templates",
    "/office/cases/audit",
]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_without_a_session_goes_to_sign_in(lone_backoffice, path):
    answer = lone_backoffice.test_client().get(path)
    assert answer.status_code == 302
    assert answer.headers["Location"].startswith("/office/signin?next=")


def test_the_probes_and_prometheus_need_no_session(lone_backoffice):
    client = lone_backoffice.test_client()
    assert client.get("/healthz").json == {"service": "backoffice", "status": "ok"}
    assert client.get("/readyz").status_code == 200
    metrics = client.get("/metrics")
    assert metrics.status_code == 200
    assert metrics.content_type.count("charset") == 1
    assert 'dialog_http_requests_total{method="GET",route="/healthz",service="backoffice"' in (
        metrics.text
    )


def test_a_wrong_password_is_refused_with_a_sentence(lone_backoffice):
    client = lone_backoffice.test_client()
    page = client.get("/office/signin?lang=en").get_data(as_text=True)
    answer = client.post(
        "/office/signin",
        data={"csrf_token": csrf_of(page), "name": "amira", "password": "not-her-password"},
    )
    assert answer.status_code == 401
    assert "The name or the password is not right" in answer.get_data(as_text=True)
    assert client.get("/office/").status_code == 302


def test_a_forged_session_is_refused(lone_backoffice):
    client = signed_in(lone_backoffice, "amira")
    assert client.get("/office/").status_code == 200
    real = client.get_cookie(COOKIE).value
    forged = real[:-6] + ("AAAAAA" if not real.endswith("AAAAAA") else "BBBBBB")
    client.set_cookie(COOKIE, forged)
    assert client.get("/office/").status_code == 302
    client.set_cookie(COOKIE, "gAAAAABmade-up")
    assert client.get("/office/events").headers["Location"].startswith("/office/signin")


def test_an_idle_session_ends_and_the_sign_in_page_says_why(lone_backoffice, monkeypatch):
    client = signed_in(lone_backoffice, "amira")
    assert client.get("/office/").status_code == 200
    later = time.time() + 31 * 60
    monkeypatch.setattr(time, "time", lambda: later)
    answer = client.get("/office/events")
    assert answer.status_code == 302 and answer.headers["Location"].startswith("/office/signin")
    page = client.get(answer.headers["Location"] + "&lang=en")
    assert "nothing happened for a while" in page.get_data(as_text=True)


def test_the_session_cookie_is_httponly_samesite_and_secure_over_https(lone_backoffice):
    client = lone_backoffice.test_client()
    page = client.get("/office/signin", base_url="https://backoffice.example").get_data(
        as_text=True
    )
    answer = client.post(
        "/office/signin",
        base_url="https://backoffice.example",
        data={"csrf_token": csrf_of(page), "name": "amira", "password": PASSWORD},
    )
    cookie = answer.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" in cookie
    assert "amira" not in cookie  # encrypted, not only signed


def test_a_form_without_its_csrf_token_changes_nothing(lone_backoffice):
    client = signed_in(lone_backoffice, "amira")
    answer = client.post("/office/signout", data={})
    assert answer.status_code == 400
    assert "nothing was changed" in answer.get_data(as_text=True).replace("\n", " ")
    assert client.get("/office/").status_code == 200  # still signed in
    assert post_form(client, "/office/", "/office/signout").status_code == 302
    assert client.get("/office/").status_code == 302


def test_pages_allow_no_script_and_no_inline_style(lone_backoffice):
    answer = lone_backoffice.test_client().get("/office/signin")
    policy = answer.headers["Content-Security-Policy"]
    assert "script-src" not in policy and "default-src 'none'" in policy
    assert "style-src 'self'" in policy and "unsafe-inline" not in policy
    assert "<script" not in answer.get_data(as_text=True)
    assert 'style="' not in answer.get_data(as_text=True)


def test_sign_in_only_returns_to_a_page_of_this_site(lone_backoffice):
    client = lone_backoffice.test_client()
    page = client.get("/office/signin").get_data(as_text=True)
    answer = client.post(
        "/office/signin",
        data={
            "csrf_token": csrf_of(page),
            "name": "amira",
            "password": PASSWORD,
            "next": "//evil.example/",
        },
    )
    assert answer.headers["Location"] == "/office/"
