"""The organisations directory: add and change organisations; tell mediation about it."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.orm import Session

from ..messaging import publications
from ..models import Organisation, OrganisationTag
from ..models.organisations import Recognition
from ..queries.organisations import get_organisation

#: A change of these is told to other services (they keep a copy of exactly these).
COPIED = ("name", "kind", "city")


def _apply(organisation: Organisation, values: dict[str, Any]) -> None:
    for name, value in values.items():
        if name == "tags":
            tags = dict.fromkeys(tag.strip().lower() for tag in value if tag.strip())
            organisation.tag_rows = [OrganisationTag(tag=tag) for tag in tags]
        elif name == "recognition":
            organisation.recognition = Recognition(value)
        else:
            setattr(organisation, name, value)


def create_organisation(session: Session, **values: Any) -> Organisation:
    organisation = Organisation(id=uuid.uuid4(), version=1)
    _apply(organisation, values)
    session.add(organisation)
    session.flush()
    publications.organisation_created(session, organisation)
    return organisation


def update_organisation(
    session: Session, organisation_id: uuid.UUID, values: dict[str, Any]
) -> Organisation:
    """Change an organisation; a new name, kind or city is a new version, told to the others."""
    organisation = get_organisation(session, organisation_id, lock=True)
    copied_changed = any(
        name in values and values[name] != getattr(organisation, name) for name in COPIED
    )
    _apply(organisation, values)
    if copied_changed:
        organisation.version += 1
    session.flush()
    if copied_changed:
        publications.organisation_updated(session, organisation)
    return organisation
