"""The contact point's log: record a contact with an organisation, change it, mark its
follow-up done."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.orm import Session

from dialog_platform.clock import utc_now

from ..domain.errors import InvalidInput
from ..models import OrganisationContact
from ..queries.contact_log import get_contact
from ..queries.organisations import get_organisation


def _check_person(organisation, contact_person_id: uuid.UUID | None) -> None:
    if contact_person_id is not None and all(
        person.id != contact_person_id for person in organisation.contact_persons
    ):
        raise InvalidInput(
            {"contact_person_id": ["There is no contact person with this id at this organisation."]}
        )


def record_contact(
    session: Session, organisation_id: uuid.UUID, staff_subject: str, values: dict[str, Any]
) -> OrganisationContact:
    """A contact taken by ``staff_subject`` (the staff token's subject)."""
    organisation = get_organisation(session, organisation_id)
    _check_person(organisation, values.get("contact_person_id"))
    done = values.pop("done", False)
    now = utc_now()
    contact = OrganisationContact(
        id=uuid.uuid4(),
        organisation_id=organisation.id,
        staff_subject=staff_subject,
        recorded_at=now,
        done_at=now if done else None,
        **values,
    )
    session.add(contact)
    session.flush()
    return contact


def change_contact(
    session: Session, organisation_id: uuid.UUID, contact_id: uuid.UUID, values: dict[str, Any]
) -> OrganisationContact:
    """Change an entry; ``done`` true marks its follow-up done (once, with the time), false
    opens it again."""
    contact = get_contact(session, organisation_id, contact_id, lock=True)
    if "contact_person_id" in values:
        _check_person(contact.organisation, values["contact_person_id"])
    done = values.pop("done", None)
    for name, value in values.items():
        setattr(contact, name, value)
    if done and contact.done_at is None:
        contact.done_at = utc_now()
    elif done is False:
        contact.done_at = None
    session.flush()
    return contact
