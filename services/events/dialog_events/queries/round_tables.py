"""Read-only questions about round tables: one or all of them, a current membership, and the
meetings held and planned."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from dialog_platform.clock import utc_now
from dialog_platform.db import get_one

from ..domain.errors import MembershipNotFound, RoundTableNotFound
from ..models import Event, Membership, RoundTable


def get_round_table(session: Session, round_table_id: uuid.UUID, lock: bool = False) -> RoundTable:
    """The round table with its memberships; ``lock`` for a change of it, its members or its
    meetings (they take turns)."""
    missing = RoundTableNotFound("There is no round table with this id.")
    return get_one(session, RoundTable, round_table_id, missing, lock=lock)


def list_round_tables(session: Session) -> list[RoundTable]:
    return list(session.scalars(select(RoundTable).order_by(RoundTable.name, RoundTable.id)))


def current_membership(
    session: Session, round_table_id: uuid.UUID, membership_id: uuid.UUID
) -> Membership:
    """The membership, if it is of this round table and has not ended."""
    missing = MembershipNotFound("This organisation is not a current member of the round table.")
    return get_one(
        session,
        Membership,
        membership_id,
        missing,
        where=lambda m: m.round_table_id == round_table_id and not m.left_at,
    )


def meeting(session: Session, round_table_id: uuid.UUID, event_id: uuid.UUID) -> Event:
    """One meeting of the round table."""
    missing = RoundTableNotFound("This event is not a meeting of this round table.")
    return get_one(
        session, Event, event_id, missing, where=lambda e: e.round_table_id == round_table_id
    )


def meetings(session: Session, round_table_id: uuid.UUID) -> tuple[list[Event], list[Event]]:
    """(past, upcoming) meetings of the round table, each by start."""
    get_round_table(session, round_table_id)
    rows = session.scalars(
        select(Event).where(Event.round_table_id == round_table_id).order_by(Event.starts_at)
    ).all()
    now = utc_now()
    return [e for e in rows if e.ends_at < now], [e for e in rows if e.ends_at >= now]
