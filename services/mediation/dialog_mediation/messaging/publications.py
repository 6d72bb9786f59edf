"""One function per message the mediation service publishes; each writes to the outbox.

The messages carry no title, description, category or notes: only a neutral case reference
and, for sessions, what an invitation needs.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.orm import Session

from dialog_platform.messaging.outbox import add_to_outbox

from ..config import SERVICE
from ..models import Case, MediationSession


def session_snapshot(case: Case, sess: MediationSession) -> dict:
    return {
        "session_id": sess.id,
        "case_reference": case.reference,
        "version": sess.version,
        "starts_at": sess.starts_at.astimezone(UTC),
        "ends_at": sess.ends_at.astimezone(UTC),
        "place": sess.place,
        "parties": [
            {
                "party_id": party.id,
                "name": party.name,
                "email": party.email,
                "phone": party.phone,
                "language": party.language,
            }
            for party in sess.parties
        ],
    }


def session_scheduled(session: Session, case: Case, sess: MediationSession) -> None:
    add_to_outbox(session, SERVICE, "mediation.session.scheduled", session_snapshot(case, sess))


def session_rescheduled(
    session: Session,
    case: Case,
    sess: MediationSession,
    previous_starts_at: datetime,
    previous_place: str,
) -> None:
    data = session_snapshot(case, sess) | {
        "previous_starts_at": previous_starts_at.astimezone(UTC),
        "previous_place": previous_place,
    }
    add_to_outbox(session, SERVICE, "mediation.session.rescheduled", data)


def session_cancelled(session: Session, case: Case, sess: MediationSession) -> None:
    add_to_outbox(session, SERVICE, "mediation.session.cancelled", session_snapshot(case, sess))


def case_opened(session: Session, case: Case) -> None:
    data = {"case_id": case.id, "case_reference": case.reference, "opened_on": case.opened_on}
    add_to_outbox(session, SERVICE, "mediation.case.opened", data)


def case_closed(session: Session, case: Case) -> None:
    data = {"case_id": case.id, "case_reference": case.reference, "closed_on": case.closed_on}
    add_to_outbox(session, SERVICE, "mediation.case.closed", data)
