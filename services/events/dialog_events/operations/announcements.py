"""Announcing an event to organisations of the directory: staff pick them by tag, city or
activity; their contact persons who agreed to announcements are written to in their language
(``events.event.announced``, the recipients sealed). Once per announcement id. The unsubscribe
link of an announcement withdraws that consent (``notifications.announcements.stopped``)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dialog_platform.clock import utc_now

from ..domain.errors import AnnouncementConflict, InvalidInput, TransitionRefused
from ..domain.lifecycle import EventStatus
from ..messaging import publications
from ..models import Announcement, ContactPerson, Organisation, OrganisationTag
from ..models.organisations import OrganisationActivity
from ..queries.events import get_event


def _picked(session: Session, tags: list, cities: list, activities: list) -> list[Organisation]:
    """Organisations in the directory (not archived) that match every criterion given."""
    query = select(Organisation).where(Organisation.archived_at.is_(None))
    if tags:
        query = query.where(
            Organisation.id.in_(
                select(OrganisationTag.organisation_id).where(OrganisationTag.tag.in_(tags))
            )
        )
    if cities:
        query = query.where(func.lower(Organisation.city).in_(cities))
    if activities:
        query = query.where(
            Organisation.id.in_(
                select(OrganisationActivity.organisation_id).where(
                    OrganisationActivity.code.in_(activities)
                )
            )
        )
    return list(session.scalars(query.order_by(Organisation.name, Organisation.id)))


def recipients_of(organisations: list[Organisation]) -> list[dict]:
    """Their contact persons who agreed to announcements and can be reached."""
    return [
        {
            "contact_person_id": person.id,
            "name": person.name,
            "email": person.email,
            "phone": person.phone,
            "language": person.language,
            "organisation_name": organisation.name,
        }
        for organisation in organisations
        for person in organisation.contact_persons
        if person.announcements_consented_at is not None and (person.email or person.phone)
    ]


def announce_event(
    session: Session,
    event_id: uuid.UUID,
    staff_subject: str,
    signup_base_url: str,
    values: dict,
) -> tuple[Announcement, bool]:
    """The announcement, and whether it is new (an id seen before is answered, not resent)."""
    event = get_event(session, event_id, lock=True)  # announcements of one event take turns
    known = session.get(Announcement, values["announcement_id"])
    if known is not None:
        if known.event_id != event.id:
            raise AnnouncementConflict("This announcement id was used for another event.")
        return known, False
    tags = sorted({t.strip().lower() for t in values.get("tags", []) if t.strip()})
    cities = sorted({c.strip().lower() for c in values.get("cities", []) if c.strip()})
    activities = sorted(set(values.get("activities", [])))
    if not (tags or cities or activities):
        raise InvalidInput(
            {"tags": ["Pick the organisations by at least one tag, city or activity."]}
        )
    now: datetime = utc_now()
    if (
        event.status is not EventStatus.PUBLISHED
        or event.access != "public"
        or event.ends_at <= now
    ):
        raise TransitionRefused(
            "Only a published public event that has not ended can be announced."
        )
    organisations = _picked(session, tags, cities, activities)
    recipients = recipients_of(organisations)
    announcement = Announcement(
        id=values["announcement_id"],
        event_id=event.id,
        tags=tags,
        cities=cities,
        activities=activities,
        organisations_count=len(organisations),
        recipients_count=len(recipients),
        staff_subject=staff_subject,
        announced_at=now,
    )
    session.add(announcement)
    session.flush()
    signup_url = f"{signup_base_url}/events/{event.id}"
    publications.event_announced(session, announcement.id, event, signup_url, recipients)
    return announcement, True


def withdraw_announcements_consent(
    session: Session, contact_person_id: uuid.UUID, at: datetime
) -> None:
    """The contact person unsubscribed (the link in an announcement) at ``at``: no more
    announcements to them, unless staff recorded their consent again since. Nothing to do for
    a person no longer in the directory (erased, or removed from their organisation)."""
    person = session.get(ContactPerson, contact_person_id)
    if person is None or person.announcements_consented_at is None:
        return
    if person.announcements_consented_at <= at:
        person.announcements_consented_at, person.announcements_withdrawn_at = None, at
