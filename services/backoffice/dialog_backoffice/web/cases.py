"""Case files, for mediators and admins only (staff get the refusal page): my cases, one case
with its parties, the timeline of notes and corrections, sessions and status. The mediation
service decides which case a person may open; its refusal is shown as a refusal page."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..clients.base import Conflict, Invalid
from .errors import sentence
from .identity import apis, roles_required

blueprint = Blueprint("cases", __name__, url_prefix="/cases")
CASEWORKERS = ("admin", "mediator")

CASE_STATUSES = {
    "new": _l("New"),
    "in_progress": _l("In progress"),
    "on_hold": _l("On hold"),
    "resolved": _l("Resolved"),
    "closed": _l("Closed"),
}
OUTCOMES = {
    "agreement_reached": _l("Agreement reached"),
    "partial_agreement": _l("Partial agreement"),
    "no_agreement": _l("No agreement"),
    "referred_elsewhere": _l("Referred elsewhere"),
}
CATEGORIES = {
    "cooperation_between_organisations": _l("Cooperation between organisations"),
    "rooms_and_resources": _l("Rooms and resources"),
    "recognition_and_funding": _l("Recognition and funding"),
    "conflict_within_organisation": _l("Conflict within an organisation"),
    "intercultural_or_interreligious_misunderstanding": _l(
        "Intercultural or interreligious misunderstanding"
    ),
    "other": _l("Other"),
}
ENTRY_KINDS = {
    "note": _l("Note"),
    "phone_call": _l("Phone call"),
    "meeting": _l("Meeting"),
    "email": _l("Email"),
    "letter": _l("Letter"),
    "other_activity": _l("Other activity"),
}


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


def _back(case_id, action, done: str):
    try:
        action()
    except (Invalid, Conflict) as error:
        flash(sentence(error), "error")
    else:
        flash(done, "success")
    return redirect(url_for("cases.show", case_id=case_id))


@blueprint.post("/<uuid:case_id>/notes")
@roles_required(*CASEWORKERS)
def add_note(case_id):
    kind = request.form.get("kind") if request.form.get("kind") in ENTRY_KINDS else "note"
    body = request.form.get("body", "").strip()
    if not body:
        flash(_("Please write the note first."), "error")
        return redirect(url_for("cases.show", case_id=case_id))
    return _back(
        case_id, lambda: apis().mediation.add_note(str(case_id), kind, body), _("Note added.")
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
