"""Check-in by staff: attended or no-show."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from ..domain.states import RegistrationStatus, advance
from ..messaging import publications
from ..models import Registration
from .seats import lock_event, locked_registrations
from .signup import find_registration


def check_in(
    session: Session, registration_id: uuid.UUID, status: str, now: datetime | None = None
) -> Registration:
    """Record whether the person came (``attended``) or not (``no_show``)."""
    event = lock_event(session, find_registration(session, registration_id).event_id)
    (registration,) = locked_registrations(session, Registration.id == registration_id)
    if registration.status == status:
        return registration
    advance(registration, RegistrationStatus(status))
    registration.checked_in_at = now or datetime.now(UTC)
    session.flush()
    publications.registration_checked_in(session, registration, event)
    return registration
