"""The organisations directory: add and change organisations and their contact persons; tell
mediation about it."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.orm import Session

from dialog_platform.clock import today, utc_now

from ..messaging import publications
from ..models import ContactPerson, Organisation, OrganisationTag
from ..models.organisations import Need, OrganisationActivity, Recognition, RecognitionChange
from ..queries.organisations import get_organisation
from .lists import rows_as_sent

#: A change of these is told to other services (they keep a copy of exactly these).
COPIED = ("name", "kind", "city")
#: What staff write of a contact person.
PERSON_FIELDS = ("name", "role", "email", "phone")
#: Written as given, else kept (else the default).
KEPT_FIELDS = ("language",)


def _contact_persons(organisation: Organisation, entries: list[dict]) -> list[ContactPerson]:
    """The organisation's contact persons as ``entries`` say (see ContactPersonSchema)."""

    def fill(row: ContactPerson, entry: dict) -> None:
        for name in PERSON_FIELDS:
            setattr(row, name, entry.get(name))
        row.role = row.role or ""
        for name in KEPT_FIELDS:
            if entry.get(name) is not None:
                setattr(row, name, entry[name])
        consent = entry.get("announcements_consent")
        if consent and row.announcements_consented_at is None:
            row.announcements_consented_at, row.announcements_withdrawn_at = utc_now(), None
        elif consent is False:
            row.announcements_consented_at = None

    return rows_as_sent(
        {person.id: person for person in organisation.contact_persons},
        entries,
        lambda: ContactPerson(id=uuid.uuid4(), language="de"),
        fill,
        "There is no other contact person with this id at this organisation.",
        "contact_persons",
    )


def _needs(organisation: Organisation, entries: list[dict]) -> list[Need]:
    """The needs assessment as ``entries`` say: a need named by ``id`` changed in place (its
    ``status_since`` moves to today when its status changes), the others new."""
    day = today()

    def fill(row: Need, entry: dict) -> dict | None:
        if "category" not in entry:  # a PATCH reads the list partially
            return {"category": ["Please say what kind of need this is."]}
        status = entry.get("status", "open")
        if row.status != status:
            row.status_since = day
        row.status = status
        row.category = entry["category"]
        row.description = entry.get("description", "")
        row.identified_on = entry.get("identified_on") or row.identified_on or day
        return None

    return rows_as_sent(
        {need.id: need for need in organisation.needs},
        entries,
        lambda: Need(id=uuid.uuid4(), status=None),
        fill,
        "There is no other need with this id here.",
        "needs",
    )


def _recognise(organisation: Organisation, status: str, since) -> None:
    """A new recognition status, kept in the history with the day it took effect."""
    if organisation.recognition is not None and organisation.recognition.value == status:
        return
    organisation.recognition = Recognition(status)
    if status == "none" and not organisation.recognition_history:
        return  # never applied: nothing to record
    organisation.recognition_history.append(
        RecognitionChange(
            id=uuid.uuid4(),
            status=status,
            since=since or today(),
            recorded_at=utc_now(),
        )
    )


def _apply(organisation: Organisation, values: dict[str, Any]) -> None:
    since = values.pop("recognition_since", None)
    for name, value in values.items():
        if name == "tags":
            tags = dict.fromkeys(tag.strip().lower() for tag in value if tag.strip())
            organisation.tag_rows = [OrganisationTag(tag=tag) for tag in tags]
        elif name == "activities":
            organisation.activity_rows = [
                OrganisationActivity(code=code) for code in sorted(set(value))
            ]
        elif name == "languages":
            organisation.languages = list(dict.fromkeys(c.strip().lower() for c in value))
        elif name == "needs":
            organisation.needs = _needs(organisation, value)
        elif name == "recognition":
            _recognise(organisation, value, since)
        elif name == "contact_persons":
            organisation.contact_persons = _contact_persons(organisation, value)
        else:
            setattr(organisation, name, value)


def create_organisation(session: Session, **values: Any) -> Organisation:
    organisation = Organisation(
        id=uuid.uuid4(),
        version=1,
        contact_persons=[],
        needs=[],
        recognition_history=[],
        recognition=None,
        languages=[],
    )
    values.setdefault("recognition", "none")
    _apply(organisation, values)
    session.add(organisation)
    session.flush()
    publications.organisation_created(session, organisation)
    return organisation


def archive_organisation(session: Session, organisation_id: uuid.UUID) -> Organisation:
    """Out of the lists (unless asked for) and of announcements; its history stays."""
    organisation = get_organisation(session, organisation_id, lock=True)
    if organisation.archived_at is None:
        organisation.archived_at = utc_now()
        session.flush()
    return organisation


def restore_organisation(session: Session, organisation_id: uuid.UUID) -> Organisation:
    organisation = get_organisation(session, organisation_id, lock=True)
    organisation.archived_at = None
    session.flush()
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
