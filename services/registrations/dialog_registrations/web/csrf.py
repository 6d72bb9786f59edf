"""CSRF protection for the public forms without server-side sessions (double-submit cookie).

The page sets a random value in a cookie and puts the same value, signed with a timestamp, in
the form. A POST is accepted only if the signed field is ours, not too old, and matches the
cookie: another site can make a browser send the cookie, but cannot read it to fill the field.
"""

from __future__ import annotations

import secrets

from flask import Response, g, request
from itsdangerous import BadSignature, URLSafeTimedSerializer

from dialog_platform.web import current_settings

COOKIE = "dialog_csrf"
MAX_AGE_SECONDS = 4 * 3600


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_settings().link_secret, salt="dialog-csrf")


def csrf_token() -> str:
    """The signed value for this page's form (and remember to set the cookie)."""
    nonce = request.cookies.get(COOKIE) or g.get("csrf_nonce") or secrets.token_urlsafe(24)
    g.csrf_nonce = nonce
    return _serializer().dumps(nonce)


def set_csrf_cookie(response: Response) -> Response:
    nonce = g.get("csrf_nonce")
    if nonce and request.cookies.get(COOKIE) != nonce:
        response.set_cookie(
            COOKIE, nonce, httponly=True, samesite="Lax", secure=request.is_secure, max_age=86400
        )
    return response


def csrf_valid() -> bool:
    cookie = request.cookies.get(COOKIE)
    field = request.form.get("csrf_token", "")
    if not cookie or not field:
        return False
    try:
        return secrets.compare_digest(_serializer().loads(field, max_age=MAX_AGE_SECONDS), cookie)
    except (BadSignature, TypeError):
        return False
