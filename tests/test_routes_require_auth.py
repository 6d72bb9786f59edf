"""Every route of every service that is not marked public refuses a request without a token,
with a forged or an expired token (401), and with a role it does not admit (403)."""

import uuid
from datetime import timedelta

import pytest

from dialog_platform.auth import ROLES, allowed_roles_of, mint_token
from dialog_platform.testing.plugin import TEST_JWT_SECRET

#: A value of the right shape for each URL converter, so every route can be called.
SAMPLE_VALUES = {"UUIDConverter": uuid.uuid4(), "IntegerConverter": 1}
#: Infrastructure that must stay reachable without a token.
EXPECTED_PUBLIC = {"/healthz", "/readyz", "/metrics", "/openapi.json", "/docs"}


def _routes(app):
    urls = app.url_map.bind("localhost")
    for rule in app.url_map.iter_rules():
        values = {
            name: sorted(converter.items)[0]  # any(a, b): one of its words
            if hasattr(converter, "items")
            else SAMPLE_VALUES.get(type(converter).__name__, "x")
            for name, converter in rule._converters.items()
        }
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule.endpoint, method, urls.build(rule.endpoint, values, method=method)


def _token(roles, secret=TEST_JWT_SECRET, expires_in=timedelta(minutes=5)):
    return {"Authorization": f"Bearer {mint_token(secret, 'walker', roles, expires_in=expires_in)}"}


def test_every_protected_route_refuses_strangers(platform_apps):
    protected = public = 0
    for service, app in platform_apps.items():
        client = app.test_client()
        for endpoint, method, path in _routes(app):
            allowed = allowed_roles_of(app, endpoint, method)
            if allowed is None:
                public += 1
                continue
            protected += 1
            where = f"{service} {method} {path}"
            call = getattr(client, method.lower())
            assert call(path).status_code == 401, where
            forged = call(path, headers=_token(["admin"], secret="not-the-key" * 4))
            assert forged.status_code == 401, where
            assert forged.json["code"] == "invalid_token"
            expired = call(path, headers=_token(["admin"], expires_in=timedelta(seconds=-5)))
            assert expired.status_code == 401, where
            assert expired.json["code"] == "token_expired"
            refused_roles = sorted(ROLES - allowed)  # none left: a token without a staff role
            wrong = call(path, headers=_token(refused_roles[:1]))
            assert wrong.status_code == 403, where
            assert "permission" in wrong.json["message"]
    assert protected >= 3, "the walk found no protected routes: it would prove nothing"
    assert public >= 4 * len(EXPECTED_PUBLIC)


@pytest.mark.parametrize("path", sorted(EXPECTED_PUBLIC))
def test_infrastructure_routes_answer_without_a_token(platform_apps, path):
    for app in platform_apps.values():
        assert app.test_client().get(path).status_code == 200, path
