"""The registrations' yearly report, counted from what is kept without personal data:
statuses and seats (which erasure and retention keep), the participants' marks of erased
registrations and, for those not erased yet, the same marks made at the time."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dialog_platform.locale import BERLIN

from .domain.report import COUNTED, HeldEvent, yearly_figures
from .domain.states import RegistrationStatus
from .models import EventCopy, Invitation, ParticipantMark, Registration, ReportSalt
from .operations.report import identity, mark_of


def events_of_year(session: Session, year: int) -> list[EventCopy]:
    """Events that started (Berlin time) in ``year`` and were not cancelled."""
    start = datetime(year, 1, 1, tzinfo=BERLIN).astimezone(UTC)
    end = datetime(year + 1, 1, 1, tzinfo=BERLIN).astimezone(UTC)
    query = select(EventCopy).where(
        EventCopy.starts_at >= start,
        EventCopy.starts_at < end,
        EventCopy.status.in_(["published", "completed"]),
    )
    return list(session.scalars(query))


def yearly_report(session: Session, year: int, min_cell: int) -> dict:
    events = {event.id: event for event in events_of_year(session, year)}
    ids = list(events)
    taken = Counter(
        dict(
            session.execute(
                select(Registration.event_id, func.count())
                .where(Registration.event_id.in_(ids), Registration.status.in_(COUNTED))
                .group_by(Registration.event_id)
            ).all()
        )
    )
    held = [
        HeldEvent(e.type, e.starts_at.astimezone(BERLIN).strftime("%Y-%m"), e.capacity, taken[e.id])
        for e in events.values()
    ]
    attendance = Counter(
        dict(
            session.execute(
                select(Registration.status, func.count())
                .where(
                    Registration.event_id.in_(ids),
                    Registration.status.in_(
                        [RegistrationStatus.ATTENDED, RegistrationStatus.NO_SHOW]
                    ),
                )
                .group_by(Registration.status)
            ).all()
        )
    )
    invitations = Counter(
        dict(
            session.execute(
                select(Invitation.status, func.count())
                .where(Invitation.event_id.in_(ids))
                .group_by(Invitation.status)
            ).all()
        )
    )
    return yearly_figures(
        year, held, distinct_participants(session, year, ids), attendance, invitations, min_cell
    )


def distinct_participants(session: Session, year: int, event_ids: list) -> int:
    """People who took a place at an event of the year: the marks kept for erased ones and
    the same marks of those not erased yet, counted once each."""
    marks = set(session.scalars(select(ParticipantMark.mark).where(ParticipantMark.year == year)))
    live = session.scalars(
        select(Registration).where(
            Registration.event_id.in_(event_ids),
            Registration.status.in_(COUNTED),
            Registration.erased_at.is_(None),
        )
    ).all()
    if live:
        salt = session.get(ReportSalt, year)
        key = bytes.fromhex(salt.salt) if salt else None
        for registration in live:
            who = identity(registration)
            if who is not None:
                marks.add(mark_of(key, who) if key else who)
    return len(marks)
