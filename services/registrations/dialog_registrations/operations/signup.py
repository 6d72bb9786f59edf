"""Signing up, and confirming the email address of a pending sign-up."""

from __future__ import annotations

import functools
import uuid
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Row, bindparam, exists, insert, select
from sqlalchemy.orm import Session, make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value

from dialog_platform.clock import utc_now
from dialog_platform.db import conflict_insert, settings_of
from dialog_platform.messaging.envelope import Envelope
from dialog_platform.messaging.outbox import take_back_from_outbox
from dialog_platform.personal import email_hashes, fill_lookup_hashes

from ..domain.consent import SOURCE_OF_SIGN_UP, purposes_of
from ..domain.errors import EventNotFound, TransitionRefused
from ..domain.seats import Window, check_access, check_open, placement
from ..domain.states import ENDED, RegistrationStatus, advance, describe
from ..messaging import publications
from ..models import Consent, EventCopy, Registration
from .confirmation import request_confirmation_again
from .consents import give_consents, new_consents
from .seat_counter import Place, counted_already, give_back, take_place
from .seats import lock_event, lock_registration, locked_registrations, release_expired


@dataclass(frozen=True)
class Applicant:
    """What a person gives when signing up (already validated and normalised)."""

    name: str
    #: None only for an invitation answered by a delegate reached by phone alone (the public
    #: form and API require an address).
    email: str | None
    language: str
    consent: bool
    phone: str | None = None
    organisation: str = ""
    needs: str = ""
    sms_consent: bool = False


