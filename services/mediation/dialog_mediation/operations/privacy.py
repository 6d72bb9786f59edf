"""A person's erasure (Art. 17) and access export (Art. 15) in the mediation service. The
messaging side (the request, outbox and dead letters, the answer) is
``dialog_platform.privacy``'s; see messaging/handlers.py.

Erasure keeps the case files readable and the funder's figures as they were: the person's party
rows stay, without name and channels; wherever else a case names them (title, description,
requester) the name, address or number is replaced; a note that names them is redacted as a
whole (a recorded redaction: the notes are append-only). Each of these is in the audit trail.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from dialog_platform.personal import InvalidPhone, normalise_phone
from dialog_platform.privacy import PersonKeys

from ..domain.redaction import ERASED, Traces, traces_of
from ..models import Case
from ..queries import entries_of, parties_of, sessions_with
from . import audit
from .redaction import ERASURE, erase_party, redact_entries

#: A case's fields that may name people, and are edited, not redacted as a whole.
CASE_TEXTS = ("title", "description")


def _is_theirs(person: PersonKeys):
    """Whether an email- or phone-like token of a text is the person's address or number."""

    def check(token: str) -> bool:
        if "@" in token:
            return person.is_email(token)
        try:
            return person.is_phone(normalise_phone(token))
        except InvalidPhone:
            return False

    return check


def _erase_from_cases(session: Session, traces: Traces) -> int:
    """Take the person out of every case's title, description and requester; how many cases."""
    changed_cases = 0
    for case in session.scalars(select(Case).order_by(Case.id)):
        changed = [name for name in CASE_TEXTS if traces.found_in(getattr(case, name))]
        for name in changed:
            setattr(case, name, traces.taken_out_of(getattr(case, name)))
        if case.requester_name.strip().casefold() in {n.casefold() for n in traces.names}:
            case.requester_name = ERASED
            changed.append("requester_name")
        if changed:
            case.version += 1
            session.flush()
            audit.record(session, ERASURE, "case.redacted", case.id, detail=",".join(changed))
            changed_cases += 1
    return changed_cases


def erase_person(session: Session, person: PersonKeys) -> dict[str, int]:
    """Erase the person from every case file; how many parties, cases and notes changed."""
    parties = parties_of(session, person)
    names = [party.name for party in parties if party.kind == "person"]
    traces = traces_of(names, _is_theirs(person))
    erased = sum(erase_party(session, party, ERASURE, "erasure") for party in parties)
    cases = _erase_from_cases(session, traces)
    naming = [entry for entry in entries_of(session) if traces.found_in(entry.body)]
    notes = redact_entries(session, naming, ERASURE, "erasure")
    return {"parties": erased, "cases": cases, "notes": notes}


def export_person(session: Session, person: PersonKeys) -> dict[str, list[dict[str, Any]]]:
    """The person's party entries: the case's neutral reference, their role and channels, and
    the sessions they were invited to (times and places; times in ISO 8601). Nothing of other parties, and no
    notes: a case's notes are about all its parties and stay confidential (Art. 15(4))."""
    return {
        "parties": [
            {
                "party_id": party.id,
                "case_reference": party.case.reference,
                "kind": party.kind,
                "name": party.name,
                "role": party.role,
                "email": party.email,
                "phone": party.phone,
                "language": party.language,
                "added_at": party.created_at.isoformat(),
                "sessions": [
                    {
                        "starts_at": sess.starts_at.isoformat(),
                        "ends_at": sess.ends_at.isoformat(),
                        "place": sess.place,
                        "status": sess.status.value,
                    }
                    for sess in sessions_with(session, party)
                ],
            }
            for party in parties_of(session, person)
        ]
    }
