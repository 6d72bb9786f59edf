"""Participants of an event: search and filter, the waiting list in order, cancel with a
reason, register someone on their behalf, check-in at the door (large targets, undo), and the
CSV export."""

from __future__ import annotations

import functools

from flask import Blueprint, Response, render_template, request, url_for
from flask_babel import gettext as _

from dialog_platform.locale import LANGUAGE_NAMES

from ..clients.base import NotFound
from .actions import attempt, saved
from .identity import STAFF, apis, roles_required
from .labels import REGISTRATION_STATUSES

blueprint = Blueprint("participants", __name__, url_prefix="/events/<uuid:event_id>")
#: Who may be checked in at the door (a seat still waiting for its email confirmation may not).
AT_THE_DOOR = ("confirmed", "attended", "no_show")


def _registrations(event_id) -> list[dict]:
    try:
        return apis().registrations.registrations(str(event_id))
    except NotFound:  # the event has not reached the registrations service yet
        return []


def _matching(registrations: list[dict], query: str) -> list[dict]:
    query = query.strip().lower()
    return [r for r in registrations if not query or query in (r.get("name") or "").lower()]


@blueprint.get("/participants")
@roles_required(*STAFF)
def index(event_id):
    event = apis().events.events.one(str(event_id))
    everyone = _registrations(event_id)
    status = request.args.get("status", "")
    shown = _matching(everyone, request.args.get("q", ""))
    if status in REGISTRATION_STATUSES:
        shown = [r for r in shown if r["status"] == status]
    waiting = sorted(
        (r for r in everyone if r["status"] == "waitlisted"),
        key=lambda r: r.get("waitlist_position") or 0,
    )
    return render_template(
        "backoffice/participants.html",
        event=event,
        registrations=shown,
        waiting=waiting,
        statuses=REGISTRATION_STATUSES,
        args=request.args,
        total=len(everyone),
    )


@blueprint.route("/participants/new", methods=["GET", "POST"])
@roles_required(*STAFF)
def register(event_id):
    event = apis().events.events.one(str(event_id))
    values = {"language": "de"} | request.form.to_dict()

    def page(errors: dict[str, list[str]]):
        shown = render_template(
            "backoffice/register.html",
            event=event,
            values=values,
            errors=errors,
            message_languages=LANGUAGE_NAMES,
        )
        return shown, (422 if errors else 200)

    if request.method == "GET":
        return page({})
    person = {
        key: values.get(key, "").strip()
        for key in ("name", "email", "phone", "organisation", "language", "needs")
    }
    person["consent"] = values.get("consent") == "on"
    person["sms_consent"] = values.get("sms_consent") == "on"
    return saved(
        lambda: apis().registrations.register(str(event_id), person),
        lambda result: result.get("message") or _("The person is registered."),
        lambda _result: url_for("participants.index", event_id=event_id),
        page,
    )


@blueprint.post("/participants/<uuid:registration_id>/cancel")
@roles_required(*STAFF)
def cancel(event_id, registration_id):
    reason = request.form.get("reason", "").strip()
    return attempt(
        url_for("participants.index", event_id=event_id),
        lambda: apis().registrations.registration.step(
            str(registration_id), "cancel", {"reason": reason}
        ),
        _("The registration is cancelled and the person is told why."),
        None if reason else _("Please give a reason: the person is told it."),
    )


@blueprint.get("/check-in")
@roles_required(*STAFF)
def door(event_id):
    event = apis().events.events.one(str(event_id))
    people = [r for r in _registrations(event_id) if r["status"] in AT_THE_DOOR]
    shown = sorted(_matching(people, request.args.get("q", "")), key=lambda r: r["name"] or "")
    return render_template(
        "backoffice/checkin.html",
        event=event,
        people=shown,
        arrived=sum(1 for r in people if r["status"] == "attended"),
        expected=len(people),
        statuses=REGISTRATION_STATUSES,
        args=request.args,
    )


@blueprint.post("/check-in/<uuid:registration_id>")
@roles_required(*STAFF)
def check_in(event_id, registration_id):
    name = request.form.get("name", "")
    registration = functools.partial(apis().registrations.registration.step, str(registration_id))
    if request.form.get("status") == "attended":
        action = lambda: registration("check-in", {"status": "attended"})  # noqa: E731
        done = _("%(name)s is checked in.", name=name)
    else:  # a check-in made by mistake: the person is expected again
        action = lambda: registration("check-in/undo")  # noqa: E731
        done = _("Undone: %(name)s is not checked in.", name=name)
    query = request.form.get("q") or None
    back = url_for("participants.door", event_id=event_id, q=query, _anchor=f"r-{registration_id}")
    return attempt(back, action, done)


@blueprint.get("/participants.csv")
@roles_required(*STAFF)
def export(event_id):
    variant = "comma" if request.args.get("variant") == "comma" else "excel"
    content, content_type = apis().registrations.export(str(event_id), variant)
    return Response(
        content,
        content_type=content_type,
        headers={"Content-Disposition": f'attachment; filename="participants-{event_id}.csv"'},
    )
