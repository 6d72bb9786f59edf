"""Read-only questions about the contact point's log: one organisation's contacts, one entry,
and the follow-ups due."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.errors import ContactNotFound
from ..models import OrganisationContact
from .organisations import get_organisation


def get_contact(
    session: Session, organisation_id: uuid.UUID, contact_id: uuid.UUID, lock: bool = False
) -> OrganisationContact:
    query = select(OrganisationContact).where(
        OrganisationContact.id == contact_id,
        OrganisationContact.organisation_id == organisation_id,
    )
    contact = session.scalars(
        query.with_for_update(of=OrganisationContact) if lock else query
    ).first()
    if contact is None:
        raise ContactNotFound("There is no such contact in this organisation's log.")
    return contact


def contacts_of(session: Session, organisation_id: uuid.UUID) -> list[OrganisationContact]:
    """The organisation's log, latest first."""
    get_organisation(session, organisation_id)
    query = (
        select(OrganisationContact)
        .where(OrganisationContact.organisation_id == organisation_id)
        .order_by(OrganisationContact.happened_on.desc(), OrganisationContact.recorded_at.desc())
    )
    return list(session.scalars(query))


def due(session: Session, until: date) -> list[OrganisationContact]:
    """Open follow-ups due on or before ``until``, the most overdue first."""
    query = (
        select(OrganisationContact)
        .where(
            OrganisationContact.done_at.is_(None),
            OrganisationContact.follow_up_due.is_not(None),
            OrganisationContact.follow_up_due <= until,
        )
        .order_by(OrganisationContact.follow_up_due, OrganisationContact.recorded_at)
    )
    return list(session.scalars(query))
