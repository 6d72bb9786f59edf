"""Check-in by staff: attended or no-show, from shortly before the start to the end of the
event's day (``REGISTRATIONS_CHECKIN_BEFORE_MINUTES``), and undone the same way."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy.orm import Session

from dialog_platform.clock import utc_now
from dialog_platform.db import settings_of

from ..domain.checkin import check_in_allowed
from ..domain.states import RegistrationStatus, advance, check_transition
from ..messaging import publications
from ..models import Registration
from .seats import lock_registration

#: What undoing a check-in returns to.
UNDONE = RegistrationStatus.CONFIRMED


def check_in(
    session: Session, registration_id: uuid.UUID, status: str, now: datetime | None = None
) -> Registration:
    """Record whether the person came (``attended``) or not (``no_show``); ``confirmed``
    undoes a check-in. Each change publishes ``registrations.registration.checked_in`` with
    the new status; a check-in changes nothing else (every notice still reaches the person)."""
    now = now or utc_now()
    event, registration = lock_registration(session, registration_id, now)
    if registration.status == status:
        return registration
    check_transition(registration.status, status)  # the status's sentence comes first
    check_in_allowed(event.starts_at, event.ends_at, settings_of(session).checkin_before, now)
    advance(registration, RegistrationStatus(status))
    registration.checked_in_at = None if status == UNDONE else now
    session.flush()
    publications.registration_checked_in(session, registration, event)
    return registration


def undo_check_in(
    session: Session, registration_id: uuid.UUID, now: datetime | None = None
) -> Registration:
    """The person is seated again as before the check-in (attended or no-show by mistake)."""
    return check_in(session, registration_id, UNDONE, now)
