"""The participant's links: signed tokens (itsdangerous) inside absolute URLs.

A token names one registration or invitation and one action; its signature (salted per action)
makes a forged or tampered link fail, and a confirm link also carries its age, so an expired
one fails too. Opening a link (GET) shows a page with one button; only its POST acts.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from .config import registrations_config
from .domain.errors import InvalidLink

ACTIONS = ("confirm", "cancel", "accept", "decline")


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(registrations_config().link_secret, salt="dialog-registrations")


def make_token(action: str, subject_id: uuid.UUID) -> str:
    assert action in ACTIONS
    return _serializer().dumps({"a": action, "id": str(subject_id)})


def read_token(action: str, token: str, max_age: timedelta | None = None) -> uuid.UUID:
    """The id a valid ``action`` token names; ``InvalidLink`` for anything else."""
    try:
        payload = _serializer().loads(
            token, max_age=int(max_age.total_seconds()) if max_age else None
        )
    except SignatureExpired:
        raise InvalidLink("This link has expired.") from None
    except BadSignature:
        raise InvalidLink(
            "This link is not valid. Please use the link from your message."
        ) from None
    if not isinstance(payload, dict) or payload.get("a") != action:
        raise InvalidLink("This link is not valid. Please use the link from your message.")
    try:
        return uuid.UUID(payload["id"])
    except (KeyError, ValueError, TypeError):
        raise InvalidLink(
            "This link is not valid. Please use the link from your message."
        ) from None


def url(action: str, subject_id: uuid.UUID) -> str:
    """The absolute URL of the page for ``action`` on a registration or invitation."""
    base = registrations_config().public_url
    kind = "invitations" if action in ("accept", "decline") else "registrations"
    return f"{base}/{kind}/{action}/{make_token(action, subject_id)}"


def max_age(action: str) -> timedelta | None:
    """Confirm links expire with the hold of the seat; the others last as long as they matter."""
    return registrations_config().confirm_within if action == "confirm" else None
