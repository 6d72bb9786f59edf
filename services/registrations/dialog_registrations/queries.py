"""Read-only questions the registrations service answers."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dialog_platform.db import get_one

from .domain.errors import (
    EventNotFound,
    InvitationNotFound,
    RegistrationNotFound,
    SignUpRefused,
    SubscriptionNotFound,
)
from .domain.seats import Window, check_open, free_seats
from .domain.states import SEATED, RegistrationStatus
from .models import EventCopy, Invitation, Registration, Subscription


def open_event(session: Session, event_id: uuid.UUID) -> EventCopy | None:
    """The event as the public sees it; None unless it is published and open to the public."""
    copy = session.get(EventCopy, event_id)
    if copy is None or copy.status != "published" or copy.access == "invitation":
        return None
    return copy


@dataclass(frozen=True)
class FormState:
    """What the sign-up page says before anyone types: whether it takes sign-ups now (else
    why not), and whether a new sign-up would go to the waiting list."""

    event: EventCopy
    refusal: SignUpRefused | None
    full: bool
    waiting: int


def form_state(session: Session, event_id: uuid.UUID, now: datetime) -> FormState | None:
    """None for an event the public may not see (unknown, draft, or by invitation only)."""
    copy = session.get(EventCopy, event_id)
    if copy is None or copy.status == "draft" or copy.access == "invitation":
        return None
    window = Window(
        copy.status, copy.starts_at, copy.registration_opens_at, copy.registration_closes_at
    )
    try:
        check_open(window, now)
        refusal = None
    except SignUpRefused as exc:
        refusal = exc
    counts = counts_of(session, event_id)
    free = free_seats(copy.capacity, counts["seated"])
    return FormState(copy, refusal, free == 0, counts["counts"]["waitlisted"])


def coming_events(
    session: Session, now: datetime, event_type: str | None = None, language: str | None = None
) -> list[EventCopy]:
    """Published events open to the public that have not started, soonest first; ``language``:
    only those where it is spoken (compared here: the list is a JSON column)."""
    query = select(EventCopy).where(
        EventCopy.status == "published",
        EventCopy.access != "invitation",
        EventCopy.starts_at > now,
    )
    if event_type:
        query = query.where(EventCopy.type == event_type)
    events = session.scalars(query.order_by(EventCopy.starts_at, EventCopy.id)).all()
    return [e for e in events if not language or language in (e.languages or [])]


def waitlist_position(session: Session, registration: Registration) -> int | None:
    """1-based place on the waiting list while waitlisted, else None."""
    if registration.status != RegistrationStatus.WAITLISTED:
        return None
    ahead = session.scalar(
        select(func.count())
        .select_from(Registration)
        .where(
            Registration.event_id == registration.event_id,
            Registration.status == RegistrationStatus.WAITLISTED,
            Registration.waitlist_seq < registration.waitlist_seq,
        )
    )
    return (ahead or 0) + 1


def event_copy(session: Session, event_id: uuid.UUID, lock: bool = False) -> EventCopy:
    missing = EventNotFound("There is no event with this id.")
    return get_one(session, EventCopy, event_id, missing, lock=lock)


def find_registration(session: Session, registration_id: uuid.UUID) -> Registration:
    missing = RegistrationNotFound("There is no such registration.")
    return get_one(session, Registration, registration_id, missing)


def find_invitation(session: Session, invitation_id: uuid.UUID) -> Invitation:
    return get_one(
        session, Invitation, invitation_id, InvitationNotFound("There is no such invitation.")
    )


def find_subscription(session: Session, subscription_id: uuid.UUID) -> Subscription:
    missing = SubscriptionNotFound("There is no such subscription.")
    return get_one(session, Subscription, subscription_id, missing)


def invitations_of(session: Session, event_id: uuid.UUID) -> list[Invitation]:
    """The meeting's invitations in the order they were sent."""
    event_copy(session, event_id)
    query = select(Invitation).where(Invitation.event_id == event_id)
    return list(session.scalars(query.order_by(Invitation.sent_at, Invitation.id)))


#: What staff see of a registration's consents, beside its columns.
CONSENT_FIELDS = ("sms_consent", "consent_text_version", "consent_given_at")


def registrations_of(
    session: Session, event_id: uuid.UUID, status: str | None = None
) -> list[dict]:
    """The event's registrations in sign-up order, each with its waiting-list position."""
    event_copy(session, event_id)
    query = select(Registration).where(Registration.event_id == event_id)
    if status:
        query = query.where(Registration.status == status)
    rows = session.scalars(query.order_by(Registration.created_at, Registration.id)).all()
    waiting = session.scalars(
        select(Registration.id)
        .where(
            Registration.event_id == event_id,
            Registration.status == RegistrationStatus.WAITLISTED,
        )
        .order_by(Registration.waitlist_seq)
    ).all()
    positions = {registration_id: n for n, registration_id in enumerate(waiting, start=1)}
    return [
        {
            **{c.key: getattr(row, c.key) for c in Registration.__table__.columns},
            **{name: getattr(row, name) for name in CONSENT_FIELDS},
            "waitlist_position": positions.get(row.id),
        }
        for row in rows
    ]


def counts_of(session: Session, event_id: uuid.UUID) -> dict:
    event = event_copy(session, event_id)
    counts = {status.value: 0 for status in RegistrationStatus}
    for status, number in session.execute(
        select(Registration.status, func.count())
        .where(Registration.event_id == event_id)
        .group_by(Registration.status)
    ):
        counts[status] = number
    seated = sum(counts[s] for s in SEATED)
    return {"counts": counts, "capacity": event.capacity, "seated": seated}
