"""Signing up, and confirming the email address of a pending sign-up."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from dialog_platform.clock import utc_now
from dialog_platform.db import settings_of
from dialog_platform.personal import email_hashes

from ..domain.consent import SOURCE_OF_SIGN_UP, purposes_of
from ..domain.errors import TransitionRefused
from ..domain.seats import Window, check_access, check_open, placement
from ..domain.states import ENDED, RegistrationStatus, advance, describe
from ..messaging import publications
from ..models import EventCopy, Registration
from .confirmation import request_confirmation_again
from .consents import give_consents
from .seats import lock_event, lock_registration, locked_registrations, release_expired, tally


@dataclass(frozen=True)
class Applicant:
    """What a person gives when signing up (already validated and normalised)."""

    name: str
    email: str
    language: str
    consent: bool
    phone: str | None = None
    organisation: str = ""
    needs: str = ""
    sms_consent: bool = False


@dataclass(frozen=True)
class SignUpResult:
    registration: Registration
    event: EventCopy
    #: False when the address was already registered: the existing registration is returned.
    created: bool
    waitlist_position: int | None
    #: For an existing registration still to confirm: True when the confirmation mail goes
    #: again, False once it has been asked for too often; None otherwise.
    confirmation_resent: bool | None = None


def window_of(event: EventCopy) -> Window:
    return Window(
        event.status, event.starts_at, event.registration_opens_at, event.registration_closes_at
    )


def sign_up(
    session: Session,
    event_id: uuid.UUID,
    applicant: Applicant,
    source: str,
    skip_email_confirmation: bool = False,
    now: datetime | None = None,
    shown_in: str | None = None,
) -> SignUpResult:
    """Give the applicant a seat, a held seat (to confirm by email) or a place in the queue.
    The same address for the same event returns its existing registration. ``shown_in``: the
    language the consent texts were shown in (else the applicant's)."""
    assert applicant.consent, "the schema refuses a sign-up without consent"
    event = lock_event(session, event_id)
    now = now or utc_now()  # taken under the lock: sign-up times follow queue order
    check_open(window_of(event), now)
    check_access(event.access, source)
    same_address = email_hashes(applicant.email)
    counted = tally(session, event.id, same_address, now)
    if counted.expired_holds:
        release_expired(session, event, now)
        counted = tally(session, event.id, same_address, now)
    existing = None
    if counted.same_email:
        (existing,) = locked_registrations(
            session, Registration.event_id == event.id, Registration.email_hash.in_(same_address)
        )
        if existing.status not in ENDED:
            position = publications.waitlist_position(session, existing)
            resent = request_confirmation_again(session, existing, event)
            return SignUpResult(existing, event, False, position, resent)
    needs_confirmation = event.requires_email_confirmation and not skip_email_confirmation
    status = placement(event.capacity, counted.seated, needs_confirmation)
    registration = existing or Registration(event_id=event.id)
    _fill(registration, applicant, source, now)
    advance(registration, status, signing_up=True)  # new, or the same address again
    give_consents(
        session,
        registration,
        purposes_of(applicant.sms_consent),
        SOURCE_OF_SIGN_UP[source],
        shown_in or applicant.language,
        now,
    )
    position = None
    if status == RegistrationStatus.WAITLISTED:
        registration.waitlist_seq = counted.last_in_queue + 1
        position = counted.waiting + 1
    elif status == RegistrationStatus.PENDING:
        registration.hold_until = now + settings_of(session).confirm_within
    else:
        registration.seated_at = now
        registration.email_confirmed_at = now if skip_email_confirmation else None
    session.add(registration)
    session.flush()
    publications.registration_created(session, registration, event, position)
    if status == RegistrationStatus.CONFIRMED:
        publications.registration_confirmed(session, registration, event)
    elif status == RegistrationStatus.WAITLISTED:
        publications.registration_waitlisted(session, registration, event, position)
    return SignUpResult(registration, event, True, position)


def _fill(registration: Registration, applicant: Applicant, source: str, now: datetime) -> None:
    registration.name = applicant.name
    registration.email = applicant.email.strip()  # its hash follows on flush (personal.py)
    registration.phone = applicant.phone
    registration.organisation = applicant.organisation
    registration.language = applicant.language
    registration.needs = applicant.needs
    registration.source = source
    registration.created_at = now
    for name in ("hold_until", "email_confirmed_at", "seated_at", "cancelled_at", "cancelled_by"):
        setattr(registration, name, None)
    registration.cancel_reason = ""
    registration.waitlist_seq = None


def already_confirmed(registration: Registration) -> bool:
    """Whether a confirm link has nothing left to do (its page says so at once)."""
    return registration.email_confirmed_at is not None or registration.status in (
        RegistrationStatus.CONFIRMED,
        RegistrationStatus.ATTENDED,
        RegistrationStatus.NO_SHOW,
    )


def confirm_email(
    session: Session, registration_id: uuid.UUID, now: datetime | None = None
) -> tuple[Registration, bool]:
    """Confirm a pending sign-up's address: the held seat becomes theirs; on the waiting list
    the address is confirmed and a free seat will be theirs at once. Returns the registration
    and whether it was already confirmed (a second click changes nothing)."""
    now = now or utc_now()
    event, registration = lock_registration(session, registration_id, now)
    if already_confirmed(registration):
        return registration, True
    if registration.status == RegistrationStatus.WAITLISTED:
        registration.email_confirmed_at = now
        session.flush()
        return registration, False
    if registration.status != RegistrationStatus.PENDING:
        raise TransitionRefused(
            f"This registration is {describe(registration.status)}; "
            "its email address cannot be confirmed now."
        )
    advance(registration, RegistrationStatus.CONFIRMED)
    registration.email_confirmed_at = now
    registration.seated_at = now
    registration.hold_until = None
    session.flush()
    publications.registration_confirmed(session, registration, event)
    return registration, False
