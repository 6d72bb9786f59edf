"""Read-only questions the registrations service answers."""

from __future__ import annotations

import csv
import io
import uuid

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dialog_platform.db import get_one

from .domain.errors import (
    EventNotFound,
    InvitationNotFound,
    RegistrationNotFound,
    SubscriptionNotFound,
)
from .domain.states import SEATED, RegistrationStatus
from .models import EventCopy, Invitation, Registration, Subscription


def open_event(session: Session, event_id: uuid.UUID) -> EventCopy | None:
    """The event as the sign-up form shows it; None unless it is published."""
    copy = session.get(EventCopy, event_id)
    return copy if copy is not None and copy.status == "published" else None


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


CSV_COLUMNS = (
    ("name", "Name"),
    ("email", "Email"),
    ("phone", "Phone"),
    ("organisation", "Organisation"),
    ("language", "Language"),
    ("status", "Status"),
    ("waitlist_position", "Waiting list position"),
    ("needs", "Needs"),
    ("sms_consent", "SMS consent"),
    ("created_at", "Signed up at (UTC)"),
    ("checked_in_at", "Checked in at (UTC)"),
)


def _cell(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.strftime("%Y-%m-%d %H:%M")
    text = str(value)
    # A cell starting with = + - @ would run as a formula in a spreadsheet: quote it away.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def registrations_csv(rows: list[dict], variant: str) -> bytes:
    """``excel``: UTF-8 with BOM and semicolons (German Excel); ``comma``: plain UTF-8 CSV."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";" if variant == "excel" else ",", lineterminator="\r\n")
    writer.writerow([title for _key, title in CSV_COLUMNS])
    for row in rows:
        writer.writerow([_cell(row[key]) for key, _title in CSV_COLUMNS])
    encoding = "utf-8-sig" if variant == "excel" else "utf-8"
    return buffer.getvalue().encode(encoding)
