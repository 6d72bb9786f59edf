"""The end of a case file's retention: MEDIATION_RETENTION_DAYS after a case was closed, its
file loses what tells the story or names people (title, description, requester, every note as
a recorded redaction, the parties' channels and persons' names); what the funder's figures count
(category, status, outcome, dates) stays, so the figures do not change."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy.orm import Session

from dialog_platform.clock import today, utc_now

from ..domain.redaction import ERASED
from ..models import Case
from ..queries import closed_before, entries_of
from . import audit
from .redaction import RETENTION, erase_party, redact_entries

#: Case files per transaction.
BATCH = 50


def retention_cutoff(retention_days: int) -> date:
    """Files closed before this day are past their retention period."""
    return today() - timedelta(days=retention_days)


def _redact_file(session: Session, case: Case) -> dict[str, int]:
    case.title, case.description, case.requester_name = ERASED, "", ERASED
    case.file_redacted_at = utc_now()
    case.version += 1
    session.flush()
    parties = sum(erase_party(session, party, RETENTION, "retention") for party in case.parties)
    notes = redact_entries(session, entries_of(session, [case.id]), RETENTION, "retention")
    audit.record(
        session, RETENTION, "case.file_redacted", case.id, detail=f"notes={notes} parties={parties}"
    )
    return {"notes": notes, "parties": parties}


def redact_case_files(session: Session, retention_days: int, limit: int = BATCH) -> dict[str, int]:
    """Redact up to ``limit`` files past their retention period; how many files, notes and
    parties."""
    done = {"cases": 0, "notes": 0, "parties": 0}
    for case in closed_before(session, retention_cutoff(retention_days), limit):
        for kind, count in _redact_file(session, case).items():
            done[kind] += count
        done["cases"] += 1
    return done


def due_case_files(session: Session, retention_days: int) -> dict[str, int]:
    """What ``redact_case_files`` would redact now, counted without changing anything."""
    cases = closed_before(session, retention_cutoff(retention_days))
    parties = [
        party
        for case in cases
        for party in case.parties
        if party.email or party.phone or (party.kind == "person" and party.name != ERASED)
    ]
    notes = entries_of(session, [case.id for case in cases]) if cases else []
    return {"cases": len(cases), "notes": len(notes), "parties": len(parties)}
