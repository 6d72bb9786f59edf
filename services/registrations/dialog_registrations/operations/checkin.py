"""Check-in by staff: attended or no-show."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy.orm import Session

from dialog_platform.clock import utc_now

from ..domain.states import RegistrationStatus, advance
from ..messaging import publications
from ..models import Registration
from .seats import lock_registration


def check_in(
    session: Session, registration_id: uuid.UUID, status: str, now: datetime | None = None
) -> Registration:
    """Record whether the person came (``attended``) or not (``no_show``)."""
    now = now or utc_now()
    event, registration = lock_registration(session, registration_id, now)
    if registration.status == status:
        return registration
    advance(registration, RegistrationStatus(status))
    registration.checked_in_at = now
    session.flush()
    publications.registration_checked_in(session, registration, event)
    return registration
