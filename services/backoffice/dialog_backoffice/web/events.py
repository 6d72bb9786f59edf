"""Events: the list with filters, create and edit (errors next to the fields), publish, move,
cancel with a reason, complete."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..clients.base import Conflict, Invalid
from .errors import sentence
from .event_form import (
    CHANNELS,
    EVENT_LANGUAGES,
    EVENT_STATUSES,
    EVENT_TYPES,
    REMINDER_ROWS,
    changes_of,
    field_errors,
    form_of,
    payload_of,
    values_of,
)
from .i18n import from_local_input, parse_instant
from .identity import apis, roles_required

blueprint = Blueprint("events", __name__, url_prefix="/events")
PLANNERS = ("admin", "staff")


def _form_page(event: dict | None, values: dict, errors: dict, status: int = 200):
    return render_template(
        "backoffice/event_form.html",
        event=event,
        values=values,
        errors=errors,
        types=EVENT_TYPES,
        event_languages=EVENT_LANGUAGES,
        channels=CHANNELS,
        reminder_rows=REMINDER_ROWS,
    ), status


def _filtered(events: list[dict], args) -> list[dict]:
    text = args.get("q", "").strip().lower()
    kind = args.get("type", "")
    start = from_local_input(args.get("from", "") + "T00:00") if args.get("from") else None
    end = from_local_input(args.get("until", "") + "T23:59") if args.get("until") else None
    return [
        e
        for e in events
        if (not text or text in e["title"].lower())
        and (not kind or e["type"] == kind)
        and (not start or parse_instant(e["starts_at"]) >= parse_instant(start))
        and (not end or parse_instant(e["starts_at"]) <= parse_instant(end))
    ]


@blueprint.get("")
def index():
    page = request.args.get("page", "1")
    page = int(page) if page.isdigit() and int(page) > 0 else 1
    status = request.args.get("status") if request.args.get("status") in EVENT_STATUSES else None
    try:
        listed = apis().events.events(status=status, page=page, page_size=50)
        events = _filtered(listed, request.args)
    except ValueError:  # a date filter that is not a date
        listed, events = [], []
        flash(_("Please give the dates of the filter as dates."), "error")
    return render_template(
        "backoffice/events.html",
        events=events,
        page=page,
        more=len(listed) == 50,
        types=EVENT_TYPES,
        statuses=EVENT_STATUSES,
        args=request.args,
    )


@blueprint.route("/new", methods=["GET", "POST"])
@roles_required(*PLANNERS)
def create():
    if request.method == "GET":
        return _form_page(None, form_of(None), {})
    payload, errors = payload_of(request.form)
    if not errors:
        try:
            event = apis().events.create_event(payload)
        except Invalid as error:
            errors = field_errors(error.errors) or {"_schema": [sentence(error)]}
        else:
            flash(_("The event was saved as a draft. Publish it when it is ready."), "success")
            return redirect(url_for("events.show", event_id=event["id"]))
    return _form_page(None, values_of(request.form), errors, 422)


@blueprint.get("/<uuid:event_id>")
def show(event_id):
    event = apis().events.event(str(event_id))
    return render_template(
        "backoffice/event.html",
        event=event,
        types=EVENT_TYPES,
        statuses=EVENT_STATUSES,
        channels=CHANNELS,
    )


@blueprint.route("/<uuid:event_id>/edit", methods=["GET", "POST"])
@roles_required(*PLANNERS)
def edit(event_id):
    event = apis().events.event(str(event_id))
    if request.method == "GET":
        return _form_page(event, form_of(event), {})
    payload, errors = payload_of(request.form)
    if not errors:
        try:
            apis().events.update_event(str(event_id), changes_of(payload, event))
        except (Invalid, Conflict) as error:
            errors = field_errors(error.errors) or {"_schema": [sentence(error)]}
        else:
            flash(_("Your changes were saved."), "success")
            return redirect(url_for("events.show", event_id=event_id))
    return _form_page(event, values_of(request.form), errors, 422)


def _act(event_id, action, done: str):
    """Run an action on the event; its refusal is shown as a sentence on the event's page."""
    try:
        action()
    except (Invalid, Conflict) as error:
        flash(sentence(error), "error")
    else:
        flash(done, "success")
    return redirect(url_for("events.show", event_id=event_id))


@blueprint.post("/<uuid:event_id>/publish")
@roles_required(*PLANNERS)
def publish(event_id):
    return _act(
        event_id,
        lambda: apis().events.publish_event(str(event_id)),
        _("The event is published: people can now sign up."),
    )


@blueprint.post("/<uuid:event_id>/move")
@roles_required(*PLANNERS)
def move(event_id):
    try:
        times = {
            "starts_at": from_local_input(request.form.get("starts_at", "")),
            "ends_at": from_local_input(request.form.get("ends_at", "")),
        }
    except ValueError:
        times = {}
    if not all(times.values()) or not times:
        flash(_("Please give the new start and end as a date and a time."), "error")
        return redirect(url_for("events.show", event_id=event_id))
    return _act(
        event_id,
        lambda: apis().events.update_event(str(event_id), times),
        _("The event was moved. Everyone registered is told the new time."),
    )


@blueprint.post("/<uuid:event_id>/cancel")
@roles_required(*PLANNERS)
def cancel(event_id):
    reason = request.form.get("reason", "").strip()
    if not reason:
        flash(_("Please give a reason: it is told to everyone registered."), "error")
        return redirect(url_for("events.show", event_id=event_id))
    return _act(
        event_id,
        lambda: apis().events.cancel_event(str(event_id), reason),
        _("The event is cancelled. Everyone registered is told why."),
    )


@blueprint.post("/<uuid:event_id>/complete")
@roles_required(*PLANNERS)
def complete(event_id):
    return _act(
        event_id,
        lambda: apis().events.complete_event(str(event_id)),
        _("The event is marked as completed."),
    )
