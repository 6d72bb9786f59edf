"""The audit trail of the case files (admins only, read only): who read or changed what and
when, of all cases or one. The mediation service writes it; it has no free text of a case."""

from __future__ import annotations

import re

from flask import Blueprint, render_template, request

from .identity import apis, roles_required
from .labels import AUDIT_ACTIONS, CASE_STATUSES
from .parts import part

blueprint = Blueprint("audit", __name__, url_prefix="/cases/audit")

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
        actions=AUDIT_ACTIONS,
        readable_detail=readable_detail,
    )
