"""Read-only: the rows about one person (delegates, contact persons), found by the keyed hashes
of an erasure or export request, never by their address in clear."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from dialog_platform.privacy import PersonKeys

from ..models import ContactPerson, Delegate


def _of(session: Session, model: type, person: PersonKeys) -> list:
    query = select(model).where(
        or_(
            model.email_hash.in_(sorted(person.email_hashes)),
            model.phone_hash.in_(sorted(person.phone_hashes)),
        )
    )
    return list(session.scalars(query.order_by(model.id)))


def delegates_of(session: Session, person: PersonKeys) -> list[Delegate]:
    """Every delegate entry with the person's address or number, of current and past members."""
    return _of(session, Delegate, person)


def contact_persons_of(session: Session, person: PersonKeys) -> list[ContactPerson]:
    return _of(session, ContactPerson, person)
