"""Read-only questions about the organisations directory: one organisation, and the search."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dialog_platform.db import get_one

from ..domain.errors import OrganisationNotFound
from ..models import Organisation, OrganisationTag
from ..models.organisations import OrganisationActivity, Recognition


def get_organisation(
    session: Session, organisation_id: uuid.UUID, lock: bool = False
) -> Organisation:
    """The organisation; ``lock`` for a change."""
    missing = OrganisationNotFound("There is no organisation with this id.")
    return get_one(session, Organisation, organisation_id, missing, lock=lock)


def search_organisations(
    session: Session,
    name: str | None = None,
    kind: str | None = None,
    city: str | None = None,
    tag: str | None = None,
    recognition: str | None = None,
    activity: str | None = None,
    archived: bool = False,
    page: int = 1,
    page_size: int = 50,
) -> list[Organisation]:
    """Organisations in the directory; ``archived``: the archived ones too."""
    query = select(Organisation).order_by(Organisation.name, Organisation.id)
    if not archived:
        query = query.where(Organisation.archived_at.is_(None))
    if name:
        escaped = name.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        query = query.where(func.lower(Organisation.name).like(f"%{escaped}%", escape="\\"))
    if kind:
        query = query.where(Organisation.kind == kind)
    if city:
        query = query.where(func.lower(Organisation.city) == city.strip().lower())
    if tag:
        tagged = select(OrganisationTag.organisation_id).where(
            OrganisationTag.tag == tag.strip().lower()
        )
        query = query.where(Organisation.id.in_(tagged))
    if activity:
        offering = select(OrganisationActivity.organisation_id).where(
            OrganisationActivity.code == activity
        )
        query = query.where(Organisation.id.in_(offering))
    if recognition:
        query = query.where(Organisation.recognition == Recognition(recognition))
    return list(session.scalars(query.limit(page_size).offset((page - 1) * page_size)))
