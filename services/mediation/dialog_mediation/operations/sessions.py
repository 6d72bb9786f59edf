"""Sessions of a case: scheduling, rescheduling and cancelling each tell notifications; every
change of a session's status goes through ``domain.sessions.advance``."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from dialog_platform.auth import Principal
from dialog_platform.clock import utc_now

from ..domain.errors import InvalidRequest, TransitionRefused
from ..domain.sessions import SessionStatus, advance
from ..domain.workflow import OPEN_STATUSES
from ..messaging import publications
from ..models import MediationSession, Party, TimelineEntry
from ..queries import get_case, get_session
from . import audit
from .unchanged import update_if_unchanged

#: What a change of a session is conditional on: the status and version it was read with
#: (``advance`` gives the next version, so any change in between is seen).
READ = ("status", "version")


def _parties(session: Session, case_id: uuid.UUID, party_ids: list[uuid.UUID]) -> list[Party]:
    if not party_ids:
        raise InvalidRequest("party_ids", "Please choose at least one party to invite.")
    parties = list(
        session.scalars(select(Party).where(Party.case_id == case_id, Party.id.in_(party_ids)))
    )
    if len(parties) != len(set(party_ids)):
        raise InvalidRequest("party_ids", "Some of these parties do not belong to this case.")
    return parties


def _log(session: Session, actor: Principal, sess: MediationSession, what: str) -> None:
    when = sess.starts_at.isoformat(timespec="minutes")
    session.add(
        TimelineEntry(
            case_id=sess.case_id,
            kind="session",
            body=f"Session {what}: {when}, {sess.place}",
            author_subject=actor.subject,
            author_name=actor.name,
            created_at=utc_now(),
        )
    )


def _in_utc(fields: dict) -> dict:
    return {k: v.astimezone(UTC) if isinstance(v, datetime) else v for k, v in fields.items()}


def schedule_session(
    session: Session, actor: Principal, case_id: uuid.UUID, party_ids: list, **fields
) -> MediationSession:
    case = get_case(session, case_id)
    if case.status not in OPEN_STATUSES:
        raise TransitionRefused("Sessions can only be scheduled while the case is open.")
    scheduled = advance(None, SessionStatus.SCHEDULED)
    sess = MediationSession(case_id=case.id, **scheduled, **_in_utc(fields))
    sess.parties = _parties(session, case.id, party_ids)
    session.add(sess)
    session.flush()
    _log(session, actor, sess, "scheduled")
    audit.record(session, actor, "session.scheduled", case.id, sess.id)
    publications.session_scheduled(session, case, sess)
    return sess


def reschedule_session(
    session: Session,
    actor: Principal,
    case_id: uuid.UUID,
    session_id: uuid.UUID,
    party_ids: list | None = None,
    **fields,
) -> MediationSession:
    case = get_case(session, case_id)
    sess = get_session(session, case.id, session_id)
    rescheduled = advance(sess, SessionStatus.SCHEDULED)
    previous_starts_at, previous_place = sess.starts_at, sess.place
    if party_ids is not None:
        sess.parties = _parties(session, case.id, party_ids)
    update_if_unchanged(session, sess, rescheduled | _in_utc(fields), READ, "session")
    _log(session, actor, sess, "rescheduled")
    audit.record(session, actor, "session.rescheduled", case.id, sess.id)
    publications.session_rescheduled(session, case, sess, previous_starts_at, previous_place)
    return sess


def cancel_session(
    session: Session, actor: Principal, case_id: uuid.UUID, session_id: uuid.UUID
) -> MediationSession:
    case = get_case(session, case_id)
    sess = get_session(session, case.id, session_id)
    update_if_unchanged(session, sess, advance(sess, SessionStatus.CANCELLED), READ, "session")
    _log(session, actor, sess, "cancelled")
    audit.record(session, actor, "session.cancelled", case.id, sess.id)
    publications.session_cancelled(session, case, sess)
    return sess
