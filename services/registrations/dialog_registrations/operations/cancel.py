"""Cancelling: by the participant's link, by staff, or because the event was cancelled."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy.orm import Session

from dialog_platform.clock import utc_now

from ..domain.states import ENDED, SEATED, RegistrationStatus, advance
from ..messaging import publications
from ..models import EventCopy, Registration
from .seats import fill_free_seats, lock_registration, locked_registrations


def cancel_registration(
    session: Session,
    registration_id: uuid.UUID,
    by: str,
    reason: str = "",
    now: datetime | None = None,
) -> tuple[Registration, bool]:
    """Cancel one registration; a freed seat goes to the first waiting. Returns the
    registration and whether it had already ended (a second click changes nothing)."""
    now = now or utc_now()
    event, registration = lock_registration(session, registration_id, now)
    if registration.status in ENDED:
        return registration, True
    freed = registration.status in SEATED
    _cancel(session, registration, event, by, reason, now)
    if freed:
        fill_free_seats(session, event, now)
    return registration, False


def _cancel(
    session: Session,
    registration: Registration,
    event: EventCopy,
    by: str,
    reason: str,
    now: datetime,
) -> None:
    advance(registration, RegistrationStatus.CANCELLED)
    registration.cancelled_at = now
    registration.cancelled_by = by
    registration.cancel_reason = reason
    registration.waitlist_seq = None
    session.flush()
    publications.registration_cancelled(session, registration, event, by=by, reason=reason)


def cancel_all_for_event(session: Session, event: EventCopy, reason: str) -> int:
    """The event was cancelled: every open registration ends with the event's reason (an
    erased one stays as it was: it is only a figure now)."""
    now = utc_now()
    open_ones = locked_registrations(
        session,
        Registration.event_id == event.id,
        Registration.status.in_(
            [
                RegistrationStatus.PENDING,
                RegistrationStatus.CONFIRMED,
                RegistrationStatus.WAITLISTED,
            ]
        ),
        Registration.erased_at.is_(None),
    )
    for registration in open_ones:
        _cancel(session, registration, event, "event_cancelled", reason, now)
    return len(open_ones)
