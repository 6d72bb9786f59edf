"""Parties of a case and its timeline of notes and activities (append-only)."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from dialog_platform.auth import Principal
from dialog_platform.clock import utc_now

from ..domain.errors import InvalidRequest, TransitionRefused
from ..domain.workflow import OPEN_STATUSES
from ..models import OrganisationCopy, Party, TimelineEntry
from ..queries import get_case
from . import audit


def list_parties(session: Session, actor: Principal, case_id: uuid.UUID) -> list[Party]:
    case = get_case(session, case_id)
    audit.record(session, actor, "parties.read", case.id)
    return list(case.parties)


def add_party(session: Session, actor: Principal, case_id: uuid.UUID, **fields) -> Party:
    case = get_case(session, case_id)
    if case.status not in OPEN_STATUSES:
        raise TransitionRefused("Parties can only be added while the case is open.")
    organisation_id = fields.get("organisation_id")
    if organisation_id is not None:
        if fields["kind"] != "organisation":
            raise InvalidRequest("organisation_id", "Only an organisation party can name one.")
        organisation = session.get(OrganisationCopy, organisation_id)
        if organisation is None:
            raise InvalidRequest(
                "organisation_id", "There is no organisation with this id in the directory."
            )
        fields["name"] = fields.get("name") or organisation.name
    if not fields.get("name"):
        raise InvalidRequest("name", "Please give the party's name.")
    party = Party(case_id=case.id, created_at=utc_now(), **fields)
    session.add(party)
    session.flush()
    audit.record(session, actor, "party.added", case.id, party.id, detail=party.kind)
    return party


def read_timeline(session: Session, actor: Principal, case_id: uuid.UUID) -> list[TimelineEntry]:
    """Every entry, oldest first; the read itself is audited."""
    case = get_case(session, case_id)
    audit.record(session, actor, "notes.read", case.id)
    return list(
        session.scalars(
            select(TimelineEntry)
            .where(TimelineEntry.case_id == case.id)
            .order_by(TimelineEntry.created_at, TimelineEntry.id)
        )
    )


def add_entry(
    session: Session,
    actor: Principal,
    case_id: uuid.UUID,
    kind: str,
    body: str,
    corrects_id: uuid.UUID | None = None,
) -> TimelineEntry:
    case = get_case(session, case_id)
    if corrects_id is not None:
        corrected = session.get(TimelineEntry, corrects_id)
        if corrected is None or corrected.case_id != case.id:
            raise InvalidRequest("corrects_id", "There is no entry with this id in this case.")
    entry = TimelineEntry(
        case_id=case.id,
        kind=kind,
        body=body,
        corrects_id=corrects_id,
        author_subject=actor.subject,
        author_name=actor.name,
        created_at=utc_now(),
    )
    session.add(entry)
    session.flush()
    action = "note.corrected" if corrects_id else "note.added"
    audit.record(session, actor, action, case.id, entry.id, detail=kind)
    return entry
