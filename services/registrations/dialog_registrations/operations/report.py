"""The yearly report's memory of participants whose details are removed (erasure, retention):
before a registration loses its address, a mark of it is kept for the year of its event, so
that the number of distinct participants of a year stays the same.

A mark is an HMAC of the normalised address (or number) under the year's own random salt:
it is used for nothing else, is not linked to any event or registration, and cannot be turned
back into the address without the salt and a guess of the address."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from dialog_platform.locale import BERLIN
from dialog_platform.personal import normalise_email

from ..domain.report import COUNTED
from ..models import EventCopy, ParticipantMark, Registration, ReportSalt


def identity(registration: Registration) -> str | None:
    """Who a registration is, as the report tells people apart (None once erased)."""
    if registration.email:
        return "email:" + normalise_email(registration.email)
    return "phone:" + registration.phone if registration.phone else None


def year_salt(session: Session, year: int) -> bytes:
    """The salt of ``year``'s marks, made the first time it is needed."""
    row = session.get(ReportSalt, year)
    if row is None:
        row = ReportSalt(year=year, salt=secrets.token_hex(32))
        session.add(row)
        session.flush()
    return bytes.fromhex(row.salt)


def mark_of(salt: bytes, who: str) -> str:
    return hmac.new(salt, who.encode(), hashlib.sha256).hexdigest()


def keep_participant_marks(session: Session, registrations: Iterable[Registration]) -> int:
    """Before ``registrations`` lose their details: a mark for each that took a place; how
    many marks are new."""
    counted = [r for r in registrations if r.erased_at is None and r.status in COUNTED]
    starts = dict(
        session.execute(
            select(EventCopy.id, EventCopy.starts_at).where(
                EventCopy.id.in_({r.event_id for r in counted})
            )
        ).all()
    )
    new = 0
    for registration in counted:
        who = identity(registration)
        if who is None:
            continue
        year = starts[registration.event_id].astimezone(BERLIN).year
        mark = mark_of(year_salt(session, year), who)
        if session.get(ParticipantMark, (year, mark)) is None:
            session.add(ParticipantMark(year=year, mark=mark))
            new += 1
    session.flush()
    return new
