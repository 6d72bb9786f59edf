"""Case files, for mediators and admins only (staff get the refusal page): my cases, one case
with its parties, the timeline of notes and corrections, sessions and status. The mediation
service decides which case a person may open; its refusal is shown as a refusal page."""

from __future__ import annotations

from flask import Blueprint, render_template, request, url_for
from flask_babel import gettext as _

from .actions import attempt
from .identity import CASEWORKERS, apis, roles_required
from .labels import CASE_STATUSES, ENTRY_KINDS, OUTCOMES

blueprint = Blueprint("cases", __name__, url_prefix="/cases")


@blueprint.get("")
@roles_required(*CASEWORKERS)
def index():
    status = request.args.get("status") if request.args.get("status") in CASE_STATUSES else None
    return render_template(
        "backoffice/cases.html",
        cases=apis().mediation.cases(status=status),
        statuses=CASE_STATUSES,
        args=request.args,
    )


@blueprint.get("/<uuid:case_id>")
@roles_required(*CASEWORKERS)
def show(case_id):
    mediation = apis().mediation
    case = mediation.case_details(str(case_id))  # 403 for another's case: the refusal page
    return render_template(
        "backoffice/case.html",
        case=case,
        parties=mediation.parties(str(case_id)),
        notes=mediation.notes(str(case_id)),
        sessions=mediation.sessions(str(case_id)),
        statuses=CASE_STATUSES,
        outcomes=OUTCOMES,
        kinds=ENTRY_KINDS,
    )


def _back(case_id, action, done: str, lacking: str | None = None):
    return attempt(url_for("cases.show", case_id=case_id), action, done, lacking)


@blueprint.post("/<uuid:case_id>/notes")
@roles_required(*CASEWORKERS)
def add_note(case_id):
    kind = request.form.get("kind") if request.form.get("kind") in ENTRY_KINDS else "note"
    body = request.form.get("body", "").strip()
    return _back(
        case_id,
        lambda: apis().mediation.add_note(str(case_id), kind, body),
        _("Note added."),
        None if body else _("Please write the note first."),
    )


@blueprint.post("/<uuid:case_id>/status")
@roles_required(*CASEWORKERS)
def change_status(case_id):
    transition = {"status": request.form.get("status", "")}
    if request.form.get("outcome"):
        transition["outcome"] = request.form["outcome"]
    if request.form.get("reason", "").strip():
        transition["reason"] = request.form["reason"].strip()
    return _back(
        case_id,
        lambda: apis().mediation.change_status(str(case_id), transition),
        _("The status of the case was changed."),
    )
