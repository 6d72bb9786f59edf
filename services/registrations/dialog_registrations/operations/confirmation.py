"""Asking again for the "please confirm" mail: a new sign-up with the same address whose
registration still waits for its confirmation sends the mail once more, a few times at most."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ..domain.confirmation import may_request_again, must_confirm
from ..domain.states import RegistrationStatus
from ..messaging import publications
from ..models import EventCopy, Registration

#: States in which a registration may still confirm its address.
CONFIRMABLE = frozenset({RegistrationStatus.PENDING, RegistrationStatus.WAITLISTED})


def request_confirmation_again(
    session: Session, registration: Registration, event: EventCopy
) -> bool | None:
    """None when there is nothing to confirm; True when the mail goes again
    (``registrations.registration.confirmation_requested``); False once the limit is reached."""
    if registration.status not in CONFIRMABLE or not must_confirm(
        event.requires_email_confirmation, registration.source, registration.email_confirmed_at
    ):
        return None
    if not may_request_again(registration.confirmation_requests or 0):
        return False
    registration.confirmation_requests = (registration.confirmation_requests or 0) + 1
    session.flush()
    publications.registration_confirmation_requested(session, registration, event)
    return True
