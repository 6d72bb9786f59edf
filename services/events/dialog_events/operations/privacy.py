"""A person's erasure (Art. 17) and access export (Art. 15) in the events service: their
delegate and contact-person entries. The messaging side (the request, the outbox and dead
letters, the answer) is ``dialog_platform.privacy``'s; see messaging/handlers.py."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from dialog_platform.privacy import PersonKeys

from ..models import ContactPerson, Delegate
from ..queries.people import contact_persons_of, delegates_of
from ..queries.round_tables import get_round_table
from . import round_tables


def erase_person(session: Session, person: PersonKeys) -> dict[str, int]:
    """Delete the person's delegate and contact-person entries; how many of each.

    Deleted, not pseudonymised: such a row is nothing but the person's name, role and channels.
    What the programme's history needs stays: the membership it belonged to (organisation,
    joined, left), so members and their counts are as before; a delegate deleted from a
    current membership is no longer invited: each round table that loses a current delegate is
    told as changed (``events.round_table.updated`` without them).
    """
    delegates = delegates_of(session, person)
    contacts = contact_persons_of(session, person)
    tables = {d.membership.round_table_id for d in delegates if d.membership.left_at is None}
    for row in (*delegates, *contacts):
        session.delete(row)
    session.flush()
    for round_table_id in sorted(tables):
        round_table = get_round_table(session, round_table_id, lock=True)
        session.expire(round_table)
        round_tables.changed(session, round_table)
    return {"delegates": len(delegates), "contact_persons": len(contacts)}


def _person(row: Delegate | ContactPerson) -> dict[str, Any]:
    return {"name": row.name, "role": row.role, "email": row.email, "phone": row.phone}


def export_person(session: Session, person: PersonKeys) -> dict[str, list[dict]]:
    """What the events service holds about the person: each delegate entry with its
    organisation, round table and membership dates, each contact-person entry with its
    organisation and announcements consent."""
    delegates = []
    for delegate in delegates_of(session, person):
        membership = delegate.membership
        delegates.append(
            {
                "delegate_id": delegate.id,
                **_person(delegate),
                "language": delegate.language,
                "organisation": _named(membership.organisation),
                "round_table": _named(membership.round_table),
                "member_since": _iso(membership.joined_at),
                "member_until": _iso(membership.left_at),
            }
        )
    contacts = [
        {
            "contact_person_id": contact.id,
            **_person(contact),
            "organisation": _named(contact.organisation),
            "announcements_consented_at": _iso(contact.announcements_consented_at),
            "announcements_withdrawn_at": _iso(contact.announcements_withdrawn_at),
            "language": contact.language,
        }
        for contact in contact_persons_of(session, person)
    ]
    return {"delegates": delegates, "contact_persons": contacts}


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def _named(row: Any) -> dict[str, Any]:
    return {"id": row.id, "name": row.name}
