"""Staff tokens: HS256 with the configured secret, or an OIDC provider's keys from its JWKS URL
(served here by a local HTTP server, as Keycloak would), with roles from either claim style."""

import json
import threading
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from dialog_platform.auth import TokenVerifier, mint_token
from dialog_platform.config import Settings

SECRET = "a-secret-of-sufficient-length-for-hs256-tokens"


def _settings(**changes) -> Settings:
    base = Settings(
        service="events", env="production", data_dir=None, database_url="", amqp_url="",
        exchange="dialog", queue_prefix="", quorum_queues=True, delivery_limit=20,
        retry_delays=(1.0,), relay_batch=500, consumer_batch=100, poll_seconds=0.1,
        jwt_secret=SECRET, data_keys=(), outbox_retention=None, inbox_retention=None,
        oidc_jwks_url=None, oidc_issuer=None, jwt_audience=None,
        log_level="INFO", log_format="json",
    )  # fmt: skip
    return replace(base, **changes)


def test_secret_signed_token_gives_its_roles_and_drops_unknown_ones():
    token = mint_token(SECRET, "s.yilmaz", ["staff", "superuser"], name="Selin Yılmaz")
    principal = TokenVerifier(_settings()).verify(token)
    assert principal.subject == "s.yilmaz"
    assert principal.name == "Selin Yılmaz"
    assert principal.roles == {"staff"}


@pytest.mark.parametrize(
    "token",
    [
        mint_token("another-secret-of-sufficient-length-xx", "x", ["admin"]),
        mint_token(SECRET, "x", ["admin"], expires_in=timedelta(seconds=-1)),
        jwt.encode({"sub": "x", "roles": ["admin"]}, SECRET, algorithm="HS256"),  # no exp
        jwt.encode({"sub": "x", "roles": ["admin"], "exp": 9999999999}, key=None, algorithm="none"),
    ],
    ids=["forged", "expired", "without-expiry", "unsigned"],
)
def test_bad_tokens_are_refused(token):
    with pytest.raises(jwt.InvalidTokenError):
        TokenVerifier(_settings()).verify(token)


def test_issuer_and_audience_are_checked_when_configured():
    verifier = TokenVerifier(
        _settings(oidc_issuer="https://idp.example/realms/dialog", jwt_audience="dialog")
    )
    good = mint_token(
        SECRET, "x", ["staff"], issuer="https://idp.example/realms/dialog", audience="dialog"
    )
    assert verifier.verify(good).roles == {"staff"}
    with pytest.raises(jwt.InvalidTokenError):
        verifier.verify(
            mint_token(SECRET, "x", ["staff"], issuer="https://elsewhere", audience="dialog")
        )
    with pytest.raises(jwt.InvalidTokenError):
        verifier.verify(
            mint_token(
                SECRET, "x", ["staff"], issuer="https://idp.example/realms/dialog", audience="other"
            )
        )


@pytest.fixture
def jwks_provider():
    """A local stand-in for an OIDC provider's JWKS endpoint; yields (url, signing key)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key()))
    body = json.dumps({"keys": [jwk | {"kid": "k1", "use": "sig", "alg": "RS256"}]}).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/realms/dialog/protocol/openid-connect/certs", key
    server.shutdown()
    server.server_close()


def test_keycloak_style_token_is_verified_with_the_providers_keys(jwks_provider):
    url, key = jwks_provider
    verifier = TokenVerifier(_settings(jwt_secret=None, oidc_jwks_url=url))
    now = datetime.now(UTC)
    claims = {
        "sub": "f3b1",
        "preferred_username": "m.demir",
        "realm_access": {"roles": ["mediator", "offline_access"]},
        "iat": now,
        "exp": now + timedelta(minutes=5),
    }
    token = jwt.encode(claims, key, algorithm="RS256", headers={"kid": "k1"})
    principal = verifier.verify(token)
    assert principal.name == "m.demir"
    assert principal.roles == {"mediator"}

    stranger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    with pytest.raises(jwt.InvalidTokenError):
        verifier.verify(jwt.encode(claims, stranger, algorithm="RS256", headers={"kid": "k1"}))
    with pytest.raises(jwt.InvalidTokenError):  # an HS256 token signed with a guessable "key"
        verifier.verify(
            jwt.encode(
                claims,
                "public-key-as-secret-xxxxxxxxxxxxxxx",
                algorithm="HS256",
                headers={"kid": "k1"},
            )
        )


def test_dialog_token_refuses_to_mint_what_the_services_would_refuse(monkeypatch):
    from click.testing import CliRunner

    from dialog_platform.cli import main

    monkeypatch.setenv("JWT_SECRET", SECRET)
    monkeypatch.delenv("OIDC_JWKS_URL", raising=False)
    monkeypatch.delenv("OIDC_ISSUER", raising=False)
    monkeypatch.delenv("JWT_AUDIENCE", raising=False)
    minted = CliRunner().invoke(main, ["token", "--role", "staff"])
    assert minted.exit_code == 0
    assert TokenVerifier(_settings()).verify(minted.output.strip()).roles == {"staff"}
    monkeypatch.setenv("OIDC_JWKS_URL", "https://idp.example/realms/dialog/certs")
    refused = CliRunner().invoke(main, ["token", "--role", "staff"])
    assert refused.exit_code == 1
    assert "OIDC_JWKS_URL is set" in refused.output and "eyJ" not in refused.output
