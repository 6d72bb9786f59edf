"""The event lock, releasing expired holds and promoting from the waiting list."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from dialog_platform.db import settings_of

from ..domain.confirmation import must_confirm
from ..domain.errors import PersonalDataErased
from ..domain.seats import promotions
from ..domain.states import RegistrationStatus, advance
from ..messaging import publications
from ..models import EventCopy, Registration
from ..queries import event_copy, find_registration
from .seat_counter import seats_and_waiting

ERASED = (
    "The personal details of this registration have been deleted; it cannot be changed any more."
)


def lock_event(session: Session, event_id: uuid.UUID) -> EventCopy:
    """The event's copy, locked until the transaction ends (the lock of its seats)."""
    return event_copy(session, event_id, lock=True)


def lock_registration(
    session: Session, registration_id: uuid.UUID, now: datetime
) -> tuple[EventCopy, Registration]:
    """A registration read fresh under its event's lock, once the event's holds that ran out
    are released: where every change of one registration starts."""
    event = lock_event(session, find_registration(session, registration_id).event_id)
    release_expired(session, event, now)
    (registration,) = locked_registrations(session, Registration.id == registration_id)
    if registration.erased_at is not None:
        raise PersonalDataErased(ERASED)
    return event, registration


def locked_registrations(session: Session, *conditions) -> list[Registration]:
    """Registrations read fresh (after the event lock), never from the session's stale copies."""
    return list(
        session.scalars(
            select(Registration).where(*conditions).execution_options(populate_existing=True)
        )
    )


def release_expired(session: Session, event: EventCopy, now: datetime) -> list[Registration]:
    """Pending seats not confirmed in time become expired; their seats go to the waiting list.
    An erased registration stays as it was (``lock_registration``): it is only a figure now."""
    expired = locked_registrations(
        session,
        Registration.event_id == event.id,
        Registration.status == RegistrationStatus.PENDING,
        Registration.hold_until <= now,
        Registration.erased_at.is_(None),
    )
    for registration in expired:
        advance(registration, RegistrationStatus.EXPIRED)
        registration.cancelled_at = now
        registration.cancelled_by = "expired"
        session.flush()
        publications.registration_cancelled(
            session,
            registration,
            event,
            by="expired",
            reason="The email address was not confirmed in time.",
        )
    if expired:
        fill_free_seats(session, event, now)
    return expired


def fill_free_seats(session: Session, event: EventCopy, now: datetime) -> list[Registration]:
    """Promote the first waiting, in order, into the free seats (the event must be locked);
    erased entries keep their place and are passed over. Where the event asks for a confirmed
    address and the person has not confirmed it while waiting, the seat is held for the
    confirmation (pending, with a hold deadline) as a new sign-up's: it never goes to an
    unconfirmed address."""
    if event.status != "published":
        return []
    session.flush()  # the counter holds every status change made so far
    count = promotions(event.capacity, *seats_and_waiting(session, event.id))
    if not count:
        return []
    promoted = list(
        session.scalars(
            select(Registration)
            .where(
                Registration.event_id == event.id,
                Registration.status == RegistrationStatus.WAITLISTED,
                Registration.erased_at.is_(None),
            )
            .order_by(Registration.waitlist_seq)
            .limit(count)  # erased entries count as waiting but are passed over
            .execution_options(populate_existing=True)
        )
    )
    for registration in promoted:
        registration.waitlist_seq = None
        if must_confirm(
            event.requires_email_confirmation, registration.source, registration.email_confirmed_at
        ):
            advance(registration, RegistrationStatus.PENDING)
            registration.hold_until = now + settings_of(session).confirm_within
        else:
            advance(registration, RegistrationStatus.CONFIRMED)
            registration.seated_at = now
    session.flush()
    for registration in promoted:
        publications.registration_promoted(session, registration, event)
    return promoted


def expire_holds(session: Session, now: datetime) -> int:
    """Release every pending seat whose hold ran out, event by event; returns how many."""
    event_ids = session.scalars(
        select(Registration.event_id)
        .where(
            Registration.status == RegistrationStatus.PENDING,
            Registration.hold_until <= now,
            Registration.erased_at.is_(None),
        )
        .distinct()
        .order_by(Registration.event_id)  # locks taken in one order everywhere: no deadlock
    ).all()
    released = 0
    for event_id in event_ids:
        released += len(release_expired(session, lock_event(session, event_id), now))
    return released
