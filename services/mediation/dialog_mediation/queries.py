"""Read-only questions: a case or a session by id, the lists, and the funder's figures (no
personal data, small counts suppressed). Use cases read a case or session through them too."""

from __future__ import annotations

import uuid
from collections import Counter
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from dialog_platform.auth import Principal
from dialog_platform.db import get_one
from dialog_platform.figures import safe_total, suppress
from dialog_platform.privacy import PersonKeys

from .domain.access import Action, Grant, grant_of
from .domain.categories import CATEGORIES
from .domain.errors import NotFound
from .domain.figures import median_days, quarter_of
from .domain.workflow import CaseStatus, Outcome
from .models import (
    AuditEntry,
    Case,
    CaseMediator,
    MediationSession,
    OrganisationCopy,
    Party,
    TimelineEntry,
    session_attendance,
)


def get_case(session: Session, case_id: uuid.UUID) -> Case:
    return get_one(session, Case, case_id, NotFound("There is no case with this id."))


def get_session(session: Session, case_id: uuid.UUID, session_id: uuid.UUID) -> MediationSession:
    missing = NotFound("There is no session with this id in this case.")
    return get_one(
        session, MediationSession, session_id, missing, where=lambda s: s.case_id == case_id
    )


def list_sessions(session: Session, case_id: uuid.UUID) -> list[MediationSession]:
    """The case's sessions, earliest first."""
    get_case(session, case_id)
    return list(
        session.scalars(
            select(MediationSession)
            .where(MediationSession.case_id == case_id)
            .order_by(MediationSession.starts_at)
        )
    )


def parties_of(session: Session, person: PersonKeys) -> list[Party]:
    """Every party with the person's address or number (by keyed hashes), in any case."""
    query = select(Party).where(
        or_(
            Party.email_hash.in_(sorted(person.email_hashes)),
            Party.phone_hash.in_(sorted(person.phone_hashes)),
        )
    )
    return list(session.scalars(query.order_by(Party.created_at, Party.id)))


def sessions_with(session: Session, party: Party) -> list[MediationSession]:
    """The sessions the party was invited to, earliest first."""
    invited = select(session_attendance.c.session_id).where(
        session_attendance.c.party_id == party.id
    )
    query = select(MediationSession).where(MediationSession.id.in_(invited))
    return list(session.scalars(query.order_by(MediationSession.starts_at)))


def entries_of(session: Session, case_ids: list[uuid.UUID] | None = None) -> list[TimelineEntry]:
    """The entries not yet redacted, of those cases (None: of every case)."""
    query = select(TimelineEntry).where(TimelineEntry.redacted_at.is_(None))
    if case_ids is not None:
        query = query.where(TimelineEntry.case_id.in_(case_ids))
    return list(session.scalars(query.order_by(TimelineEntry.created_at, TimelineEntry.id)))


def closed_before(session: Session, day: date, limit: int | None = None) -> list[Case]:
    """Case files closed before ``day`` whose retention period has not been applied yet."""
    query = (
        select(Case)
        .where(
            Case.status == CaseStatus.CLOSED,
            Case.closed_on < day,
            Case.file_redacted_at.is_(None),
        )
        .order_by(Case.closed_on, Case.id)
        .limit(limit)
    )
    return list(session.scalars(query))


def list_cases(session: Session, viewer: Principal, status: str | None = None) -> list[Case]:
    """All cases, or only those assigned to the viewer when their grant is ``ASSIGNED``."""
    query = select(Case).options(selectinload(Case.mediators)).order_by(Case.opened_on.desc())
    if grant_of(viewer.roles, Action.LIST_CASES) == Grant.ASSIGNED:
        query = query.where(
            Case.id.in_(select(CaseMediator.case_id).where(CaseMediator.subject == viewer.subject))
        )
    if status:
        query = query.where(Case.status == CaseStatus(status))
    return list(session.scalars(query))


def assigned_subjects(session: Session, case_id: uuid.UUID) -> list[str] | None:
    """The subjects of the case's mediators; None when there is no such case."""
    if session.get(Case, case_id) is None:
        return None
    return list(
        session.scalars(select(CaseMediator.subject).where(CaseMediator.case_id == case_id))
    )


def audit_trail(
    session: Session, case_id: uuid.UUID | None = None, limit: int = 500
) -> list[AuditEntry]:
    query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
    if case_id is not None:
        query = query.where(AuditEntry.case_id == case_id)
    return list(session.scalars(query))


def organisations(session: Session) -> list[OrganisationCopy]:
    return list(session.scalars(select(OrganisationCopy).order_by(OrganisationCopy.name)))


def figures(session: Session, min_cell: int, year: int | None = None) -> dict:
    """Counts by category, status, outcome and quarter opened, and the median days to
    resolution, over the cases opened in ``year`` (or all). Only fixed vocabularies and counts."""
    rows = session.execute(
        select(Case.category, Case.status, Case.outcome, Case.opened_on, Case.resolved_on)
    ).all()
    if year is not None:
        rows = [row for row in rows if row.opened_on.year == year]
    by_category = Counter(row.category for row in rows)
    by_status = Counter(row.status.value for row in rows)
    by_outcome = Counter(row.outcome.value for row in rows if row.outcome is not None)
    by_quarter = Counter(quarter_of(row.opened_on) for row in rows)
    spans = [(row.resolved_on - row.opened_on).days for row in rows if row.resolved_on]

    def table(name: str, keys, counts: Counter) -> list[dict]:
        return [
            {name: cell["key"], "count": cell["count"], "suppressed": cell["suppressed"]}
            for cell in suppress({key: counts.get(key, 0) for key in keys}, min_cell)
        ]

    return {
        "year": year,
        "min_cell": min_cell,
        "total": safe_total(len(rows), min_cell),
        "by_category": table("category", CATEGORIES, by_category),
        "by_status": table("status", [s.value for s in CaseStatus], by_status),
        "by_outcome": table("outcome", [o.value for o in Outcome], by_outcome),
        "by_quarter": table("quarter", sorted(by_quarter), by_quarter),
        "median_days_to_resolution": median_days(spans, min_cell),
    }
