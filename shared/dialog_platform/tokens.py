"""Staff roles and minting a staff token (HS256), without the web stack: what the command
line needs (``dialog token``, ``dialog run``); ``auth`` verifies the tokens."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt

ROLES = frozenset({"admin", "staff", "mediator"})


def mint_token(
    secret: str,
    subject: str,
    roles: Iterable[str],
    name: str | None = None,
    expires_in: timedelta = timedelta(hours=8),
    issuer: str | None = None,
    audience: str | None = None,
) -> str:
    """An HS256 staff token, for local use and tests (production tokens come from the IdP)."""
    now = datetime.now(UTC)
    claims: dict[str, Any] = {
        "sub": subject,
        "name": name or subject,
        "roles": sorted(roles),
        "iat": now,
        "exp": now + expires_in,
        "jti": str(uuid.uuid4()),
    }
    if issuer:
        claims["iss"] = issuer
    if audience:
        claims["aud"] = audience
    return jwt.encode(claims, secret, algorithm="HS256")