@dataclass(frozen=True)
class SignUpResult:
    registration: Registration
    #: The event's copy as the sign-up read it: before the lock a row of its columns (the
    #: same names), under the lock the ``EventCopy``.
    event: EventCopy | Row
    #: False when the address was already registered: the existing registration is returned.
    created: bool
    waitlist_position: int | None
    #: For an existing registration still to confirm: True when the confirmation mail goes
    #: again, False once it has been asked for too often; None otherwise.
    confirmation_resent: bool | None = None
    #: The messages this sign-up wrote to the outbox.
    messages: list[Envelope] = field(default_factory=list)


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
    language the consent texts were shown in (else the applicant's).

    Everything that can be done before the event's lock is: the checks, the keyed hashes, the
    registration and its consents written, the contract validated and the outbox rows written
    for the place the event's counter shows. The seat decision (``seat_counter.take_place``),
    which takes the lock, comes last; only when the event filled up meanwhile are the rows
    written afresh, under the lock. An address already known, or holds that ran out, take the
    lock first (``_sign_up_locked``)."""
    assert applicant.consent, "the schema refuses a sign-up without consent"
    given_now = now
    now = now or utc_now()
    same_address = email_hashes(applicant.email) if applicant.email else []
    event, holds_ran_out, known_address = _look_before_locking(session, event_id, same_address, now)
    check_open(window_of(event), now)
    check_access(event.access, source)
    if holds_ran_out or known_address:
        return _sign_up_locked(
            session, event_id, applicant, source, skip_email_confirmation, given_now, shown_in
        )
    needs_confirmation = event.requires_email_confirmation and not skip_email_confirmation
    status = placement(event.capacity, event.seats_taken, needs_confirmation)

    def write(status: str, place: Place, at: datetime) -> SignUpResult | None:
        """The rows for ``place``; None when another request signed up the same address at
        this very moment (the unique index waited for it; nothing was written)."""
        return _write(
            session,
            event,
            None,
            applicant,
            source,
            status,
            place,
            skip_email_confirmation,
            at,
            shown_in,
            unless_same_address=True,
        )

    def locked() -> SignUpResult:
        return _sign_up_locked(
            session, event_id, applicant, source, skip_email_confirmation, given_now, shown_in
        )

    if status == RegistrationStatus.WAITLISTED:  # full: the number first, then the rows
        place = take_place(session, event.id, seat_first=False)
    else:  # the rows first, the seat last
        result = write(status, SEATED_PLACE, now)
        if result is None:
            return locked()
        place = take_place(session, event.id)
        if place.seated:
            return result
        _undo(session, result)  # the last seat went meanwhile: queued, the rows written anew
    status = (
        placement(None, 0, needs_confirmation) if place.seated else RegistrationStatus.WAITLISTED
    )
    result = write(status, place, given_now or utc_now())  # times follow the queue
    if result is None:
        give_back(session, event.id, place)
        return locked()
    return result


SEATED_PLACE = Place(seated=True)


def _look_before_locking(
    session: Session, event_id: uuid.UUID, same_address: list[str], now: datetime
) -> tuple[Row, bool, bool]:
    """The event's copy (unlocked: its columns, as ``EventCopy`` names them, without loading an
    entity into the session), whether it has holds that ran out and whether one of
    ``same_address`` (an address's hashes) is registered for it: one query."""
    parameters = {"event_id": event_id, "now": now}
    parameters |= {f"hash_{n}": value for n, value in enumerate(same_address)}
    row = session.connection().execute(_look_statement(len(same_address)), parameters).first()
    if row is None:
        raise EventNotFound("There is no event with this id.")
    return row, row.holds_ran_out, row.known_address


@functools.cache
def _look_statement(hashes: int):
    """``_look_before_locking``'s query for an address of ``hashes`` hashes (one per data key),
    built once: building it cost more than running it, and a list of a fixed length is not
    rendered again for each execution as an expanding ``IN`` is."""
    events, registrations = EventCopy.__table__, Registration.__table__.c
    of_event = registrations.event_id == events.c.id
    ran_out = exists().where(
        of_event,
        registrations.status == RegistrationStatus.PENDING,
        registrations.hold_until <= bindparam("now"),
        registrations.erased_at.is_(None),
    )
    same_address = [bindparam(f"hash_{n}") for n in range(hashes)]
    known = exists().where(of_event, registrations.email_hash.in_(same_address))
    return select(*events.c, ran_out.label("holds_ran_out"), known.label("known_address")).where(
        events.c.id == bindparam("event_id")
    )


def _sign_up_locked(
    session: Session,
    event_id: uuid.UUID,
    applicant: Applicant,
    source: str,
    skip_email_confirmation: bool,
    now: datetime | None,
    shown_in: str | None,
) -> SignUpResult:
    """The sign-up under the event's lock from the start: holds that ran out are released
    first, and an address already registered is read fresh (returned while it lasts, signed
    up afresh in its own row once it ended)."""
    event = lock_event(session, event_id)
    now = now or utc_now()  # taken under the lock: sign-up times follow queue order
    check_open(window_of(event), now)
    check_access(event.access, source)
    release_expired(session, event, now)
    existing = None
    same = applicant.email and locked_registrations(
        session,
        Registration.event_id == event.id,
        Registration.email_hash.in_(email_hashes(applicant.email)),
    )
    if same:
        (existing,) = same
        if existing.status not in ENDED:
            position = publications.waitlist_position(session, existing)
            resent = request_confirmation_again(session, existing, event)
            return SignUpResult(existing, event, False, position, resent)
    needs_confirmation = event.requires_email_confirmation and not skip_email_confirmation
    place = take_place(session, event.id)
    status = (
        placement(None, 0, needs_confirmation) if place.seated else RegistrationStatus.WAITLISTED
    )
    return _write(
        session,
        event,
        existing,
        applicant,
        source,
        status,
        place,
        skip_email_confirmation,
        now,
        shown_in,
    )


def _write(
    session: Session,
    event: EventCopy,
    registration: Registration | None,
    applicant: Applicant,
    source: str,
    status: str,
    place: Place,
    skip_email_confirmation: bool,
    now: datetime,
    shown_in: str | None,
    unless_same_address: bool = False,
) -> SignUpResult | None:
    """The registration (new, or the ended one of the same address), its consents and its
    messages, for ``status`` at ``place`` (``take_place`` moves the counter, not the flush).
    ``unless_same_address``: a new registration is written only if its address is not
    registered (None otherwise, nothing written) instead of failing on the unique index."""
    new = registration is None
    registration = registration or Registration(id=uuid.uuid4(), event_id=event.id)
    _fill(registration, applicant, source, now)
    advance(registration, status, signing_up=True)  # new, or the same address again
    purposes, consent_source = purposes_of(applicant.sms_consent), SOURCE_OF_SIGN_UP[source]
    shown = shown_in or applicant.language
    position = None
    if status == RegistrationStatus.WAITLISTED:
        registration.waitlist_seq = place.waitlist_seq
        position = place.waiting
    elif status == RegistrationStatus.PENDING:
        registration.hold_until = now + settings_of(session).confirm_within
    else:
        registration.seated_at = now
        registration.email_confirmed_at = now if skip_email_confirmation else None
    if new:
        consents = new_consents(session, purposes, consent_source, shown, now)
        if not _insert(session, registration, consents, unless_same_address):
            return None
    else:
        counted_already(session, registration)
        give_consents(session, registration, purposes, consent_source, shown, now)
        session.flush()
    messages = [publications.registration_created(session, registration, event, position)]
    if status == RegistrationStatus.CONFIRMED:
        messages.append(publications.registration_confirmed(session, registration, event))
    elif status == RegistrationStatus.WAITLISTED:
        messages.append(
            publications.registration_waitlisted(session, registration, event, position)
        )
    return SignUpResult(registration, event, True, position, messages=messages)


def _insert(
    session: Session, registration: Registration, consents: list[Consent], unless_taken: bool
) -> bool:
    """Write a new registration and its consents with one INSERT each (the unit of work cost
    more than both statements), then keep both in the session as if loaded, so that later
    changes flush as usual. The counter is not moved (``take_place`` does that).
    ``unless_taken``: nothing is written, and False returned, when the address is registered."""
    fill_lookup_hashes(registration)
    for key, value in _REGISTRATION_DEFAULTS.items():
        if getattr(registration, key) is None:
            setattr(registration, key, value)
    row = {key: getattr(registration, key) for key in _REGISTRATION_COLUMNS}
    connection = session.connection()
    inserted = connection.execute(_registration_insert(connection.dialect.name, unless_taken), row)
    if inserted.first() is None:
        return False
    for consent in consents:
        consent.registration_id = registration.id
    rows = [{key: getattr(c, key) for key in _CONSENT_COLUMNS} for c in consents]
    connection.execute(_INSERT_CONSENTS, rows[0] if len(rows) == 1 else rows)
    for instance in (registration, *consents):
        make_transient_to_detached(instance)
    set_committed_value(registration, "consents", consents)
    session.add(registration)  # and its consents: persistent, nothing left to flush
    return True


_REGISTRATION_COLUMNS = [c.key for c in Registration.__table__.columns]
_REGISTRATION_DEFAULTS = {
    c.key: c.default.arg
    for c in Registration.__table__.columns
    if c.default is not None and c.default.is_scalar
}
_CONSENT_COLUMNS = [c.key for c in Consent.__table__.columns]


@functools.cache
def _registration_insert(dialect: str, unless_taken: bool):
    """The registration's INSERT, built once per dialect (and whether the address may be
    taken already): each sign-up sends it."""
    statement = conflict_insert(dialect, Registration.__table__)
    if unless_taken:
        statement = statement.on_conflict_do_nothing(index_elements=["event_id", "email_hash"])
    return statement.returning(Registration.__table__.c.id)


_INSERT_CONSENTS = insert(Consent.__table__)


def _undo(session: Session, written: SignUpResult) -> None:
    """Take back what ``_write`` wrote for a seat that went to another sign-up meanwhile (its
    counter was never moved)."""
    registration = written.registration
    take_back_from_outbox(session, written.messages)
    for consent in registration.consents:
        session.delete(consent)
    counted_already(session, registration)
    session.delete(registration)
    session.flush()


def _fill(registration: Registration, applicant: Applicant, source: str, now: datetime) -> None:
    registration.name = applicant.name
    # its hash follows on flush (personal.py)
    registration.email = applicant.email.strip() if applicant.email else None
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
