"""The audit trail of the case files (admins only, read only): who read or changed what and
when, of all cases or one. The mediation service writes it; it has no free text of a case."""

from __future__ import annotations

import re

from flask import Blueprint, render_template, request
from flask_babel import lazy_gettext as _l

from .cases import CASE_STATUSES
from .identity import apis, roles_required
from .parts import part

blueprint = Blueprint("audit", __name__, url_prefix="/cases/audit")

ACTIONS = {
    "case.opened": _l("opened the case"),
    "case.edited": _l("changed the case's details"),
    "case.details_read": _l("read the case's details"),
    "case.mediators_set": _l("assigned the mediators"),
    "case.status_changed": _l("changed the status"),
    "case.redacted": _l("blacked out the case's details"),
    "case.file_redacted": _l("blacked out the case file"),
    "parties.read": _l("read the parties"),
    "party.added": _l("added a party"),
    "party.erased": _l("erased a party's details"),
    "notes.read": _l("read the notes"),
    "note.added": _l("added a note"),
    "note.corrected": _l("corrected a note"),
    "note.redacted": _l("blacked out a note"),
    "session.scheduled": _l("planned a session"),
    "session.rescheduled": _l("moved a session"),
    "session.cancelled": _l("called off a session"),
}
TRANSITION = re.compile(r"(?P<before>[a-z_]+) -> (?P<after>[a-z_]+)")


def readable_detail(detail: str) -> str:
    """A status change ``new -> in_progress`` in words; any other detail as it is."""
    found = TRANSITION.fullmatch(detail or "")
    if found and found["before"] in CASE_STATUSES and found["after"] in CASE_STATUSES:
        return f"{CASE_STATUSES[found['before']]} → {CASE_STATUSES[found['after']]}"
    return detail or ""


@blueprint.get("")
@roles_required("admin")
def index():
    case_id = request.args.get("case_id") or None
    mediation = apis().mediation
    entries = mediation.audit(case_id=case_id)  # a case id that is not one: the service's 422
    references = part(lambda: {c["id"]: c for c in mediation.cases()}, {})
    return render_template(
        "backoffice/audit.html",
        entries=entries,
        case=(references.value or {}).get(case_id) if case_id else None,
        case_id=case_id,
        references=references.value or {},
        actions=ACTIONS,
        readable_detail=readable_detail,
    )
