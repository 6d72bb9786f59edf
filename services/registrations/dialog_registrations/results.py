"""What the JSON API answers after a sign-up or a link's action: the registration's state and
a plain sentence telling what happened and what comes next, in the language the caller chose
(``?lang=``, the language cookie or Accept-Language, as the pages; English when none)."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from .domain.states import RegistrationStatus
from .models import Registration
from .operations.signup import SignUpResult


def signup_body(result: SignUpResult) -> dict[str, Any]:
    """The answer to a sign-up (public or by staff), for ``RegistrationResultSchema``."""
    registration = result.registration
    sentences = [result_sentence(registration.status, result.waitlist_position)]
    if result.confirmation_resent is not None:
        sentences.append(resend_sentence(result.confirmation_resent))
    return {
        "registration_id": registration.id,
        "event_id": registration.event_id,
        "status": registration.status,
        "waitlist_position": result.waitlist_position,
        "created": result.created,
        "confirmation_resent": result.confirmation_resent,
        "message": " ".join(sentences),
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
        return _("Your seat is confirmed.")
    if status == RegistrationStatus.PENDING:
        return _(
            "Please confirm your email address with the link we have sent you; "
            "until then your seat is held for you."
        )
    if status == RegistrationStatus.WAITLISTED:
        return _(
            "The event is full. You are on the waiting list at position %(position)s; "
            "we will write to you when a seat becomes free.",
            position=waitlist_position,
        )
    return _("This registration has ended. To take part, please sign up again.")


def resend_sentence(resent: bool) -> str:
    if resent:
        return _("We are sending you the email with the confirmation link again.")
    return _(
        "We have already sent you the confirmation link several times, so we do not send it "
        "again. Please look in your spam folder, or contact the organisers."
    )


def link_sentence(action: str, status: str, already: bool) -> str:
    if action == "confirm":
        if already:
            return _("Your email address was already confirmed. Nothing has changed.")
        if status == RegistrationStatus.WAITLISTED:
            return _(
                "Thank you: your email address is confirmed. You are still on the waiting "
                "list; when a seat becomes free it is yours at once, and we will write to you."
            )
        return _("Thank you: your email address is confirmed and your seat is yours.")
    if already:
        return _("This registration was already cancelled. Nothing has changed.")
    return _("Your registration is cancelled. Thank you for letting us know.")
