"""Sign-in through an OpenID Connect provider (e.g. Keycloak) with Authlib: authorisation code
flow with PKCE (S256), state and nonce kept in the encrypted session; the provider's roles
(``roles``, Keycloak's ``realm_access.roles`` or the client's ``resource_access`` roles) mapped
to admin / staff / mediator by BACKOFFICE_OIDC_ROLES; the access token is forwarded to the
APIs, which verify it against the provider's keys themselves."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from authlib.integrations.flask_client import OAuth
from flask import Flask, current_app

from ..config import BackofficeSettings

PROVIDER = "provider"


def register_oidc(app: Flask, settings: BackofficeSettings) -> None:
    if not settings.uses_oidc:
        return
    oauth = OAuth(app)
    oauth.register(
        PROVIDER,
        client_id=settings.oidc_client_id,
        client_secret=settings.oidc_client_secret,
        server_metadata_url=f"{settings.oidc_issuer}/.well-known/openid-configuration",
        client_kwargs={"scope": "openid profile email", "code_challenge_method": "S256"},
    )
    app.extensions["backoffice_oidc"] = oauth


def client() -> Any:
    return getattr(current_app.extensions["backoffice_oidc"], PROVIDER)


def provider_roles(claims: dict[str, Any], client_id: str | None) -> set[str]:
    roles = set(claims.get("roles") or [])
    roles |= set((claims.get("realm_access") or {}).get("roles") or [])
    if client_id:
        roles |= set(
            ((claims.get("resource_access") or {}).get(client_id) or {}).get("roles") or []
        )
    return roles


def platform_roles(roles: Iterable[str], mapping: dict[str, str]) -> frozenset[str]:
    """The platform's roles a person has, from the provider's roles (unmapped ones are dropped)."""
    return frozenset(mapping[role] for role in roles if role in mapping)
