"""The seat counter on the event copy (``seats_taken``, ``waiting``, ``waitlist_tail``).

A sign-up takes its seat or its waiting-list number with one conditional ``UPDATE`` of the
counter (``take_place``): that statement takes the event's row lock, so it comes as late in the
sign-up's transaction as it can. Every other change of a registration's status (expiry,
promotion, cancellation, check-in, a new sign-up made under the lock) moves the counter through
the flush listener below, so the counter always equals counting the event's registrations.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import bindparam, event, inspect, or_, select, update
from sqlalchemy.orm import Session

from ..domain.states import SEATED, RegistrationStatus
from ..models import EventCopy, Registration

#: ``session.info`` key: ids of registrations whose status the counter already holds.
COUNTED = "registrations_seat_counted"
#: A seat freed and taken again between two of ``take_place``'s statements, this many times
#: in a row, cannot happen in practice; the bound only keeps the loop finite.
ATTEMPTS = 20

_counter = EventCopy.__table__.c


@dataclass(frozen=True)
class Place:
    """What a sign-up got: a seat, or a place at the end of the waiting list."""

    seated: bool
    #: How many wait now, this one included: its position when waitlisted.
    waiting: int | None = None
    #: Its waiting-list number when waitlisted.
    waitlist_seq: int | None = None


def take_place(session: Session, event_id: uuid.UUID, seat_first: bool = True) -> Place:
    """A seat while there is one, else the next waiting-list number, counted at once.
    ``seat_first``: try the seat first (False when the event looked full)."""
    for _ in range(ATTEMPTS):
        if seat_first and _take_seat(session, event_id):
            return Place(seated=True)
        queued = _join_waitlist(session, event_id)
        if queued is not None:
            return Place(seated=False, waiting=queued[0], waitlist_seq=queued[1])
        seat_first = True  # a seat came free in between
    raise RuntimeError(f"no place decided for event {event_id} in {ATTEMPTS} attempts")


def _take_seat(session: Session, event_id: uuid.UUID) -> bool:
    taken = session.connection().execute(_TAKE_SEAT, {"event_id": event_id})
    return taken.first() is not None


def _join_waitlist(session: Session, event_id: uuid.UUID) -> tuple[int, int] | None:
    joined = session.connection().execute(_JOIN_WAITLIST, {"event_id": event_id}).first()
    return None if joined is None else (joined[0], joined[1])


#: ``take_place``'s two statements, built once (each sign-up sends one or both).
_TAKE_SEAT = (
    update(EventCopy.__table__)
    .where(
        _counter.id == bindparam("event_id"),
        or_(_counter.capacity.is_(None), _counter.seats_taken < _counter.capacity),
    )
    .values(seats_taken=_counter.seats_taken + 1)
    .returning(_counter.seats_taken)
)
_JOIN_WAITLIST = (
    update(EventCopy.__table__)
    .where(
        _counter.id == bindparam("event_id"),
        _counter.capacity.is_not(None),
        _counter.seats_taken >= _counter.capacity,
    )
    .values(waiting=_counter.waiting + 1, waitlist_tail=_counter.waitlist_tail + 1)
    .returning(_counter.waiting, _counter.waitlist_tail)
)


def seats_and_waiting(session: Session, event_id: uuid.UUID) -> tuple[int, int]:
    """The seats taken and the number waiting, as the counter holds them now (read from the
    row, not the session's copy: the caller flushed its status changes)."""
    seated, waiting = session.execute(
        select(_counter.seats_taken, _counter.waiting).where(_counter.id == event_id)
    ).one()
    return seated, waiting


def give_back(session: Session, event_id: uuid.UUID, place: Place) -> None:
    """Undo ``take_place`` (the sign-up turned out to be a second one of the same address); a
    waiting-list number given stays used: the order only needs them to grow."""
    seated, waiting = (1, 0) if place.seated else (0, 1)
    _move(session, event_id, -seated, -waiting)


def _move(session: Session, event_id: uuid.UUID, seated: int, waiting: int) -> None:
    session.connection().execute(
        update(EventCopy.__table__)
        .where(_counter.id == event_id)
        .values(seats_taken=_counter.seats_taken + seated, waiting=_counter.waiting + waiting)
    )


def counted_already(session: Session, registration: Registration) -> None:
    """Its next flushed status change is already in the counter (``take_place`` counted it)."""
    session.info.setdefault(COUNTED, set()).add(registration.id)


def _weight(status: str | None) -> tuple[int, int]:
    return int(status in SEATED), int(status == RegistrationStatus.WAITLISTED)


@event.listens_for(Session, "before_flush")
def _count_status_changes(session: Session, _context, _instances) -> None:
    counted: set = session.info.get(COUNTED, set())
    moves: dict[uuid.UUID, list[int]] = defaultdict(lambda: [0, 0])

    def move(registration: Registration, before: str | None, after: str | None) -> None:
        if registration.id in counted:
            counted.discard(registration.id)
            return
        (seated_before, waiting_before), (seated, waiting) = _weight(before), _weight(after)
        moves[registration.event_id][0] += seated - seated_before
        moves[registration.event_id][1] += waiting - waiting_before

    for registration in session.new:
        if isinstance(registration, Registration):
            move(registration, None, registration.status)
    for registration in session.dirty:
        if isinstance(registration, Registration):
            history = inspect(registration).attrs.status.history
            if history.has_changes():
                before = history.deleted[0] if history.deleted else None
                move(registration, before, registration.status)
    for registration in session.deleted:
        if isinstance(registration, Registration):
            history = inspect(registration).attrs.status.history
            move(registration, (history.deleted or history.unchanged or [None])[0], None)
    for event_id, (seated, waiting) in moves.items():
        if seated or waiting:
            _move(session, event_id, seated, waiting)


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
def _forget_counted(session: Session) -> None:
    session.info.pop(COUNTED, None)
