"""A small OpenID Connect provider for the tests, served on a real port: discovery document,
JWKS, an authorize endpoint that signs in whoever the test names and redirects back with a
code, a token endpoint that checks the client and the PKCE verifier (S256), and end-session.
Its tokens look like Keycloak's: RS256, ``realm_access.roles``, ``resource_access``."""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import time
from typing import Any
from urllib.parse import urlencode

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from flask import Flask, jsonify, redirect, request

KEY_ID = "test-signing-key"


def s256(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


class FakeProvider:
    def __init__(self, client_id: str, client_secret: str, audience: str) -> None:
        self.client_id = client_id
        self.client_secret = client_secret
        self.audience = audience
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.issuer = ""  # set once served
        #: Who signs in at the next authorize request: claims (sub, name, realm roles, ...),
        #: or None to answer as if the person declined.
        self.person: dict[str, Any] | None = None
        self.codes: dict[str, dict[str, Any]] = {}
        #: What the token endpoint was asked: (code, verifier accepted).
        self.token_requests: list[tuple[str, bool]] = []
        self.logouts: list[dict[str, str]] = []
        self.app = self._app()

    def access_token(self, claims: dict[str, Any], lifetime: int = 300) -> str:
        now = int(time.time())
        body = {
            "iss": self.issuer,
            "aud": [self.audience, "account"],
            "azp": self.client_id,
            "iat": now,
            "exp": now + lifetime,
            "typ": "Bearer",
        } | claims
        return jwt.encode(body, self.key, algorithm="RS256", headers={"kid": KEY_ID})

    def _id_token(self, claims: dict[str, Any], nonce: str | None) -> str:
        now = int(time.time())
        body = {
            "iss": self.issuer,
            "aud": self.client_id,
            "iat": now,
            "exp": now + 300,
            "sub": claims["sub"],
            "name": claims.get("name"),
            "preferred_username": claims.get("preferred_username"),
        }
        if nonce:
            body["nonce"] = nonce
        return jwt.encode(body, self.key, algorithm="RS256", headers={"kid": KEY_ID})

    def _client_ok(self) -> bool:
        auth = request.authorization
        if auth is not None:
            return auth.username == self.client_id and auth.password == self.client_secret
        return (
            request.form.get("client_id") == self.client_id
            and request.form.get("client_secret") == self.client_secret
        )

    def _app(self) -> Flask:
        app = Flask("fake_oidc_provider")

        @app.get("/.well-known/openid-configuration")
        def discovery():
            return jsonify(
                issuer=self.issuer,
                authorization_endpoint=f"{self.issuer}/authorize",
                token_endpoint=f"{self.issuer}/token",
                jwks_uri=f"{self.issuer}/jwks",
                end_session_endpoint=f"{self.issuer}/logout",
                response_types_supported=["code"],
                subject_types_supported=["public"],
                id_token_signing_alg_values_supported=["RS256"],
                code_challenge_methods_supported=["S256"],
                token_endpoint_auth_methods_supported=["client_secret_basic", "client_secret_post"],
            )

        @app.get("/jwks")
        def jwks():
            public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
            return jsonify(keys=[public | {"kid": KEY_ID, "use": "sig", "alg": "RS256"}])

        @app.get("/authorize")
        def authorize():
            args = request.args
            back = args["redirect_uri"]
            if (
                args.get("client_id") != self.client_id
                or args.get("response_type") != "code"
                or args.get("code_challenge_method") != "S256"
                or not args.get("code_challenge")
            ):
                return "authorization request refused", 400
            if self.person is None:
                query = {"error": "access_denied", "state": args.get("state", "")}
                return redirect(f"{back}?{urlencode(query)}")
            code = secrets.token_urlsafe(16)
            self.codes[code] = {
                "challenge": args["code_challenge"],
                "redirect_uri": back,
                "nonce": args.get("nonce"),
                "person": dict(self.person),
            }
            return redirect(f"{back}?{urlencode({'code': code, 'state': args.get('state', '')})}")

        @app.post("/token")
        def token():
            form = request.form
            if not self._client_ok():
                return jsonify(error="invalid_client"), 401
            grant = self.codes.pop(form.get("code", ""), None)  # a code is good once
            if grant is None or form.get("grant_type") != "authorization_code":
                return jsonify(error="invalid_grant"), 400
            verified = s256(form.get("code_verifier", "")) == grant["challenge"]
            self.token_requests.append((form.get("code", ""), verified))
            if not verified or form.get("redirect_uri") != grant["redirect_uri"]:
                return jsonify(error="invalid_grant", error_description="PKCE failed"), 400
            person = grant["person"]
            return jsonify(
                access_token=self.access_token(person),
                id_token=self._id_token(person, grant["nonce"]),
                token_type="Bearer",
                expires_in=300,
                scope="openid profile email",
            )

        @app.get("/logout")
        def logout():
            self.logouts.append(dict(request.args))
            back = request.args.get("post_logout_redirect_uri")
            return redirect(back) if back else ("signed out", 200)

        return app
