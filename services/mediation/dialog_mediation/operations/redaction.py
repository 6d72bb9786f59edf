"""Taking personal data out of a case file without hiding that it happened: a note is
redacted (its body removed, when and by whom stamped, once; the database admits nothing else,
see maintenance.py), a party loses its channels (and a person their name), and each of these is
an entry of the audit trail. Used by erasure requests and by retention."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.orm import Session

from dialog_platform.auth import Principal
from dialog_platform.clock import utc_now

from ..domain.redaction import ERASED
from ..maintenance import maintenance
from ..models import Party, TimelineEntry
from . import audit

#: Who acts when no staff member does: an erasure request, the retention role.
ERASURE = Principal(subject="system:erasure", name="Erasure request", roles=frozenset())
RETENTION = Principal(subject="system:retention", name="Retention", roles=frozenset())


def redact_entries(
    session: Session, entries: Iterable[TimelineEntry], actor: Principal, reason: str
) -> int:
    """Redact the entries not yet redacted; how many."""
    pending = [entry for entry in entries if entry.redacted_at is None]
    if not pending:
        return 0
    now = utc_now()
    with maintenance(session, "redact"):
        for entry in pending:
            entry.body, entry.redacted_at, entry.redacted_by = None, now, actor.subject
        session.flush()
    for entry in pending:
        audit.record(session, actor, "note.redacted", entry.case_id, entry.id, detail=reason)
    return len(pending)


def erase_party(session: Session, party: Party, actor: Principal, reason: str) -> bool:
    """Remove the party's channels, and a person's name (an organisation keeps its own: it
    names no one); the row stays, so sessions and the case still read. Whether it changed."""
    name = ERASED if party.kind == "person" else party.name
    if (party.name, party.email, party.phone) == (name, None, None):
        return False
    party.name, party.email, party.phone = name, None, None
    session.flush()
    audit.record(session, actor, "party.erased", party.case_id, party.id, detail=reason)
    return True
