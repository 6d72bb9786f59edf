"""Staff authentication: bearer JWTs, verified with PyJWT.

Keys come from a shared secret (HS256; generated per data folder in the embedded mode) or from
an OpenID Connect provider's JWKS URL (RS256/ES256, e.g. Keycloak). Roles are read from a
``roles`` claim, or Keycloak's ``realm_access.roles``.

Every route requires a staff token unless its view is marked ``@public``; ``@roles_required``
narrows which of the roles may use it (default: any staff role).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import jwt
from flask import Flask, current_app, g, request

from .config import Settings
from .tokens import ROLES, mint_token  # noqa: F401 - mint_token: the API of this module too
from .web.errors import ApiError

HS_ALGORITHMS = ["HS256"]
JWKS_ALGORITHMS = ["RS256", "RS384", "RS512", "ES256", "ES384", "PS256"]


@dataclass(frozen=True)
class Principal:
    """The staff member a request acts for."""

    subject: str
    name: str
    roles: frozenset[str]

    def has_any(self, roles: Iterable[str]) -> bool:
        return bool(self.roles & set(roles))


class TokenVerifier:
    def __init__(self, settings: Settings) -> None:
        self.secret = settings.jwt_secret
        self.issuer = settings.oidc_issuer
        self.audience = settings.jwt_audience
        self.jwks = jwt.PyJWKClient(settings.oidc_jwks_url) if settings.oidc_jwks_url else None

    def verify(self, token: str) -> Principal:
        """Return the token's principal, or raise ``jwt.InvalidTokenError``."""
        if self.jwks is not None:
            try:
                key: Any = self.jwks.get_signing_key_from_jwt(token).key
            except jwt.PyJWKClientError as exc:
                raise jwt.InvalidTokenError(str(exc)) from exc
            algorithms = JWKS_ALGORITHMS
        else:
            key, algorithms = self.secret, HS_ALGORITHMS
        claims = jwt.decode(
            token,
            key,
            algorithms=algorithms,
            audience=self.audience,
            issuer=self.issuer,
            options={"require": ["exp", "sub"], "verify_aud": self.audience is not None},
        )
        raw_roles = claims.get("roles") or claims.get("realm_access", {}).get("roles") or []
        return Principal(
            subject=str(claims["sub"]),
            name=str(claims.get("name") or claims.get("preferred_username") or claims["sub"]),
            roles=frozenset(role for role in raw_roles if role in ROLES),
        )


def public(view: Callable) -> Callable:
    """Mark a view (function or MethodView method) as reachable without a staff token."""
    view._dialog_public = True  # type: ignore[attr-defined]
    return view


def roles_required(*roles: str) -> Callable[[Callable], Callable]:
    """Restrict a view to staff holding one of ``roles``."""
    unknown = set(roles) - ROLES
    if unknown:
        raise ValueError(f"unknown roles {sorted(unknown)}")

    def mark(view: Callable) -> Callable:
        view._dialog_roles = frozenset(roles)  # type: ignore[attr-defined]
        return view

    return mark


def _marked(view: Callable, name: str, method: str) -> Any:
    """A mark set by ``@public`` or ``@roles_required`` on the method, its MethodView or the
    view function, the nearest first; None when there is none. A HEAD without a ``head``
    method is its ``get`` (as MethodView answers it), so it is checked as that GET."""
    view_class = getattr(view, "view_class", None)
    handler = getattr(view_class, method.lower(), None) if view_class else None
    if handler is None and view_class and method == "HEAD":
        handler = getattr(view_class, "get", None)
    for candidate in (handler, view_class, view):
        if candidate is not None and hasattr(candidate, name):
            return getattr(candidate, name)
    return None


def allowed_roles_of(app: Flask, endpoint: str, method: str) -> frozenset[str] | None:
    """The roles a route admits, or None when it is public. The one rule that both the request
    check below and the route-walking tests read."""
    if endpoint.split(".", 1)[0] in app.extensions["dialog_public_blueprints"]:
        return None
    view = app.view_functions[endpoint]
    if _marked(view, "_dialog_public", method):
        return None
    return _marked(view, "_dialog_roles", method) or ROLES


def _authenticate() -> None:
    if request.endpoint is None or request.method == "OPTIONS":
        return  # 404 / 405 / CORS preflight: nothing to protect
    allowed = allowed_roles_of(current_app, request.endpoint, request.method)
    if allowed is None:
        return
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError(401, "unauthenticated", "Please sign in: this page needs a staff token.")
    try:
        principal = current_app.extensions["dialog_auth"].verify(token.strip())
    except jwt.ExpiredSignatureError:
        raise ApiError(
            401, "token_expired", "Your sign-in has expired. Please sign in again."
        ) from None
    except jwt.InvalidTokenError:
        raise ApiError(
            401, "invalid_token", "Your sign-in token is not valid. Please sign in again."
        ) from None
    if not principal.has_any(allowed):
        raise ApiError(
            403,
            "forbidden",
            "Your account does not have permission for this. It needs one of these roles: "
            + ", ".join(sorted(allowed))
            + ".",
        )
    g.principal = principal


def init_auth(app: Flask, settings: Settings, public_blueprints: Iterable[str] = ()) -> None:
    app.extensions["dialog_auth"] = TokenVerifier(settings)
    app.extensions["dialog_public_blueprints"] = frozenset(public_blueprints)
    app.before_request(_authenticate)


def current_principal() -> Principal:
    return g.principal
