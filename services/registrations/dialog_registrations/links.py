"""The participant's links: signed tokens (itsdangerous) inside absolute URLs.

A token names one registration, invitation or subscription and one action; its signature (salted per action)
makes a forged or tampered link fail, and a confirm link also carries its age, so an expired
one fails too. Opening a link (GET) shows a page with one button; only its POST acts.
"""

from __future__ import annotations

import functools
import uuid
from datetime import timedelta

from itsdangerous import BadSignature, SignatureExpired, TimestampSigner, URLSafeTimedSerializer

from .config import RegistrationsSettings
from .domain.errors import ExpiredLink, InvalidLink

ACTIONS = ("confirm", "cancel", "accept", "decline", "subscribe", "unsubscribe", "result")
#: The kind of subject each action's link is for, as its URL names it.
KINDS = {"accept": "invitations", "decline": "invitations"} | {
    "subscribe": "subscriptions",
    "unsubscribe": "subscriptions",
}
#: How long a subscription's confirm link (and the unconfirmed subscription) lasts.
SUBSCRIBE_WITHIN = timedelta(days=7)
#: How long the result page of a sign-up can be opened again (to switch its language).
RESULT_PAGE_AGE = timedelta(days=1)


class _Unstamped(TimestampSigner):
    """Signs with the time 0: a link that never expires comes out the same every time it is
    made, so a message sent again (a resent invitation) carries the very links sent before.
    Read like any other token (its age is only looked at where a link expires)."""

    def get_timestamp(self) -> int:
        return 0


def _serializer(settings: RegistrationsSettings, stamped: bool = True) -> URLSafeTimedSerializer:
    return _serializer_for(settings.link_secret, stamped)


@functools.lru_cache(maxsize=8)
def _serializer_for(link_secret: str, stamped: bool) -> URLSafeTimedSerializer:
    """One per secret: a sign-up makes two or three tokens, and building the serializer cost
    as much as signing."""
    signer = TimestampSigner if stamped else _Unstamped
    return URLSafeTimedSerializer(link_secret, salt="dialog-registrations", signer=signer)


def make_token(settings: RegistrationsSettings, action: str, subject_id: uuid.UUID) -> str:
    """The token of ``action`` on the subject: stamped with the time where the link expires,
    the same every time where it does not."""
    assert action in ACTIONS
    stamped = max_age(settings, action) is not None
    return _serializer(settings, stamped).dumps({"a": action, "id": str(subject_id)})


def read_token(settings: RegistrationsSettings, action: str, token: str) -> uuid.UUID:
    """The id a valid ``action`` token names; ``ExpiredLink`` for a confirm link older than the
    hold, ``InvalidLink`` for anything else."""
    age = max_age(settings, action)
    try:
        payload = _serializer(settings).loads(
            token, max_age=int(age.total_seconds()) if age else None
        )
    except SignatureExpired:
        raise ExpiredLink("This link has expired.") from None
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


def url(settings: RegistrationsSettings, action: str, subject_id: uuid.UUID) -> str:
    """The absolute URL of the page for ``action`` on a registration or invitation."""
    kind = KINDS.get(action, "registrations")
    return f"{settings.public_url}/{kind}/{action}/{make_token(settings, action, subject_id)}"


def max_age(settings: RegistrationsSettings, action: str) -> timedelta | None:
    """Confirm links expire with the hold of the seat; the others last as long as they matter."""
    if action == "subscribe":
        return SUBSCRIBE_WITHIN
    if action == "result":
        return RESULT_PAGE_AGE
    return settings.confirm_within if action == "confirm" else None
