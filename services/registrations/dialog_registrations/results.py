"""What the JSON API answers after a sign-up or a link's action: the registration's state and
a plain sentence (English) telling what happened and what comes next."""

from __future__ import annotations

from typing import Any

from .domain.states import RegistrationStatus, describe
from .models import Registration
from .operations.signup import SignUpResult


def signup_body(result: SignUpResult) -> dict[str, Any]:
    """The answer to a sign-up (public or by staff), for ``RegistrationResultSchema``."""
    registration = result.registration
    return {
        "registration_id": registration.id,
        "event_id": registration.event_id,
        "status": registration.status,
        "waitlist_position": result.waitlist_position,
        "created": result.created,
        "message": result_sentence(registration.status, result.waitlist_position),
    }


def link_body(action: str, registration: Registration, already: bool) -> dict[str, Any]:
    """The answer to a confirm or cancel link's action, for ``LinkResultSchema``."""
    return {
        "registration_id": registration.id,
        "status": registration.status,
        "already_done": already,
        "message": link_sentence(action, registration.status, already),
    }


def result_sentence(status: str, waitlist_position: int | None) -> str:
    if status == RegistrationStatus.CONFIRMED:
        return "Your seat is confirmed."
    if status == RegistrationStatus.PENDING:
        return (
            "Please confirm your email address with the link we have sent you; "
            "until then your seat is held for you."
        )
    if status == RegistrationStatus.WAITLISTED:
        return (
            f"The event is full. You are on the waiting list at position {waitlist_position}; "
            "we will write to you when a seat becomes free."
        )
    return f"This registration is {describe(status)}."


def link_sentence(action: str, status: str, already: bool) -> str:
    if action == "confirm":
        if already:
            return "Your email address was already confirmed. Your seat is yours."
        return "Thank you: your email address is confirmed and your seat is yours."
    if already:
        return "This registration was already cancelled (or had expired). Nothing changed."
    return "Your registration is cancelled. Thank you for letting us know."
