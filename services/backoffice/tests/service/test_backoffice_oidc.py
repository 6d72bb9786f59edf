"""Signing in through OpenID Connect, against a small provider served on a real port
(tests/oidc_provider.py): the authorisation code flow with PKCE from the sign-in page to the
page asked for, the provider's roles mapped, the provider's access token forwarded to the
services (which verify it by OIDC_JWKS_URL), a person without a platform role refused, a
declined sign-in told as a sentence, and sign-out at the provider too."""

from __future__ import annotations

import dataclasses
import importlib
import re
import uuid

import pytest
import requests

from dialog_backoffice.app import create_app
from dialog_backoffice.config import API_SERVICES
from dialog_backoffice.web.session import COOKIE
from dialog_platform.migrations import upgrade

from ..conftest import Served, backoffice_settings, open_case
from ..oidc_provider import FakeProvider

CLIENT_ID = "dialog-backoffice"
CLIENT_SECRET = "a-client-secret-for-the-tests"
AUDIENCE = "dialog"
#: A Keycloak subject (a UUID), realm roles with the platform's names and some of Keycloak's own.
AMIRA = {
    "sub": str(uuid.uuid4()),
    "name": "Amira Haddad",
    "preferred_username": "amira",
    "realm_access": {"roles": ["admin", "offline_access", "uma_authorization"]},
}
MIA = {
    "sub": str(uuid.uuid4()),
    "name": "Mia Berger",
    "preferred_username": "mia",
    "realm_access": {"roles": ["mediator", "default-roles-dialog"]},
}
NOBODY = {
    "sub": str(uuid.uuid4()),
    "name": "Nora Gast",
    "realm_access": {"roles": ["offline_access"]},
}


@pytest.fixture
def provider():
    fake = FakeProvider(CLIENT_ID, CLIENT_SECRET, AUDIENCE)
    served = Served(fake.app)
    fake.issuer = served.url
    yield fake
    served.stop()


@pytest.fixture
def services(provider, service_env, monkeypatch):
    """Events and mediation verifying the provider's tokens (registrations and notifications
    are not running: their parts of a page say so)."""
    running = {}
    for service in ("events", "mediation"):
        url = service_env(service)
        monkeypatch.setenv("OIDC_JWKS_URL", f"{provider.issuer}/jwks")
        monkeypatch.setenv("OIDC_ISSUER", provider.issuer)
        monkeypatch.setenv("JWT_AUDIENCE", AUDIENCE)
        monkeypatch.delenv("JWT_SECRET")
        upgrade(f"dialog_{service}", url)
        app = importlib.import_module(f"dialog_{service}.app").create_app()
        running[service] = Served(app)
    yield running
    for served in running.values():
        served.stop()
        served.app.extensions["dialog_db"].dispose()


@pytest.fixture
def office(provider, services, tmp_path):
    urls = {service: "http://127.0.0.1:9" for service in API_SERVICES}
    urls |= {service: served.url for service, served in services.items()}
    settings = dataclasses.replace(
        backoffice_settings(tmp_path, urls),
        jwt_secret=None,
        oidc_issuer=provider.issuer,
        oidc_client_id=CLIENT_ID,
        oidc_client_secret=CLIENT_SECRET,
    )
    served = Served(create_app(settings))
    yield served.url
    served.stop()


def _sign_in(office: str, provider: FakeProvider, person, page: str = "/office/"):
    """Open ``page`` in a new browser session and sign in at the provider as ``person``."""
    browser = requests.Session()
    asked = browser.get(f"{office}{page}", allow_redirects=False)
    assert asked.status_code == 302 and "/office/signin?next=" in asked.headers["Location"]
    signin = browser.get(f"{office}{asked.headers['Location']}&lang=en")
    button = re.search(r'href="(/office/signin/provider[^"]*)"', signin.text).group(1)
    provider.person = person
    return browser, browser.get(f"{office}{button.replace('&amp;', '&')}")


def _open_case(services, provider, person, title: str) -> str:
    return open_case(services["mediation"].url, provider.access_token(person), title)


def test_sign_in_with_pkce_forwards_the_providers_token_and_maps_roles(office, provider, services):
    hers = _open_case(services, provider, MIA, "Raumfrage Gemeindehaus")
    _open_case(services, provider, AMIRA | {"sub": str(uuid.uuid4())}, "Streit um Fördermittel")

    mia, landed = _sign_in(office, provider, MIA, page="/office/cases?lang=en")
    assert landed.status_code == 200 and landed.url == f"{office}/office/cases?lang=en"
    assert provider.token_requests and all(ok for _code, ok in provider.token_requests)
    assert "Raumfrage Gemeindehaus" in landed.text  # mediation took the provider's token
    assert "Streit um Fördermittel" not in landed.text  # and saw Mia, by her subject
    assert "Mia Berger" in landed.text
    assert 'href="/office/cases/audit"' not in landed.text and "/office/figures" not in landed.text
    assert len(mia.cookies[COOKIE]) < 4000  # the access token fits into the session cookie

    amira, home = _sign_in(office, provider, AMIRA)
    assert home.status_code == 200 and "Amira Haddad" in home.text
    trail = amira.get(f"{office}/office/cases/audit?case_id={hers}&lang=en")
    assert trail.status_code == 200  # admin at the provider: admin here and at mediation
    assert "Mia Berger" in trail.text and f"account {MIA['sub']}" in trail.text


def test_a_person_without_a_platform_role_is_refused(office, provider):
    browser, refused = _sign_in(office, provider, NOBODY)
    assert refused.status_code == 403
    assert "none of the roles admin, staff or mediator" in refused.text
    assert browser.get(f"{office}/office/", allow_redirects=False).status_code == 302


def test_a_declined_or_replayed_sign_in_is_told_as_a_sentence(office, provider):
    browser, declined = _sign_in(office, provider, None)
    assert declined.status_code == 401
    assert "Signing in at your organisation did not work" in declined.text
    assert "Traceback" not in declined.text and "OAuthError" not in declined.text
    replayed = browser.get(f"{office}/office/signin/callback?code=stolen&state=forged&lang=en")
    assert replayed.status_code == 401
    assert "Signing in at your organisation did not work" in replayed.text


def test_a_wrong_pkce_verifier_gets_no_token(provider):
    provider.person = MIA
    back = "http://127.0.0.1:9/office/signin/callback"
    asked = requests.get(
        f"{provider.issuer}/authorize",
        params={
            "client_id": CLIENT_ID,
            "response_type": "code",
            "redirect_uri": back,
            "state": "s",
            "code_challenge": "not-the-verifiers-hash",
            "code_challenge_method": "S256",
        },
        allow_redirects=False,
        timeout=10,
    )
    code = re.search(r"code=([^&]+)", asked.headers["Location"]).group(1)
    refused = requests.post(
        f"{provider.issuer}/token",
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": back,
            "code_verifier": "the-real-verifier",
        },
        auth=(CLIENT_ID, CLIENT_SECRET),
        timeout=10,
    )
    assert refused.status_code == 400 and provider.token_requests == [(code, False)]


def test_sign_out_ends_the_session_here_and_at_the_provider(office, provider):
    amira, home = _sign_in(office, provider, AMIRA)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', home.text).group(1)
    out = amira.post(f"{office}/office/signout", data={"csrf_token": csrf})
    assert provider.logouts and provider.logouts[0]["client_id"] == CLIENT_ID
    assert out.url.startswith(f"{office}/office/signin") and "You are signed out." in (
        amira.get(out.url + "&lang=en").text
    )
    assert amira.get(f"{office}/office/", allow_redirects=False).status_code == 302
